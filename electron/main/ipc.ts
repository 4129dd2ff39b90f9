// KioskApi over Electron IPC: one invoke channel for requests, one event channel for view snapshots. Main
// checks that a request comes from the app's own top-level frame before the core validates its payload
// against the contract's schemas; errors cross as KioskErrorPayload only.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { KioskError, toKioskErrorPayload } from '../contract/errors.ts';
import type { KioskApi, KioskMethod, KioskParams, KioskReply } from '../contract/kiosk-api.ts';
import { isAppUrl } from './app-protocol.ts';

export const CALL_CHANNEL = 'kiosk:call';
export const VIEW_CHANNEL = 'kiosk:view';

function trustedSender(e: IpcMainInvokeEvent, window: WebContents): boolean {
  const frame = e.senderFrame;
  return e.sender === window && frame !== null && frame.parent === null && isAppUrl(frame.url);
}

export function bindKioskIpc(ipc: IpcMain, api: KioskApi, window: WebContents): () => void {
  ipc.handle(CALL_CHANNEL, async (e, method: unknown, params: unknown): Promise<KioskReply> => {
    if (!trustedSender(e, window)) return { ok: false, error: new KioskError('INVALID_REQUEST').toPayload() };
    try {
      const result = await api.call(method as KioskMethod, params as KioskParams[KioskMethod]);
      return { ok: true, result };
    } catch (err) {
      return { ok: false, error: toKioskErrorPayload(err) };
    }
  });
  const off = api.onView((view) => {
    if (!window.isDestroyed()) window.send(VIEW_CHANNEL, view);
  });
  return () => {
    off();
    ipc.removeHandler(CALL_CHANNEL);
  };
}
