// What both backend simulators share: an HTTP(S) server on 127.0.0.1 (ephemeral port by default), an
// OAuth2 client-credentials token endpoint, Idempotency-Key handling (a repeated key replays the stored
// answer instead of executing again; the same key with another body is 422), and fault switches:
//   down               the port refuses connections
//   slow               answers after `slowMs`
//   500                answers 500 without doing anything
//   drop-after-commit  does the work, then drops the connection without answering
//   hang-after-commit  does the work, emits 'committed', then never answers (for kill -9 tests)
// Test and demo tool only: it binds loopback and keeps everything in memory.
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';

export type Fault = 'none' | 'down' | 'slow' | '500' | 'drop-after-commit' | 'hang-after-commit';

export interface SimRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface SimResponse {
  status: number;
  body: string;
  contentType?: string;
}

export interface SimTls {
  key: string;
  cert: string;
  /** With a CA, client certificates signed by it are required (mTLS). */
  clientCa?: string;
}

export interface SimOptions {
  port?: number;
  tls?: SimTls;
  /** Require bearer tokens from this client (client-credentials at POST /oauth/token). */
  oauth?: { clientId: string; clientSecret: string; tokenLifetimeSeconds?: number };
}

export interface SimStats {
  requests: number;
  /** Requests whose work was done (committed). */
  commits: number;
  /** Requests answered from the idempotency store. */
  replays: number;
  tokenRequests: number;
}

export abstract class SimServer extends EventEmitter {
  fault: Fault = 'none';
  slowMs = 2_000;
  readonly stats: SimStats = { requests: 0, commits: 0, replays: 0, tokenRequests: 0 };
  /** Idempotency-Key → (body hash, answer). */
  private readonly idempotency = new Map<string, { hash: string; response: SimResponse }>();
  private readonly inProgress = new Set<string>();
  private readonly tokens = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private server: http.Server | null = null;
  private port = 0;

  constructor(private readonly options: SimOptions = {}) {
    super();
  }

  /** The work of one request (already authorised, deduplicated). */
  protected abstract handle(req: SimRequest): Promise<SimResponse>;

  get baseUrl(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  get tokenUrl(): string {
    return `${this.baseUrl}/oauth/token`;
  }

  async start(): Promise<string> {
    await this.listen(this.options.port ?? 0);
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    await this.unlisten();
  }

  /** Switches a fault on or off; "down" closes the port, leaving "down" reopens it on the same number. */
  async setFault(fault: Fault): Promise<void> {
    const wasDown = this.fault === 'down';
    this.fault = fault;
    if (fault === 'down' && !wasDown) await this.unlisten();
    if (fault !== 'down' && wasDown) await this.listen(this.port);
  }

  private listen(port: number): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => void this.onRequest(req, res);
    const tls = this.options.tls;
    const server = tls
      ? https.createServer({ key: tls.key, cert: tls.cert, ca: tls.clientCa, requestCert: !!tls.clientCa, rejectUnauthorized: !!tls.clientCa }, handler)
      : http.createServer(handler);
    server.on(tls ? 'secureConnection' : 'connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        this.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private unlisten(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return Promise.resolve();
    for (const s of this.sockets) s.destroy();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const r: SimRequest = { method: req.method ?? 'GET', path: new URL(req.url ?? '/', 'http://x').pathname, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
    this.stats.requests++;
    const send = (s: SimResponse): void => {
      res.writeHead(s.status, { 'content-type': s.contentType ?? 'application/json' });
      res.end(s.body);
    };
    if (this.fault === 'slow') await new Promise((ok) => setTimeout(ok, this.slowMs));
    if (this.fault === '500') return send({ status: 500, body: '{"error":"simulated failure"}' });

    if (r.path === '/oauth/token' && r.method === 'POST') return send(this.token(r));
    if (this.options.oauth && !this.authorised(r)) return send({ status: 401, body: '{"error":"invalid_token"}' });

    const key = typeof r.headers['idempotency-key'] === 'string' ? r.headers['idempotency-key'] : null;
    const hash = createHash('sha256').update(r.method + ' ' + r.path + '\n' + r.body).digest('hex');
    let answer: SimResponse;
    const stored = key ? this.idempotency.get(key) : undefined;
    if (stored) {
      if (stored.hash !== hash) return send({ status: 422, body: '{"error":"idempotency key reused with another request"}' });
      this.stats.replays++;
      answer = stored.response;
    } else {
      if (key && this.inProgress.has(key)) return send({ status: 409, body: '{"error":"a request with this idempotency key is in progress"}' });
      if (key) this.inProgress.add(key);
      try {
        answer = await this.handle(r);
      } finally {
        if (key) this.inProgress.delete(key);
      }
      if (answer.status < 500) {
        this.stats.commits++;
        if (key) this.idempotency.set(key, { hash, response: answer });
      }
    }
    if (this.fault === 'drop-after-commit') {
      req.socket.destroy();
      return;
    }
    if (this.fault === 'hang-after-commit') {
      this.emit('committed', key);
      return; // the answer never comes
    }
    send(answer);
  }

  private token(r: SimRequest): SimResponse {
    this.stats.tokenRequests++;
    const o = this.options.oauth;
    if (!o) return { status: 404, body: '{}' };
    const auth = r.headers.authorization ?? '';
    const [id, secret] = Buffer.from(auth.replace(/^Basic /, ''), 'base64').toString('utf8').split(':').map(decodeURIComponent);
    const form = new URLSearchParams(r.body);
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: '{"error":"unsupported_grant_type"}' };
    if (id !== o.clientId || secret !== o.clientSecret) return { status: 401, body: '{"error":"invalid_client"}' };
    const token = randomBytes(24).toString('base64url');
    const life = o.tokenLifetimeSeconds ?? 3600;
    this.tokens.set(token, Date.now() + life * 1000);
    return { status: 200, body: JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: life }) };
  }

  /** Revokes every issued token (tests: the client must refresh on 401). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  private authorised(r: SimRequest): boolean {
    const m = /^Bearer (.+)$/.exec(r.headers.authorization ?? '');
    const exp = m ? this.tokens.get(m[1]) : undefined;
    return exp !== undefined && exp > Date.now();
  }
}
