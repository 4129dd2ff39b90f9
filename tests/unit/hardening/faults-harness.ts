// Shared set-up for the fault-injection tests (faults-*.test.ts): a KioskCore on the emulated reader with the
// demo cards, the scripted face engine stand-in, and helpers that walk a visit to a given step.
import { join } from 'node:path';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { EmulatedReader, loadDemoCards } from '../../../electron/checkin/card-reader.ts';
import { STRICT_CHIP_POLICY } from '../../../electron/checkin/chip-verdict.ts';
import { KioskCore } from '../../../electron/checkin/kiosk-core.ts';
import { StaffAuth, hashPin } from '../../../electron/checkin/staff-auth.ts';
import type { VisitBackends } from '../../../electron/checkin/submission.ts';
import { DEFAULT_POLICY } from '../../../electron/checkin/visit-machine.ts';
import * as contract from '../../../electron/contract/kiosk-api.ts';
import type { KioskParams } from '../../../electron/contract/kiosk-api.ts';
import type { KioskView, ScreenStep } from '../../../electron/contract/view.ts';
import { TrustStore } from '../../../electron/emrtd/auth/trust-store.ts';
import type { FaceEngine } from '../../../electron/face/engine.ts';
import { repoRoot } from '../../helpers/shared.ts';
import { fakeFaceEngine } from '../checkin/fakes.ts';
import { until } from '../checkin/view-wait.ts';

export const CARDS = loadDemoCards(join(repoRoot, 'resources', 'demo-cards'));
export const TRUST = TrustStore.fromDirectory(join(repoRoot, 'resources', 'csca'));
export const AN_KEY = { kind: 'keypad', idNumber: '001058012345', dateOfBirth: '15031958', dateOfExpiry: 'none' } as const;
export const AN_CARD = 'nguyen-van-an';
export const PIN = '246810';
const PIN_HASH = hashPin(PIN, { N: 1 << 10, r: 8, p: 1 });
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

export const EMPTY_RESIDUE = { step: 'attract', card: false, portrait: false, files: 0, keys: 0, consent: false, face: false, booking: false };

export interface TestKiosk {
  core: KioskCore;
  reader: EmulatedReader;
  audit: MemoryAuditSink;
}

export function makeKiosk(backends: VisitBackends, opts: { face?: FaceEngine | null } = {}): TestKiosk {
  const reader = new EmulatedReader(CARDS, null);
  const audit = new MemoryAuditSink();
  const core = new KioskCore({
    reader,
    trust: TRUST,
    chipPolicy: STRICT_CHIP_POLICY,
    staff: new StaffAuth(PIN_HASH, { maxFailures: 3, lockMs: 60_000 }),
    audit,
    face: opts.face === undefined ? (fakeFaceEngine({ distance: 0.4, liveness: 2 }) as FaceEngine) : opts.face,
    backends,
    policy: DEFAULT_POLICY,
    facePolicy: { challenge: ['TURN_LEFT', 'TURN_RIGHT'], settleFrames: 2, positioningMs: 30_000 },
  });
  return { core, reader, audit };
}

export { at, until } from '../checkin/view-wait.ts';

/** The answer to the consent screen, naming the wording's version where the contract asks for one. */
export function consentAnswer(accepted: boolean): KioskParams['answerConsent'] {
  const version = (contract as Record<string, unknown>).CONSENT_TEXT_VERSION;
  return (typeof version === 'string' ? { accepted, textVersion: version } : { accepted }) as KioskParams['answerConsent'];
}

export async function toKey(core: KioskCore, service: 'hospital' | 'airport' = 'hospital'): Promise<void> {
  await core.call('start', {});
  await core.call('chooseService', { service });
  await core.call('answerConsent', consentAnswer(true));
}

/** Frames until the face step is over (the fake engine passes the challenge after two). */
export async function feedFrames(core: KioskCore, step: ScreenStep | ScreenStep[]): Promise<KioskView> {
  const steps = Array.isArray(step) ? step : [step];
  const before: ScreenStep[] = ['place-card', 'reading'];
  await until(core, (v) => (v.screen.step === 'face' ? v.screen.face.phase === 'positioning' : !before.includes(v.screen.step)), 'face ready');
  for (let i = 0; i < 50 && core.view().screen.step === 'face'; i++) {
    await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 });
    await new Promise((r) => setTimeout(r, 5));
  }
  return until(core, (v) => steps.includes(v.screen.step), steps.join('|'));
}

/** A promise with its resolve, for holding a backend answer back while the test acts. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}
