// A scripted "renderer" for the browser-kiosk host: the same wire as renderer/ws-bridge.ts (JSON text, byte
// arrays as {"$b64"}), the same Origin and token checks, plus the host's token-protected test hooks. Used by
// the soak run (scripts/soak.ts); it keeps the latest view snapshot like the renderer does.
import WebSocket from 'ws';
import type { KioskErrorPayload } from '../../electron/contract/errors.ts';
import type { KioskMethod, KioskParams, KioskResults } from '../../electron/contract/kiosk-api.ts';
import type { KioskView } from '../../electron/contract/view.ts';
import { decodeWire, encodeWire, type ServerMessage } from '../../electron/contract/wire.ts';

export class KioskCallError extends Error {
  constructor(readonly method: string, readonly payload: KioskErrorPayload) {
    super(`${method}: ${payload.code}`);
    this.name = 'KioskCallError';
  }
}

interface Pending {
  method: string;
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export interface HostAddress {
  /** http://127.0.0.1:port/ */
  url: string;
  token: string;
}

export class KioskClient {
  private readonly pending = new Map<number, Pending>();
  private readonly waiters = new Set<() => void>();
  private nextId = 1;
  private latest: KioskView | null = null;
  private closed = false;

  private constructor(
    private readonly ws: WebSocket,
    readonly host: HostAddress,
  ) {
    ws.on('message', (data) => {
      const m = decodeWire(data.toString()) as ServerMessage | null;
      if (!m) return;
      if (m.t === 'view') {
        // Snapshots are numbered: an older one arriving late never replaces a newer one.
        if (!this.latest || m.view.seq >= this.latest.seq) this.latest = m.view;
        for (const w of [...this.waiters]) w();
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new KioskCallError(p.method, m.error));
    });
    ws.on('close', () => {
      this.closed = true;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new Error('connection lost'));
      }
      for (const w of [...this.waiters]) w();
    });
  }

  static async connect(host: HostAddress, opts: { origin?: string } = {}): Promise<KioskClient> {
    const base = new URL(host.url);
    const origin = opts.origin ?? base.origin;
    const ws = new WebSocket(`ws://${base.host}/kiosk?token=${encodeURIComponent(host.token)}`, { origin });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`socket refused: HTTP ${res.statusCode}`)));
    });
    const c = new KioskClient(ws, host);
    await c.waitFor(() => true, 10_000, 'first view');
    return c;
  }

  get view(): KioskView {
    if (!this.latest) throw new Error('no view yet');
    return this.latest;
  }

  call<M extends KioskMethod>(method: M, params: KioskParams[M]): Promise<KioskResults[M]> {
    if (this.closed) return Promise.reject(new Error('connection lost'));
    const id = this.nextId++;
    return new Promise<KioskResults[M]>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject });
      this.ws.send(encodeWire({ t: 'req', id, method, params }));
    });
  }

  /** Resolves with the first snapshot (the current one included) that satisfies `pred`. */
  waitFor(pred: (v: KioskView) => boolean, timeoutMs: number, what: string): Promise<KioskView> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (this.latest && pred(this.latest)) {
          done();
          resolve(this.latest);
          return true;
        }
        if (this.closed) {
          done();
          reject(new Error(`connection lost waiting for ${what}`));
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; at ${this.latest ? JSON.stringify(this.latest.screen).slice(0, 300) : 'no view'}`));
      }, timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter = (): void => void check();
      if (check()) return;
      this.waiters.add(waiter);
    });
  }

  /** GET /__test/<name> with the token header (the host runs with --test-hooks). */
  async hook<T>(name: string, query: Record<string, string> = {}): Promise<T> {
    const r = await fetch(`${this.host.url}__test/${name}?${new URLSearchParams(query)}`, { headers: { 'x-kiosk-token': this.host.token } });
    if (!r.ok) throw new Error(`hook ${name}: HTTP ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const closed = new Promise<void>((r) => this.ws.once('close', () => r()));
    this.ws.close();
    await Promise.race([closed, new Promise<void>((r) => setTimeout(r, 2_000))]);
    this.ws.terminate();
  }
}
