// The renderer's only door to main: window.kiosk, a thin bridge over two IPC channels (requests, view
// snapshots). Nothing else of Electron or Node is exposed (contextIsolation, sandbox). Built to a single
// CommonJS file, as sandboxed preloads must be.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { KioskBridge, KioskReply } from '../contract/kiosk-api.ts';
import type { KioskView } from '../contract/view.ts';

const CALL_CHANNEL = 'kiosk:call';
const VIEW_CHANNEL = 'kiosk:view';

const kiosk: KioskBridge = {
  invoke: (method, params) => ipcRenderer.invoke(CALL_CHANNEL, method, params) as Promise<KioskReply>,
  onView(listener: (view: KioskView) => void): () => void {
    const handler = (_e: IpcRendererEvent, view: KioskView): void => listener(view);
    ipcRenderer.on(VIEW_CHANNEL, handler);
    return () => ipcRenderer.removeListener(VIEW_CHANNEL, handler);
  },
};

contextBridge.exposeInMainWorld('kiosk', kiosk);
