import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startHost, type RunningHost } from '../../../electron/host/host-server.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { parseRequest, type KioskApi } from '../../../electron/contract/kiosk-api.ts';
import type { KioskView } from '../../../electron/contract/view.ts';
import { decodeWire, encodeWire } from '../../../electron/contract/wire.ts';

const VIEW: KioskView = { seq: 1, language: 'vi', services: ['hospital'], screen: { step: 'attract' }, moreTimeUntil: null, staff: null, staffLockedUntil: null };

function fakeApi() {
  const frames: Uint8Array[] = [];
  const listeners = new Set<(v: KioskView) => void>();
  const api: KioskApi & { push(v: KioskView): void } = {
    async call(method, params) {
      const req = parseRequest(method, params);
      if (!req) throw new KioskError('INVALID_REQUEST');
      if (req.method === 'getView') return VIEW as never;
      if (req.method === 'sendFrame') {
        frames.push((req.params as { jpeg: Uint8Array }).jpeg);
        return { accepted: true } as never;
      }
      if (req.method === 'start') throw new KioskError('NOT_ALLOWED_NOW', 'secret detail');
      if (req.method === 'cancel') throw new Error('internal stack detail');
      return null as never;
    },
    onView(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    push(v) {
      for (const l of listeners) l(v);
    },
  };
  return { api, frames };
}

describe('browser-kiosk host', () => {
  const { api, frames } = fakeApi();
  let host: RunningHost;
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-host-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>kiosk</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'kiosk-host-secret.txt'), 'secret');

  beforeAll(async () => {
    host = await startHost({ api, staticDir: dir, testHooks: { residue: () => ({ card: false }) } });
  });
  afterAll(async () => {
    await host.close();
  });

  const inboxes = new WeakMap<WebSocket, ReturnType<typeof messages>>();
  function connect(opts: { token?: string; origin?: string } = {}): Promise<WebSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/kiosk?token=${opts.token ?? host.token}`, { origin: opts.origin ?? `http://127.0.0.1:${host.port}` });
    inboxes.set(ws, messages(ws));
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
      ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  function messages(ws: WebSocket): { next(pred: (m: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> } {
    const seen: Record<string, unknown>[] = [];
    const waiters: { pred: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];
    ws.on('message', (d) => {
      const m = decodeWire(d.toString()) as Record<string, unknown>;
      const w = waiters.findIndex((x) => x.pred(m));
      if (w >= 0) waiters.splice(w, 1)[0].resolve(m);
      else seen.push(m);
    });
    return {
      next(pred) {
        const i = seen.findIndex(pred);
        if (i >= 0) return Promise.resolve(seen.splice(i, 1)[0]);
        return new Promise((resolve) => waiters.push({ pred, resolve }));
      },
    };
  }

  it('binds loopback only and serves the renderer with a strict CSP', async () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(host.kioskUrl).toBe(`${host.url}#token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
    const r = await fetch(host.url);
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(csp).toContain("object-src 'none'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(`${host.url}assets/app.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('serves nothing outside the renderer folder', async () => {
    for (const p of ['../kiosk-host-secret.txt', '%2e%2e/kiosk-host-secret.txt', 'assets/../../kiosk-host-secret.txt']) {
      const r = await fetch(`${host.url}${p}`);
      expect(r.status, p).toBe(404);
    }
    expect((await fetch(host.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses sockets without the token, with a wrong token, or from another origin', async () => {
    await expect(connect({ token: 'nope' })).rejects.toThrow(/403/);
    await expect(connect({ token: '' })).rejects.toThrow(/403/);
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('test hooks need the token and exist only when configured', async () => {
    expect((await fetch(`${host.url}__test/residue`)).status).toBe(404);
    const r = await fetch(`${host.url}__test/residue`, { headers: { 'x-kiosk-token': host.token } });
    expect(await r.json()).toEqual({ card: false });
    expect((await fetch(`${host.url}__test/nothing`, { headers: { 'x-kiosk-token': host.token } })).status).toBe(404);
  });

  it('sends the view on connect, answers requests, carries frame bytes, and pushes views', async () => {
    const ws = await connect();
    const inbox = inboxes.get(ws)!;
    expect(await inbox.next((m) => m.t === 'view')).toEqual({ t: 'view', view: VIEW });
    const jpeg = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
    ws.send(encodeWire({ t: 'req', id: 7, method: 'sendFrame', params: { jpeg, width: 640, height: 480 } }));
    expect(await inbox.next((m) => m.id === 7)).toEqual({ t: 'res', id: 7, ok: true, result: { accepted: true } });
    expect(Array.from(frames.at(-1) ?? [])).toEqual(Array.from(jpeg));
    api.push({ ...VIEW, seq: 2 });
    expect(await inbox.next((m) => m.t === 'view')).toMatchObject({ view: { seq: 2 } });
    ws.close();
  });

  it('answers errors with the code and bilingual text only, never details', async () => {
    const ws = await connect();
    const inbox = inboxes.get(ws)!;
    ws.send(encodeWire({ t: 'req', id: 1, method: 'start', params: {} }));
    const a = await inbox.next((m) => m.id === 1);
    expect(a).toMatchObject({ ok: false, error: { code: 'NOT_ALLOWED_NOW', staffCode: 'K-REQ-02' } });
    expect(JSON.stringify(a)).not.toContain('secret detail');
    ws.send(encodeWire({ t: 'req', id: 2, method: 'cancel', params: {} }));
    const b = await inbox.next((m) => m.id === 2);
    expect(b).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(b)).not.toContain('stack');
    ws.send(encodeWire({ t: 'req', id: 3, method: 'chooseService', params: { service: 'casino' } }));
    expect(await inbox.next((m) => m.id === 3)).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } });
    // Not a request at all: ignored, and the socket stays usable.
    ws.send('{"t":"req","id":"x"}');
    ws.send('garbage');
    ws.send(encodeWire({ t: 'req', id: 4, method: 'getView', params: {} }));
    expect(await inbox.next((m) => m.id === 4)).toMatchObject({ ok: true });
    ws.close();
  });
});
