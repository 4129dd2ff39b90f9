// The preload, against a mocked `electron`: the page gets exactly one global, `kiosk`, with two functions;
// requests go out on main's call channel only, view snapshots come in on main's view channel only, and the
// IPC event object (with its sender) never reaches the page.
import { describe, expect, it, vi } from 'vitest';
import { CALL_CHANNEL, VIEW_CHANNEL } from '../../../electron/main/ipc.ts';

const state = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoked: [] as unknown[][],
  listeners: new Map<string, ((...a: unknown[]) => void)[]>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, api: unknown) => state.exposed.set(name, api) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      state.invoked.push(args);
      return { ok: true, result: null };
    },
    on: (ch: string, fn: (...a: unknown[]) => void) => state.listeners.set(ch, [...(state.listeners.get(ch) ?? []), fn]),
    removeListener: (ch: string, fn: (...a: unknown[]) => void) => state.listeners.set(ch, (state.listeners.get(ch) ?? []).filter((f) => f !== fn)),
  },
}));

await import('../../../electron/preload/preload.ts');

interface Bridge {
  invoke(method: string, params: unknown): Promise<unknown>;
  onView(listener: (v: unknown) => void): () => void;
}

describe('preload bridge', () => {
  it('exposes window.kiosk only, with invoke and onView only', () => {
    expect([...state.exposed.keys()]).toEqual(['kiosk']);
    const kiosk = state.exposed.get('kiosk') as Record<string, unknown>;
    expect(Object.keys(kiosk).sort()).toEqual(['invoke', 'onView']);
    expect(typeof kiosk.invoke).toBe('function');
    expect(typeof kiosk.onView).toBe('function');
  });

  it('sends requests on the call channel main handles, with exactly method and params', async () => {
    const kiosk = state.exposed.get('kiosk') as Bridge;
    await kiosk.invoke('start', {});
    expect(state.invoked).toEqual([[CALL_CHANNEL, 'start', {}]]);
  });

  it('delivers view snapshots without the IPC event, and unsubscribes', () => {
    const kiosk = state.exposed.get('kiosk') as Bridge;
    const seen: unknown[][] = [];
    const off = kiosk.onView((...args: unknown[]) => seen.push(args));
    expect([...state.listeners.keys()]).toEqual([VIEW_CHANNEL]);
    for (const fn of state.listeners.get(VIEW_CHANNEL) ?? []) fn({ sender: 'ipc-event' }, { screen: { step: 'attract' } });
    expect(seen).toEqual([[{ screen: { step: 'attract' } }]]);
    off();
    expect(state.listeners.get(VIEW_CHANNEL)).toEqual([]);
  });
});
