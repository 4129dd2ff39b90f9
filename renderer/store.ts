// The renderer's state: the latest view snapshot from main (the visit lives main-side) and a few display
// preferences. Nothing of a visit is kept here beyond the snapshot on screen; input being typed lives in the
// screen components and goes when they unmount.
import { create } from 'zustand';
import type { KioskApi } from '../electron/contract/kiosk-api.ts';
import type { KioskView } from '../electron/contract/view.ts';

export interface KioskStore {
  api: KioskApi | null;
  connected: boolean;
  view: KioskView | null;
  /** The last request error to show briefly (code only). */
  notice: string | null;
  largeText: boolean;
  setApi(api: KioskApi): void;
  setConnected(c: boolean): void;
  setView(v: KioskView): void;
  setNotice(n: string | null): void;
  toggleLargeText(): void;
}

export const useKiosk = create<KioskStore>((set, get) => ({
  api: null,
  connected: false,
  view: null,
  notice: null,
  largeText: false,
  setApi: (api) => set({ api }),
  setConnected: (connected) => set({ connected }),
  setView: (v) => {
    const cur = get().view;
    if (cur && v.seq < cur.seq) return; // an older snapshot arriving late
    // Back at attract: display preferences of the last person go too.
    if (v.screen.step === 'attract' && cur?.screen.step !== 'attract') set({ view: v, notice: null, largeText: false });
    else set({ view: v });
  },
  setNotice: (notice) => set({ notice }),
  toggleLargeText: () => set({ largeText: !get().largeText }),
}));
