// The browser-kiosk host: serves the built renderer and carries KioskApi over a WebSocket, on 127.0.0.1 only,
// so the whole kiosk runs in any Chromium. A random token made at every start must be presented to open the
// socket (the URL's fragment carries it to the page, so it never reaches a server log or a Referer), the
// socket's Origin must be the host itself, and every request is validated against the contract's schemas
// by the core. Test hooks (residue, backend faults) exist only when the host is started with them.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { toKioskErrorPayload, KioskError } from '../contract/errors.ts';
import type { KioskApi, KioskMethod, KioskParams } from '../contract/kiosk-api.ts';
import { clientMessageSchema, decodeWire, encodeWire, MAX_MESSAGE_CHARS, type ServerMessage } from '../contract/wire.ts';

export type TestHook = (query: URLSearchParams) => Promise<unknown> | unknown;

export interface HostOptions {
  api: KioskApi;
  /** The built renderer (index.html and assets). */
  staticDir: string;
  port?: number;
  /** Defaults to 32 random bytes, hex. */
  token?: string;
  /** GET/POST /__test/<name> (token in the x-kiosk-token header); only for automated tests. */
  testHooks?: Record<string, TestHook>;
}

export interface RunningHost {
  url: string;
  /** The URL with the token in its fragment: what the kiosk browser opens. */
  kioskUrl: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.ico': 'image/x-icon',
};

export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // React style attributes (the face guide's position) need inline styles; scripts stay strict.
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob: mediastream:",
    `connect-src 'self' ${ws}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sameToken(a: string | null, b: string): boolean {
  if (a === null) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startHost(o: HostOptions): Promise<RunningHost> {
  const token = o.token ?? randomBytes(32).toString('hex');
  const root = resolve(o.staticDir);
  let origin = '';
  const sockets = new Set<WebSocket>();

  const server = http.createServer((req, res) => {
    void handleHttp(req, res);
  });

  async function handleHttp(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const common = {
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
    };
    if (url.pathname.startsWith('/__test/')) {
      const hook = o.testHooks?.[url.pathname.slice('/__test/'.length)];
      if (!hook || !sameToken(typeof req.headers['x-kiosk-token'] === 'string' ? req.headers['x-kiosk-token'] : null, token)) {
        res.writeHead(404, common).end();
        return;
      }
      try {
        const out = await hook(url.searchParams);
        res.writeHead(200, { ...common, 'Content-Type': 'application/json' }).end(JSON.stringify(out ?? null));
      } catch (e) {
        res.writeHead(500, { ...common, 'Content-Type': 'application/json' }).end(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }));
      }
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, common).end();
      return;
    }
    let rel = decodeURIComponent(url.pathname);
    if (rel === '/' || rel === '') rel = '/index.html';
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404, common).end();
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        ...common,
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Security-Policy': contentSecurityPolicy(origin),
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, common).end();
    }
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_CHARS });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    const okPath = url.pathname === '/kiosk';
    const okToken = sameToken(url.searchParams.get('token'), token);
    const okOrigin = req.headers.origin === origin;
    if (!okPath || !okToken || !okOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => serve(ws));
  });

  function send(ws: WebSocket, m: ServerMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(encodeWire(m));
  }

  function serve(ws: WebSocket): void {
    sockets.add(ws);
    const off = o.api.onView((view) => send(ws, { t: 'view', view }));
    ws.on('close', () => {
      off();
      sockets.delete(ws);
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const text = data.toString();
      if (text.length > MAX_MESSAGE_CHARS) return;
      const parsed = clientMessageSchema.safeParse(decodeWire(text));
      if (!parsed.success) return; // not a request at all: nothing to answer to
      const { id, method, params } = parsed.data;
      o.api.call(method as KioskMethod, params as KioskParams[KioskMethod]).then(
        (result) => send(ws, { t: 'res', id, ok: true, result }),
        (e: unknown) => {
          // Only a code and the contract's bilingual text cross back; details stay in main.
          if (!(e instanceof KioskError)) console.error('kiosk request failed:', e instanceof Error ? e.name : 'error');
          send(ws, { t: 'res', id, ok: false, error: toKioskErrorPayload(e) });
        },
      );
    });
    // The current screen at once, so a reconnecting renderer is never blank.
    void o.api.call('getView', {}).then((view) => send(ws, { t: 'view', view }));
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(o.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin + '/',
    kioskUrl: `${origin}/#token=${token}`,
    port,
    token,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
