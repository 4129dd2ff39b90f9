// Which transport carries KioskApi: Electron's preload exposes window.kiosk (IPC); in a plain browser the
// page talks to the browser-kiosk host over its loopback WebSocket, with the token from the URL fragment.
// The renderer never imports Electron or Node: everything goes through the contract.
import type { KioskApi, KioskBridge, KioskMethod, KioskParams, KioskResults } from '../electron/contract/kiosk-api.ts';
import { connectWebSocket, KioskRequestError } from './ws-bridge.ts';

declare global {
  interface Window {
    kiosk?: KioskBridge;
  }
}

function fromBridge(bridge: KioskBridge): KioskApi {
  return {
    async call<M extends KioskMethod>(method: M, params: KioskParams[M]): Promise<KioskResults[M]> {
      const reply = await bridge.invoke(method, params);
      if (!reply.ok) throw new KioskRequestError(reply.error);
      return reply.result as KioskResults[M];
    },
    onView: (listener) => bridge.onView(listener),
  };
}

export function kioskApi(onStatus: (connected: boolean) => void): KioskApi {
  if (window.kiosk) {
    onStatus(true);
    return fromBridge(window.kiosk);
  }
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/kiosk?token=${encodeURIComponent(token)}`;
  return connectWebSocket(url, onStatus);
}
