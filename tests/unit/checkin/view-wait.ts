// Waiting for the kiosk core's view in tests: the first snapshot (now or later) that satisfies a predicate.
import type { KioskCore } from '../../../electron/checkin/kiosk-core.ts';
import type { KioskView, ScreenStep } from '../../../electron/contract/view.ts';

export function until(core: KioskCore, pred: (v: KioskView) => boolean, what = 'view', ms = 10_000): Promise<KioskView> {
  return new Promise((resolve, reject) => {
    const now = core.view();
    if (pred(now)) return resolve(now);
    const timer = setTimeout(() => {
      off();
      reject(new Error(`${what} not reached; at ${JSON.stringify(core.view().screen)}`));
    }, ms);
    const off = core.onView((v) => {
      if (pred(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

export const at =
  (step: ScreenStep) =>
  (v: KioskView): boolean =>
    v.screen.step === step;
