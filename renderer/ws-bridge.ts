// KioskApi over the browser-kiosk host's WebSocket (127.0.0.1, token from the URL fragment). Reconnects with
// a short backoff if the host restarts; requests in flight when the socket drops fail, and the next view
// snapshot after reconnecting puts the screen right.
import type { KioskErrorPayload } from '../electron/contract/errors.ts';
import type { KioskApi, KioskMethod, KioskParams, KioskResults } from '../electron/contract/kiosk-api.ts';
import type { KioskView } from '../electron/contract/view.ts';
import { decodeWire, encodeWire, type ServerMessage } from '../electron/contract/wire.ts';

export class KioskRequestError extends Error {
  constructor(readonly payload: KioskErrorPayload) {
    super(payload.code);
    this.name = 'KioskRequestError';
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

export function connectWebSocket(url: string, onStatus: (connected: boolean) => void): KioskApi {
  const listeners = new Set<(v: KioskView) => void>();
  const pending = new Map<number, Pending>();
  let ws: WebSocket | null = null;
  let nextId = 1;
  let retry = 250;
  let opened: Promise<WebSocket>;

  function open(): Promise<WebSocket> {
    return new Promise((resolve) => {
      const sock = new WebSocket(url);
      sock.onopen = () => {
        ws = sock;
        retry = 250;
        onStatus(true);
        resolve(sock);
      };
      sock.onmessage = (ev: MessageEvent<string>) => {
        const m = decodeWire(ev.data) as ServerMessage | null;
        if (!m) return;
        if (m.t === 'view') {
          for (const l of listeners) l(m.view);
          return;
        }
        const p = pending.get(m.id);
        if (!p) return;
        pending.delete(m.id);
        if (m.ok) p.resolve(m.result);
        else p.reject(new KioskRequestError(m.error));
      };
      sock.onclose = () => {
        if (ws === sock) ws = null;
        onStatus(false);
        for (const [id, p] of pending) {
          pending.delete(id);
          p.reject(new Error('connection lost'));
        }
        setTimeout(() => {
          opened = open();
          void opened.then(resolve);
        }, retry);
        retry = Math.min(retry * 2, 4_000);
      };
    });
  }
  opened = open();

  return {
    async call<M extends KioskMethod>(method: M, params: KioskParams[M]): Promise<KioskResults[M]> {
      const sock = ws ?? (await opened);
      const id = nextId++;
      return new Promise<KioskResults[M]>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        sock.send(encodeWire({ t: 'req', id, method, params }));
      });
    },
    onView(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
