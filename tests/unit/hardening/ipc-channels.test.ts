// Every KioskApi channel over Electron IPC refuses a request that does not come from the kiosk window's own
// main frame on app://, and refuses a malformed payload with INVALID_REQUEST before the core sees it. The
// method list is KIOSK_METHODS itself, and SAMPLES is typed by it: a new channel without a sample fails to compile
// and fails the coverage test below.
import { describe, expect, it, vi } from 'vitest';
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { bindKioskIpc, CALL_CHANNEL } from '../../../electron/main/ipc.ts';
import { CONSENT_TEXT_VERSION, KIOSK_METHODS, MAX_FRAME_BYTES, MAX_FRAME_SIDE, type KioskApi, type KioskMethod, type KioskParams, type KioskReply } from '../../../electron/contract/kiosk-api.ts';


/** One valid payload per channel. */
const SAMPLES: { [M in KioskMethod]: KioskParams[M] } = {
  getView: {},
  start: {},
  setLanguage: { language: 'en' },
  chooseService: { service: 'hospital' },
  answerConsent: { accepted: true, textVersion: CONSENT_TEXT_VERSION },
  chooseKeyMethod: { method: 'keypad' },
  submitAccessKey: { kind: 'keypad', idNumber: '001234567890', dateOfBirth: '01011990', dateOfExpiry: 'none' },
  sendFrame: { jpeg: new Uint8Array([0xff, 0xd8, 0xff, 0xd9]), width: 640, height: 480 },
  submitBooking: { text: 'ABC123' },
  moreTime: {},
  cancel: {},
  retry: {},
  finish: {},
  staffLogin: { pin: '123456' },
  staffLogout: {},
  staffTapCard: { cardId: 'demo-1' },
  staffRemoveCard: {},
  staffDecide: { decision: 'approve', reason: 'checked the card by hand' },
};

/** Payloads of the right shape but the wrong content, per channel, beyond the generic ones (wrong type, extra key). */
const MALFORMED: Partial<Record<KioskMethod, unknown[]>> = {
  setLanguage: [{ language: 'fr' }, { language: 1 }],
  chooseService: [{ service: 'bank' }],
  answerConsent: [{ accepted: 'yes', textVersion: CONSENT_TEXT_VERSION }, { accepted: true }, { accepted: true, textVersion: '2025-01-consent-v0' }, { accepted: true, textVersion: 1 }],
  chooseKeyMethod: [{ method: 'nfc' }],
  submitAccessKey: [{ kind: 'keypad', idNumber: '1'.repeat(33), dateOfBirth: '01011990', dateOfExpiry: 'none' }, { kind: 'qr', payload: '' }, { kind: 'mrz' }],
  sendFrame: [
    { jpeg: new Uint8Array(MAX_FRAME_BYTES + 1), width: 640, height: 480 },
    { jpeg: new Uint8Array(0), width: 640, height: 480 },
    { jpeg: new Uint8Array(4), width: MAX_FRAME_SIDE + 1, height: 480 },
    { jpeg: new Uint8Array(4), width: 640.5, height: 480 },
    { jpeg: [0xff, 0xd8], width: 640, height: 480 },
    { jpeg: 'ffd8', width: 640, height: 480 },
  ],
  submitBooking: [{ text: '' }, { text: 'x'.repeat(401) }],
  staffLogin: [{ pin: '12' }, { pin: '12ab56' }, { pin: 123456 }],
  staffTapCard: [{ cardId: '' }, { cardId: 'demo-1', pullAfterApdus: 0 }],
  staffDecide: [{ decision: 'maybe', reason: '' }, { decision: 'approve', reason: 'x'.repeat(501) }],
};

interface Harness {
  call(e: IpcMainInvokeEvent, ...args: unknown[]): Promise<KioskReply>;
  core: ReturnType<typeof vi.fn>;
  window: WebContents;
}

function frame(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { processId: 7, routingId: 1, parent: null, url: 'app://kiosk/index.html', ...over };
}

function contents(): WebContents {
  return { isDestroyed: () => false, send: () => undefined, mainFrame: frame() } as unknown as WebContents;
}

function harness(): Harness {
  let handler: ((e: IpcMainInvokeEvent, ...args: unknown[]) => Promise<KioskReply>) | null = null;
  const ipc = {
    handle: (ch: string, fn: typeof handler) => {
      expect(ch).toBe(CALL_CHANNEL);
      handler = fn;
    },
    removeHandler: () => undefined,
  } as unknown as IpcMain;
  const core = vi.fn(async () => null);
  const api = { call: core, onView: () => () => undefined } as unknown as KioskApi;
  const window = contents();
  bindKioskIpc(ipc, api, window);
  return {
    call: (e, ...args) => {
      if (!handler) throw new Error('not bound');
      return handler(e, ...args);
    },
    core,
    window,
  };
}

const event = (sender: WebContents, senderFrame: Record<string, unknown> | null): IpcMainInvokeEvent =>
  ({ sender, senderFrame }) as unknown as IpcMainInvokeEvent;

function expectInvalid(r: KioskReply, what: string): void {
  expect(r.ok, what).toBe(false);
  if (!r.ok) expect(r.error.code, what).toBe('INVALID_REQUEST');
}

describe('IPC: every KioskApi channel', () => {
  it('has a sample here for each channel of the contract', () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...KIOSK_METHODS].sort());
  });

  it.each(KIOSK_METHODS)('%s: the kiosk main frame reaches the core with the parsed payload', async (method) => {
    const h = harness();
    const r = await h.call(event(h.window, frame()), method, SAMPLES[method]);
    expect(r).toEqual({ ok: true, result: null });
    expect(h.core).toHaveBeenCalledTimes(1);
    expect(h.core).toHaveBeenCalledWith(method, SAMPLES[method]);
  });

  it.each(KIOSK_METHODS)('%s: a wrong sender, subframe or origin is refused before the core', async (method) => {
    const h = harness();
    const other = contents();
    const cases: [string, IpcMainInvokeEvent][] = [
      ['another web contents', event(other, frame())],
      ['a subframe', event(h.window, frame({ routingId: 2, parent: frame() }))],
      ['a subframe on the app origin with the main routing id but a parent', event(h.window, frame({ parent: frame() }))],
      ['another frame of the window', event(h.window, frame({ routingId: 3 }))],
      ['another renderer process', event(h.window, frame({ processId: 8 }))],
      ['an https origin', event(h.window, frame({ url: 'https://evil.example/index.html' }))],
      ['a look-alike app host', event(h.window, frame({ url: 'app://kiosk.evil/index.html' }))],
      ['a file: page', event(h.window, frame({ url: 'file:///opt/kiosk/index.html' }))],
      ['about:blank', event(h.window, frame({ url: 'about:blank' }))],
      ['a destroyed frame', event(h.window, null)],
    ];
    for (const [what, e] of cases) expectInvalid(await h.call(e, method, SAMPLES[method]), `${method} from ${what}`);
    expect(h.core).not.toHaveBeenCalled();
  });

  it.each(KIOSK_METHODS)('%s: a malformed payload gets INVALID_REQUEST and never reaches the core', async (method) => {
    const h = harness();
    const ok = event(h.window, frame());
    const sample = SAMPLES[method] as Record<string, unknown>;
    const bad: [string, unknown][] = [
      ['a string', 'payload'],
      ['a number', 42],
      ['an array', [sample]],
      ['an extra key', { ...sample, extra: 1 }],
      ['a prototype key', JSON.parse('{"__proto__": {"admin": true}, "polluted": 1}')],
      ...(MALFORMED[method] ?? []).map((p, i): [string, unknown] => [`case ${i}`, p]),
    ];
    for (const [what, params] of bad) expectInvalid(await h.call(ok, method, params), `${method} with ${what}`);
    expectInvalid(await h.call(ok, method, SAMPLES[method], 'extra argument'), `${method} with an extra argument`);
    expect(h.core).not.toHaveBeenCalled();
  });

  it('an unknown or inherited method name is refused', async () => {
    const h = harness();
    for (const m of ['eval', 'constructor', '__proto__', 'toString', '', 42, null]) {
      expectInvalid(await h.call(event(h.window, frame()), m, {}), String(m));
    }
    expect(h.core).not.toHaveBeenCalled();
  });

  it('a core error crosses as its payload only', async () => {
    const h = harness();
    h.core.mockRejectedValueOnce(new Error('secret internal detail 001234567890'));
    const r = await h.call(event(h.window, frame()), 'start', {});
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('INTERNAL');
      expect(JSON.stringify(r)).not.toContain('001234567890');
    }
  });
});
