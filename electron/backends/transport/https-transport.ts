// HTTPS to a backend: the configured CA (else the system store), an optional client certificate (mTLS),
// an OAuth2 bearer token when configured, one deadline for the whole exchange, keep-alive connections.
// Plain http is accepted only for loopback (the simulators; enforced when the configuration is parsed).
// Nothing personal goes into a URL (checked) or into the request log (method, path, status, time only).
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { EndpointConfig } from '../../config/backend-config.ts';
import { looksLikeIdNumber } from '../../audit/personal-data.ts';
import { BackendError } from '../errors.ts';
import { OAuthClient } from './oauth-client.ts';

export interface HttpRequest {
  method: 'GET' | 'POST';
  /** Path under the endpoint's base URL, e.g. "/" or "/checkin"; never personal data. */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One line per exchange, safe to log: no bodies, no query strings, no tokens. */
export interface TransportLogEntry {
  method: string;
  url: string;
  status: number | null;
  ms: number;
  error: string | null;
}

export type TransportLogger = (entry: TransportLogEntry) => void;

export interface Transport {
  send(req: HttpRequest): Promise<HttpResponse>;
  close(): void;
}

export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

export function readTlsMaterial(tls: EndpointConfig['tls']): TlsMaterial {
  const read = (f: string | undefined, what: string): string | undefined => {
    if (!f) return undefined;
    try {
      return readFileSync(f, 'utf8');
    } catch {
      throw new BackendError('CONFIG', `${what} not readable: ${f}`);
    }
  };
  return { ca: read(tls.caFile, 'CA file'), cert: read(tls.certFile, 'client certificate'), key: read(tls.keyFile, 'client key') };
}

/** Sends one request with a deadline; shared by the transport and the OAuth client. */
export function requestOnce(
  url: URL,
  req: HttpRequest,
  agent: http.Agent,
  timeoutMs: number,
): Promise<HttpResponse> {
  if (looksLikeIdNumber(url.pathname + url.search)) {
    return Promise.reject(new BackendError('PERSONAL_DATA_IN_URL', 'refusing a URL that carries an ID-number-like value'));
  }
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise<HttpResponse>((resolve, reject) => {
    const body = req.body === undefined ? undefined : Buffer.from(req.body, 'utf8');
    const r = lib.request(
      url,
      {
        method: req.method,
        agent,
        headers: { ...(req.headers ?? {}), ...(body ? { 'content-length': String(body.length) } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (e) => {
          clearTimeout(timer);
          reject(new BackendError('NETWORK', `response interrupted: ${(e as NodeJS.ErrnoException).code ?? e.message}`, { cause: e }));
        });
      },
    );
    const timer = setTimeout(() => {
      r.destroy(new BackendError('TIMEOUT', `no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    r.on('error', (e) => {
      clearTimeout(timer);
      if (e instanceof BackendError) reject(e);
      else reject(new BackendError('NETWORK', `${(e as NodeJS.ErrnoException).code ?? e.message}`, { cause: e }));
    });
    r.end(body);
  });
}

export class HttpsTransport implements Transport {
  private readonly agent: http.Agent;
  private readonly base: URL;
  private readonly oauth: OAuthClient | null;

  constructor(
    private readonly endpoint: EndpointConfig,
    private readonly options: { logger?: TransportLogger; env?: NodeJS.ProcessEnv } = {},
  ) {
    this.base = new URL(endpoint.baseUrl.endsWith('/') ? endpoint.baseUrl : endpoint.baseUrl + '/');
    const tls = readTlsMaterial(endpoint.tls);
    this.agent =
      this.base.protocol === 'https:'
        ? new https.Agent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' })
        : new http.Agent({ keepAlive: true });
    this.oauth = endpoint.oauth ? new OAuthClient(endpoint.oauth, { tls, timeoutMs: endpoint.timeoutMs, env: options.env }) : null;
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    // "" is the base itself (a FHIR transaction is POSTed to the service base, R4 §3.1.0.11).
    const url = req.path === '' ? new URL(this.endpoint.baseUrl) : new URL(req.path.replace(/^\/+/, ''), this.base);
    let res: HttpResponse;
    try {
      res = await this.attempt(url, req, false);
    } catch (e) {
      // A kept-alive socket the server closed at the same moment we reused it: send once more on a fresh
      // one. Safe: submissions carry idempotency keys and the coverage lookup only reads.
      const cause = e instanceof BackendError ? (e.cause as NodeJS.ErrnoException | undefined)?.code : undefined;
      if (cause !== 'ECONNRESET' && cause !== 'EPIPE') throw e;
      res = await this.attempt(url, req, false);
    }
    if (res.status === 401 && this.oauth) {
      // The token may have been revoked or rotated early: fetch a fresh one once.
      this.oauth.invalidate();
      res = await this.attempt(url, req, true);
    }
    return res;
  }

  private async attempt(url: URL, req: HttpRequest, retry: boolean): Promise<HttpResponse> {
    const started = performance.now();
    const headers = { ...(req.headers ?? {}) };
    if (this.oauth) headers.authorization = `Bearer ${await this.oauth.token()}`;
    const log = this.options.logger;
    try {
      const res = await requestOnce(url, { ...req, headers }, this.agent, this.endpoint.timeoutMs);
      log?.({ method: req.method, url: `${url.origin}${url.pathname}`, status: res.status, ms: Math.round(performance.now() - started), error: retry ? 'retried-after-401' : null });
      return res;
    } catch (e) {
      const code = e instanceof BackendError ? e.code : 'NETWORK';
      log?.({ method: req.method, url: `${url.origin}${url.pathname}`, status: null, ms: Math.round(performance.now() - started), error: code });
      throw e;
    }
  }

  close(): void {
    this.agent.destroy();
    this.oauth?.close();
  }
}
