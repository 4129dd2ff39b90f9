// OAuth2 client-credentials grant (RFC 6749 §4.4) with the client authenticated by HTTP Basic (§2.3.1).
// The token is cached until shortly before `expires_in` runs out, and concurrent callers share one fetch.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { OAuthClientConfig } from '../../config/backend-config.ts';
import { BackendError } from '../errors.ts';
import { requestOnce, type TlsMaterial } from './https-transport.ts';

/** Refresh this long before the server's expiry, so a token never dies in flight. */
const EXPIRY_SKEW_MS = 30_000;

export class OAuthClient {
  private cached: { token: string; expiresAt: number } | null = null;
  private pending: Promise<string> | null = null;
  private readonly agent: http.Agent;
  /** Token fetches made (for tests and the bench: proves caching). */
  fetches = 0;

  constructor(
    private readonly config: OAuthClientConfig,
    private readonly options: { tls: TlsMaterial; timeoutMs: number; env?: NodeJS.ProcessEnv; now?: () => number },
  ) {
    const url = new URL(config.tokenUrl);
    const tls = options.tls;
    this.agent =
      url.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' })
        : new http.Agent({ keepAlive: true });
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private secret(): string {
    const { clientSecretFile, clientSecretEnv } = this.config;
    if (clientSecretFile) {
      try {
        return readFileSync(clientSecretFile, 'utf8').trim();
      } catch {
        throw new BackendError('CONFIG', 'OAuth client secret file not readable');
      }
    }
    const v = clientSecretEnv ? (this.options.env ?? process.env)[clientSecretEnv] : undefined;
    if (!v) throw new BackendError('CONFIG', `OAuth client secret variable ${clientSecretEnv ?? '(none)'} is not set`);
    return v;
  }

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EXPIRY_SKEW_MS > this.now()) return this.cached.token;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  invalidate(): void {
    this.cached = null;
  }

  private async fetchToken(): Promise<string> {
    this.fetches++;
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (this.config.scope) form.set('scope', this.config.scope);
    const basic = Buffer.from(
      `${encodeURIComponent(this.config.clientId)}:${encodeURIComponent(this.secret())}`,
      'utf8',
    ).toString('base64');
    const res = await requestOnce(
      new URL(this.config.tokenUrl),
      {
        method: 'POST',
        path: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, accept: 'application/json' },
        body: form.toString(),
      },
      this.agent,
      this.options.timeoutMs,
    );
    if (res.status === 400 || res.status === 401) throw new BackendError('AUTH', `token endpoint refused the client (${res.status})`, { status: res.status });
    if (res.status !== 200) throw new BackendError('HTTP_STATUS', `token endpoint answered ${res.status}`, { status: res.status });
    let json: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      json = JSON.parse(res.body) as typeof json;
    } catch {
      throw new BackendError('BAD_RESPONSE', 'token endpoint answered no JSON');
    }
    if (typeof json.access_token !== 'string' || (typeof json.token_type === 'string' && json.token_type.toLowerCase() !== 'bearer')) {
      throw new BackendError('BAD_RESPONSE', 'token endpoint answered no bearer token');
    }
    const life = typeof json.expires_in === 'number' ? json.expires_in * 1000 : 300_000;
    this.cached = { token: json.access_token, expiresAt: this.now() + life };
    return json.access_token;
  }

  close(): void {
    this.agent.destroy();
  }
}
