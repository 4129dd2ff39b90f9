// Shared pieces of the real-stack tests: whether pcscd runs (from the global setup), the demo cards, and
// waiting for what pcscd reports.
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadCardDirectory, type CardProfile } from '../../electron/card/emulator/card-profile.ts';
import type { PcscEvent, PcscReaders } from '../../electron/card/pcsc/reader-monitor.ts';
import { repoRoot } from '../helpers/shared.ts';

/** True when the global setup started pcscd; the suites skip otherwise (the setup printed why). */
export const pcscRuns = inject('pcsc').ok;

export const READER_0 = 'Virtual PCD 00 00';
export const READER_1 = 'Virtual PCD 00 01';

export interface DemoCard {
  name: string;
  dir: string;
  profile: CardProfile;
}

/** Every card directory under resources/demo-cards (new ones — PACE, AA, CA — are picked up as they land). */
export function demoCards(): DemoCard[] {
  const root = join(repoRoot, 'resources', 'demo-cards');
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'card.json')))
    .map((d) => ({ name: d.name, dir: join(root, d.name), profile: loadCardDirectory(join(root, d.name)) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Resolve with the first event matching `pred` (or at once if `already()` holds). */
export function nextEvent(readers: PcscReaders, pred: (e: PcscEvent) => boolean, timeoutMs = 10_000, already?: () => boolean): Promise<PcscEvent | null> {
  if (already?.()) return Promise.resolve(null);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching PC/SC event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = readers.subscribe((e) => {
      if (!pred(e)) return;
      clearTimeout(timer);
      off();
      resolve(e);
    });
  });
}
