// KioskApi over Electron IPC: one invoke channel for requests, one event channel for view snapshots. Main
// checks that a request comes from the kiosk window's own top-level frame on the app:// origin, then validates
// the method and payload against the contract's schemas here, before anything reaches the core (the core
// validates again, whichever transport brought the request). Errors cross as KioskErrorPayload only.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { KioskError, toKioskErrorPayload } from '../contract/errors.ts';
import { parseRequest, type KioskApi, type KioskReply } from '../contract/kiosk-api.ts';
import { isAppUrl } from './app-protocol.ts';

export const CALL_CHANNEL = 'kiosk:call';
export const VIEW_CHANNEL = 'kiosk:view';

/** The kiosk window's main frame, on the app origin: not another window, not a subframe, not another origin. */
export function trustedSender(e: IpcMainInvokeEvent, window: WebContents): boolean {
  if (e.sender !== window || window.isDestroyed()) return false;
  const frame = e.senderFrame;
  const main = window.mainFrame;
  if (!frame || !main || frame.parent !== null) return false;
  if (frame.processId !== main.processId || frame.routingId !== main.routingId) return false;
  return isAppUrl(frame.url);
}

const invalid = (): KioskReply => ({ ok: false, error: new KioskError('INVALID_REQUEST').toPayload() });

export function bindKioskIpc(ipc: IpcMain, api: KioskApi, window: WebContents): () => void {
  ipc.handle(CALL_CHANNEL, async (e, method: unknown, params: unknown, ...extra: unknown[]): Promise<KioskReply> => {
    if (!trustedSender(e, window) || extra.length > 0) return invalid();
    const req = parseRequest(method, params);
    if (!req) return invalid();
    try {
      const result = await api.call(req.method, req.params);
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
