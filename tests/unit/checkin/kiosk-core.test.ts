import { describe, it, expect, afterEach } from 'vitest';
import { join } from 'node:path';
import { KioskCore, type KioskCoreOptions } from '../../../electron/checkin/kiosk-core.ts';
import { CONSENT_TEXT_VERSION } from '../../../electron/contract/kiosk-api.ts';
import { DEMO_LINK, EmulatedReader, loadDemoCards } from '../../../electron/checkin/card-reader.ts';
import { STRICT_CHIP_POLICY } from '../../../electron/checkin/chip-verdict.ts';
import { DEFAULT_POLICY } from '../../../electron/checkin/visit-machine.ts';
import { StaffAuth, hashPin } from '../../../electron/checkin/staff-auth.ts';
import { TrustStore } from '../../../electron/emrtd/auth/trust-store.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import type { ScreenStep } from '../../../electron/contract/view.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { FaceError } from '../../../electron/face/errors.ts';
import { repoRoot } from '../../helpers/shared.ts';
import { fakeBackends, fakeFaceEngine, type FakeFaceScript } from './fakes.ts';
import { at, until } from './view-wait.ts';

const CARDS = loadDemoCards(join(repoRoot, 'resources', 'demo-cards'));
const TRUST = TrustStore.fromDirectory(join(repoRoot, 'resources', 'csca'));
const AN = { kind: 'keypad', idNumber: '001058012345', dateOfBirth: '15031958', dateOfExpiry: 'none' } as const;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PIN = '246810';
const PIN_HASH = hashPin(PIN, { N: 1 << 10, r: 8, p: 1 });

let cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores) await c.close();
  cores = [];
});

/** `realtime`: the demo card on a modelled 424 kbit/s link (a read of about a second), else as fast as it goes. */
function makeCore(opts: Partial<Omit<KioskCoreOptions, 'face'>> & { face?: FakeFaceScript | null; realtime?: boolean } = {}) {
  const reader = new EmulatedReader(CARDS, opts.realtime ? DEMO_LINK : null);
  const face = opts.face === null ? null : fakeFaceEngine(opts.face ?? { distance: 0.4, liveness: 2 });
  const backends = fakeBackends();
  const audit = new MemoryAuditSink();
  const core = new KioskCore({
    reader,
    trust: TRUST,
    chipPolicy: STRICT_CHIP_POLICY,
    staff: new StaffAuth(PIN_HASH, { maxFailures: 3, lockMs: 60_000 }),
    audit,
    ...opts,
    face: opts.face === null ? null : (face as KioskCoreOptions['face']),
    backends: opts.backends === undefined ? backends : opts.backends,
    policy: { ...DEFAULT_POLICY, ...(opts.policy ?? {}) },
    facePolicy: { challenge: ['TURN_LEFT', 'TURN_RIGHT'], settleFrames: 2, positioningMs: 30_000 },
  });
  cores.push(core);
  return { core, reader, face, backends, audit };
}


async function toKey(core: KioskCore, service: 'hospital' | 'airport' = 'hospital') {
  await core.call('start', {});
  await core.call('chooseService', { service });
  await core.call('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION });
}

async function feedFrames(core: KioskCore, step: ScreenStep) {
  // Frames keep coming from the camera until the face step is over.
  for (let i = 0; i < 50 && core.view().screen.step === 'face'; i++) {
    await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 });
    await new Promise((r) => setTimeout(r, 5));
  }
  return until(core, at(step));
}

describe('kiosk core: a whole visit on the emulated reader with the demo card', () => {
  it('hospital: key, tap, genuine chip, face verified, submitted with facts only, ticket, then wiped', async () => {
    const { core, reader, backends, audit, face } = makeCore();
    await toKey(core);
    await core.call('submitAccessKey', AN);
    expect(core.view().screen).toEqual({ step: 'place-card', resume: false });
    reader.tap('nguyen-van-an');
    // No screen of its own for the accepted chip: the face screen carries the verdict.
    // The demo card carries AA (DG15) and CA (DG14) keys; both are performed during the read.
    const verdict = await until(core, at('face'));
    expect(verdict.screen).toMatchObject({ step: 'face', verdict: { accepted: true, passive: 'valid', active: 'valid', chip: 'valid', holderName: 'Nguyễn Văn An' } });
    await until(core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'positioning');
    const result = await feedFrames(core, 'result');
    expect(result.screen).toMatchObject({ step: 'result', result: { kind: 'hospital-ticket', holderName: 'Nguyễn Văn An', ticket: { number: 'KB-007' }, staffVerified: false } });
    expect(face?.calls).toContain('decide');

    expect(backends.submitted).toHaveLength(1);
    const sent = backends.submitted[0];
    expect(sent.card.authenticity.passive.status).toBe('valid');
    expect(sent.verification.face).toMatchObject({ result: 'match', threshold: 0.5 });
    expect(sent.verification.face.score).toBeGreaterThan(0.5);
    expect(sent.verification.liveness.result).toBe('pass');
    expect(sent.verification.staffOverride).toBeNull();
    expect(sent.verification.consentId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(sent)).not.toMatch(/portrait"?:\s*\{?"?(image|bytes)/);

    await core.call('finish', {});
    expect(core.view().screen.step).toBe('attract');
    expect(core.residue()).toEqual({ step: 'attract', card: false, portrait: false, files: 0, keys: 0, consent: false, face: false, booking: false });
    const types = audit.events.map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['visit.started', 'visit.consent', 'visit.chip', 'visit.face', 'visit.submitted', 'visit.ended']));
    expect(JSON.stringify(audit.events)).not.toMatch(/001058012345|Nguyễn|NGUYEN/);
  });

  it('airport: booking after the face, a wrong booking goes back with the reason', async () => {
    const { core, reader, backends } = makeCore();
    reader.tap('nguyen-van-an'); // card already on the reader
    await toKey(core, 'airport');
    await core.call('submitAccessKey', AN);
    await until(core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'positioning');
    await feedFrames(core, 'booking');
    await core.call('submitBooking', { text: 'nonsense!' });
    expect(core.view().screen).toEqual({ step: 'booking', error: 'BOOKING_INVALID' });
    await core.call('submitBooking', { text: 'ZZZ999' });
    await until(core, (v) => v.screen.step === 'booking' && v.screen.error === 'BOOKING_NOT_FOUND');
    await core.call('submitBooking', { text: 'abc123' });
    const r = await until(core, at('result'));
    expect(r.screen).toMatchObject({ result: { kind: 'boarding', seat: '12A' } });
    expect(backends.submitted.at(-1)?.booking).toBe('abc123');
  });
});

describe('kiosk core: the camera under the read', () => {
  it('frames are taken while the chip is read (guidance on the reading screen); the accepted chip starts the challenge at once', async () => {
    const { core, reader, face } = makeCore({ realtime: true });
    await toKey(core);
    await core.call('submitAccessKey', AN);
    reader.tap('nguyen-van-an');
    const reading = await until(core, (v) => v.screen.step === 'reading' && v.screen.face?.phase === 'positioning');
    expect(reading.screen).toMatchObject({ step: 'reading', face: { phase: 'positioning', challenge: null } });
    // The renderer's camera on the reading screen: frames until the screen changes, none after.
    let taken = 0;
    while (core.view().screen.step === 'reading') {
      if ((await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 })).accepted) taken++;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(taken).toBeGreaterThanOrEqual(2);
    // Settled under the read: the challenge is on screen without another frame, the verdict above it.
    const challenge = await until(core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'challenge');
    expect(challenge.screen).toMatchObject({ step: 'face', verdict: { accepted: true, holderName: 'Nguyễn Văn An' } });
    const calls = face?.calls ?? [];
    // Positioning frames were analysed before the portrait went in; the challenge only after it was given.
    expect(calls.indexOf('analyzeFrame')).toBeGreaterThan(calls.indexOf('endVisit'));
    expect(calls.indexOf('setPortrait')).toBeGreaterThan(calls.indexOf('analyzeFrame'));
    expect(calls.indexOf('startLiveness')).toBeGreaterThan(calls.indexOf('setPortrait'));
    expect(calls.filter((c) => c === 'setPortrait')).toHaveLength(1);
    const result = await feedFrames(core, 'result');
    expect(result.screen).toMatchObject({ step: 'result', result: { kind: 'hospital-ticket' } });
  });

  it('a portrait the engine cannot use fails the face step at once, before any challenge', async () => {
    const { core, reader, face } = makeCore({ realtime: true, face: { distance: 0.4, liveness: 2, portraitError: new FaceError('NO_FACE', 'none') } });
    await toKey(core);
    await core.call('submitAccessKey', AN);
    reader.tap('nguyen-van-an');
    await until(core, (v) => v.screen.step === 'reading' && v.screen.face?.phase === 'positioning');
    while (core.view().screen.step === 'reading') {
      await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 });
      await new Promise((r) => setTimeout(r, 20));
    }
    const f = await until(core, at('failed'));
    expect(f.screen).toMatchObject({ error: 'NO_PORTRAIT', staffCanTakeOver: true });
    expect(face?.calls).not.toContain('startLiveness');
    expect(core.residue().face).toBe(false);
  });
});

describe('kiosk core: what goes wrong', () => {
  it('a wrong date of birth is refused by the chip and asked again', async () => {
    const { core, reader } = makeCore();
    reader.tap('nguyen-van-an');
    await toKey(core);
    await core.call('submitAccessKey', { ...AN, dateOfBirth: '16031958' });
    const v = await until(core, (x) => x.screen.step === 'access-key' && x.screen.error === 'ACCESS_KEY_REJECTED');
    expect(v.screen).toMatchObject({ attempts: 1 });
    expect(core.residue().files).toBe(0);
  });

  it('a malformed key stays on the key step with ACCESS_KEY_INVALID', async () => {
    const { core } = makeCore();
    await toKey(core);
    await core.call('submitAccessKey', { ...AN, idNumber: '12345' });
    expect(core.view().screen).toMatchObject({ step: 'access-key', error: 'ACCESS_KEY_INVALID' });
    await core.call('submitAccessKey', { ...AN, dateOfBirth: '31021958' });
    expect(core.view().screen).toMatchObject({ step: 'access-key', error: 'ACCESS_KEY_INVALID' });
  });

  it('the card pulled away mid-read: asked back, then the read resumes and completes', async () => {
    const { core, reader } = makeCore();
    await toKey(core);
    await core.call('submitAccessKey', AN);
    reader.tap('nguyen-van-an', { pullAfterApdus: 40 });
    await until(core, (v) => v.screen.step === 'place-card' && v.screen.resume);
    expect(core.residue().files).toBeGreaterThan(0);
    reader.tap('nguyen-van-an');
    const v = await until(core, at('face'));
    expect(v.screen).toMatchObject({ verdict: { accepted: true, passive: 'valid' } });
  });

  it('the card pulled away mid-read stops the camera; the next read starts it again', async () => {
    const { core, reader } = makeCore({ realtime: true });
    await toKey(core);
    await core.call('submitAccessKey', AN);
    reader.tap('nguyen-van-an', { pullAfterApdus: 30 });
    await until(core, (v) => v.screen.step === 'reading' && v.screen.face?.phase === 'positioning');
    expect(await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 })).toEqual({ accepted: true });
    await until(core, (v) => v.screen.step === 'place-card' && v.screen.resume);
    expect(core.residue().face).toBe(false);
    expect(await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 })).toEqual({ accepted: false });
    reader.tap('nguyen-van-an');
    await until(core, (v) => v.screen.step === 'reading' && v.screen.face?.phase === 'positioning');
    expect(core.residue().face).toBe(true);
    await core.call('cancel', {});
    // A wipe always releases it.
    expect(core.residue()).toMatchObject({ step: 'attract', face: false });
    expect(await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 })).toEqual({ accepted: false });
  });

  it('another card put back after a pull-away fails passive authentication rather than mixing two chips', async () => {
    const { core, reader } = makeCore();
    await toKey(core);
    await core.call('submitAccessKey', AN);
    reader.tap('nguyen-van-an', { pullAfterApdus: 40 });
    await until(core, (v) => v.screen.step === 'place-card');
    reader.tap('dang-quoc-duc');
    // Duc's chip refuses An's key: back to the key step, and nothing of An's chip kept.
    await until(core, (v) => v.screen.step === 'access-key' && v.screen.error === 'ACCESS_KEY_REJECTED');
    expect(core.residue()).toMatchObject({ files: 0, face: false });
  });

  it('face mismatch: staff signs in, must give a reason, approves; submission is marked staff-verified', async () => {
    const { core, reader, backends, audit } = makeCore({ face: { distance: 0.8, liveness: 2 } });
    reader.tap('nguyen-van-an');
    await toKey(core);
    await core.call('submitAccessKey', AN);
    await until(core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'positioning');
    const failed = await feedFrames(core, 'failed');
    expect(failed.screen).toEqual({ step: 'failed', error: 'FACE_MISMATCH', canRetry: false, staffCanTakeOver: true });
    await expect(core.call('staffDecide', { decision: 'approve', reason: 'checked card photo' })).rejects.toMatchObject({ code: 'NOT_ALLOWED_NOW' });
    await expect(core.call('staffLogin', { pin: '000000' })).rejects.toMatchObject({ code: 'STAFF_PIN_WRONG' });
    await core.call('staffLogin', { pin: PIN });
    const staff = core.view().staff;
    expect(staff?.visit).toMatchObject({ step: 'failed', error: 'FACE_MISMATCH', canDecide: true, face: { result: 'no-match' } });
    expect(JSON.stringify(staff)).not.toMatch(/001058012345/);
    await expect(core.call('staffDecide', { decision: 'approve', reason: '  ' })).rejects.toMatchObject({ code: 'STAFF_REASON_REQUIRED' });
    await core.call('staffDecide', { decision: 'approve', reason: 'compared with the printed photo and a second ID' });
    const r = await until(core, at('result'));
    expect(r.screen).toMatchObject({ result: { kind: 'hospital-ticket', staffVerified: true } });
    expect(backends.submitted[0].verification.face.result).toBe('no-match');
    // The backend sees that a person decided, and why.
    expect(backends.submitted[0].verification.staffOverride).toEqual({ reason: 'compared with the printed photo and a second ID' });
    expect(audit.events.find((e) => e.type === 'staff.decision')?.data).toMatchObject({ decision: 'approve', error: 'FACE_MISMATCH' });
  });

  it('liveness failure goes to staff; rejection sends the person to the desk and wipes', async () => {
    const { core, reader } = makeCore({ face: { distance: 0.3, liveness: 'fail' } });
    reader.tap('nguyen-van-an');
    await toKey(core);
    await core.call('submitAccessKey', AN);
    await until(core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'positioning');
    const f = await feedFrames(core, 'failed');
    expect(f.screen).toMatchObject({ error: 'LIVENESS_FAILED', staffCanTakeOver: true });
    await core.call('staffLogin', { pin: PIN });
    await core.call('staffDecide', { decision: 'reject', reason: 'photo held up to the camera' });
    expect(core.view().screen).toEqual({ step: 'staff-desk', reason: 'staff-rejected' });
    expect(core.residue()).toMatchObject({ card: false, portrait: false, keys: 0 });
  });

  it('no face engine: the face step says so (never a made-up verdict)', async () => {
    const { core, reader } = makeCore({ face: null });
    reader.tap('nguyen-van-an');
    await toKey(core);
    await core.call('submitAccessKey', AN);
    const v = await until(core, at('failed'));
    expect(v.screen).toMatchObject({ error: 'FACE_ENGINE_UNAVAILABLE', staffCanTakeOver: true });
  });

  it('a chip signed by an unknown CSCA is refused', async () => {
    const { core, reader } = makeCore({ trust: new TrustStore() });
    reader.tap('nguyen-van-an');
    await toKey(core);
    await core.call('submitAccessKey', AN);
    const v = await until(core, at('failed'));
    expect(v.screen).toMatchObject({ error: 'CHIP_SIGNER_UNTRUSTED', staffCanTakeOver: false });
  });

  it('left alone: the more-time prompt, then the visit is wiped and the demo card leaves the reader', async () => {
    const { core, reader } = makeCore({ policy: { ...DEFAULT_POLICY, stepTimeoutMs: { ...DEFAULT_POLICY.stepTimeoutMs, 'access-key': 40 }, moreTimePromptMs: 40 } });
    reader.tap('nguyen-van-an');
    await toKey(core);
    const prompt = await until(core, (v) => v.moreTimeUntil !== null);
    expect(prompt.screen.step).toBe('access-key');
    await until(core, at('attract'));
    expect(core.residue()).toEqual({ step: 'attract', card: false, portrait: false, files: 0, keys: 0, consent: false, face: false, booking: false });
    expect(reader.present()).toBeNull();
  });

  it('consent refused: staff desk, nothing kept', async () => {
    const { core } = makeCore();
    await core.call('start', {});
    await core.call('chooseService', { service: 'hospital' });
    await core.call('answerConsent', { accepted: false, textVersion: CONSENT_TEXT_VERSION });
    expect(core.view().screen).toEqual({ step: 'staff-desk', reason: 'consent-refused' });
    expect(core.residue()).toMatchObject({ consent: false, keys: 0 });
  });

  it('rejects invalid requests and requests out of step with typed errors', async () => {
    const { core } = makeCore();
    await expect(core.call('chooseService', { service: 'bank' } as never)).rejects.toBeInstanceOf(KioskError);
    await expect(core.call('chooseService', { service: 'hospital' })).rejects.toMatchObject({ code: 'NOT_ALLOWED_NOW' });
    await expect(core.call('staffTapCard', { cardId: 'nguyen-van-an' })).rejects.toMatchObject({ code: 'NOT_ALLOWED_NOW' });
    expect(await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 })).toEqual({ accepted: false });
  });

  it('locks staff sign-in after repeated wrong PINs, even for the right one', async () => {
    const { core, audit } = makeCore();
    for (let i = 0; i < 2; i++) await expect(core.call('staffLogin', { pin: '111111' })).rejects.toMatchObject({ code: 'STAFF_PIN_WRONG' });
    await expect(core.call('staffLogin', { pin: '111111' })).rejects.toMatchObject({ code: 'STAFF_LOCKED' });
    await expect(core.call('staffLogin', { pin: PIN })).rejects.toMatchObject({ code: 'STAFF_LOCKED' });
    expect(core.view().staffLockedUntil).not.toBeNull();
    expect(audit.events.some((e) => e.type === 'staff.locked')).toBe(true);
  });
});
