// Shared set-up for backend tests: a temporary outbox folder, a configuration pointing at simulators on
// 127.0.0.1, a fixed outbox key, and a fake clock.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseBackendConfig, type BackendConfig } from '../../../electron/config/backend-config.ts';
import type { Clock } from '../../../electron/backends/outbox/outbox-store.ts';
import type { VerificationFacts } from '../../../electron/backends/visit-facts.ts';

export const OUTBOX_KEY_HEX = '7f'.repeat(16) + '3c'.repeat(16);
export const KEY_ENV = { KIOSK_OUTBOX_KEY: OUTBOX_KEY_HEX };

export function tempDir(prefix = 'kiosk-backends-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testConfig(dir: string, urls: { hospital?: string; airport?: string }, extra: Record<string, unknown> = {}): BackendConfig {
  return parseBackendConfig(
    {
      kioskId: 'kiosk-test-01',
      locationId: 'kiosk-sanh-a',
      hospital: urls.hospital ? { baseUrl: urls.hospital, timeoutMs: 2_000 } : undefined,
      airport: urls.airport ? { baseUrl: urls.airport, timeoutMs: 2_000 } : undefined,
      outbox: { dir: join(dir, 'outbox'), key: { kind: 'env', name: 'KIOSK_OUTBOX_KEY' }, retentionHours: 72, backoff: { initialMs: 1_000, maxMs: 30_000, factor: 2 }, firstAttemptWaitMs: 1_500 },
      audit: { file: join(dir, 'audit.jsonl') },
      ...extra,
    },
    dir,
  );
}

export class FakeClock implements Clock {
  constructor(public t = Date.UTC(2026, 10, 23, 1, 0, 0)) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

export const VERIFIED: VerificationFacts = {
  consentId: 'consent-test-1',
  face: { result: 'match', score: 0.81, threshold: 0.6 },
  liveness: { result: 'pass', score: 0.95 },
};

/** Every byte the outbox folder holds, as Latin-1 text (so any UTF-8 sequence shows up as a substring). */
export function outboxBytes(dir: string): string {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f)).toString('latin1'))
    .join('\n');
}

export async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
