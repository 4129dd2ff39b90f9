// Small helpers the screens share: the current language, and a request that reports failures as a notice
// rather than throwing into React.
import type { KioskMethod, KioskParams } from '../../electron/contract/kiosk-api.ts';
import type { Language } from '../../electron/contract/errors.ts';
import { useKiosk } from '../store.ts';
import { KioskRequestError } from '../ws-bridge.ts';

export function useLang(): Language {
  return useKiosk((s) => s.view?.language ?? 'vi');
}

export function send<M extends KioskMethod>(method: M, params: KioskParams[M]): void {
  const { api, setNotice } = useKiosk.getState();
  if (!api) return;
  api.call(method, params).catch((e: unknown) => {
    const code = e instanceof KioskRequestError ? e.payload.code : (e as { code?: string })?.code;
    // A double tap or a screen already moved on: nothing to tell the person.
    if (code && code !== 'NOT_ALLOWED_NOW') setNotice(code);
  });
}
