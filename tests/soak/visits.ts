// Scripted visits for the soak run, each as a person (and, where the story needs one, a member of staff) would
// drive the kiosk through the renderer's API, with the outcome each must reach asserted on the way. After
// every visit `checkClean` asserts that the kiosk, back at attract, carries nothing of it: not on the screen
// snapshot, not in the staff facts, not in the core's visit data.
import { DEMO_CITIZENS } from '../../electron/card/fixtures/demo-citizens.ts';
import * as contract from '../../electron/contract/kiosk-api.ts';
import type { KioskParams } from '../../electron/contract/kiosk-api.ts';
import type { KioskView, ScreenStep, ServiceKind } from '../../electron/contract/view.ts';
import type { FrameSet } from './frames.ts';
import { CLIP_FPS } from './frames.ts';
import { KioskCallError, type KioskClient } from './kiosk-client.ts';

export interface Citizen {
  card: string;
  idNumber: string;
  /** DDMMYYYY as typed on the keypad. */
  dob: string;
  doe: string | 'none';
}

export const DUC: Citizen = { card: 'dang-quoc-duc', idNumber: '079090001234', dob: '02111990', doe: '02112030' };
export const AN: Citizen = { card: 'nguyen-van-an', idNumber: '001058012345', dob: '15031958', doe: 'none' };
/** Nguyễn Văn An's boarding pass for VN213 (IATA BCBP), as the camera would scan it. */
export const AN_BCBP = 'M1NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100';
export const DUC_PNR = 'DQD240';

export interface Faces {
  /** Đặng Quốc Đức (the demo card's portrait is another photo of the same man). */
  duc: FrameSet;
  /** Nguyễn Văn An. */
  an: FrameSet;
}

export interface VisitContext {
  c: KioskClient;
  faces: Faces;
  pin: string;
  random: () => number;
  /** Switches the hospital simulator's fault (wherever the simulators run). */
  setFault(fault: 'none' | 'down' | '500' | 'slow'): Promise<void>;
  /** Counts what happened beside the planned outcome (e.g. a live face the engine did not accept). */
  note(event: string): void;
}

export type Outcome =
  | 'hospital-ok'
  | 'airport-pnr'
  | 'airport-bcbp'
  | 'consent-refused'
  | 'face-mismatch'
  | 'card-pulled'
  | 'cancel'
  | 'backend-fault'
  | 'idle-timeout';

const STEP_MS = 30_000;
const FACE_MS = 90_000;

const at =
  (step: ScreenStep) =>
  (v: KioskView): boolean =>
    v.screen.step === step;

class VisitFailure extends Error {}

/** The answer to the consent screen, naming the wording's version where the contract asks for one. */
function consentAnswer(accepted: boolean): KioskParams['answerConsent'] {
  const version = (contract as Record<string, unknown>).CONSENT_TEXT_VERSION;
  return (typeof version === 'string' ? { accepted, textVersion: version } : { accepted }) as KioskParams['answerConsent'];
}

function expectThat(ok: boolean, what: string): asserts ok {
  if (!ok) throw new VisitFailure(what);
}

async function ensureStaff(x: VisitContext): Promise<void> {
  if (x.c.view.staff) return;
  await x.c.call('staffLogin', { pin: x.pin });
  await x.c.waitFor((v) => v.staff !== null, STEP_MS, 'staff panel');
}

async function toAccessKey(x: VisitContext, service: ServiceKind): Promise<void> {
  await x.c.call('start', {});
  await x.c.waitFor(at('choose-service'), STEP_MS, 'choose-service');
  await x.c.call('chooseService', { service });
  await x.c.waitFor(at('consent'), STEP_MS, 'consent');
  await x.c.call('answerConsent', consentAnswer(true));
  await x.c.waitFor(at('access-key'), STEP_MS, 'access-key');
}

async function enterKey(x: VisitContext, who: Citizen): Promise<void> {
  await x.c.call('submitAccessKey', { kind: 'keypad', idNumber: who.idNumber, dateOfBirth: who.dob, dateOfExpiry: who.doe });
  await x.c.waitFor(at('place-card'), STEP_MS, 'place-card');
}

async function tap(x: VisitContext, who: Citizen, pullAfterApdus?: number): Promise<void> {
  await ensureStaff(x);
  await x.c.call('staffTapCard', pullAfterApdus === undefined ? { cardId: who.card } : { cardId: who.card, pullAfterApdus });
}

/** Through the chip read to the face step, checking the chip verdict the face screen shows. */
async function readCard(x: VisitContext, who: Citizen): Promise<void> {
  await tap(x, who);
  const v = await x.c.waitFor((w) => w.screen.step === 'face' || w.screen.step === 'failed', STEP_MS, 'chip verdict');
  expectThat(v.screen.step !== 'failed', `read failed: ${v.screen.step === 'failed' ? v.screen.error : ''}`);
  if (v.screen.step === 'face') expectThat(v.screen.verdict.accepted && v.screen.verdict.passive === 'valid', `chip verdict ${JSON.stringify(v.screen.verdict)}`);
}

/**
 * The camera: frames at the clip's rate, looped, until the face step is over (the host drops frames while it
 * is still analysing one, as it does for the renderer). Answers "more time?" if it comes up.
 */
async function camera(x: VisitContext, frames: Uint8Array<ArrayBuffer>[]): Promise<KioskView> {
  const started = Date.now();
  let i = Math.floor(x.random() * frames.length);
  while (x.c.view.screen.step === 'face') {
    if (Date.now() - started > FACE_MS) throw new VisitFailure('face step did not end');
    if (x.c.view.moreTimeUntil !== null) await x.c.call('moreTime', {}).catch(() => null);
    await x.c.call('sendFrame', { jpeg: frames[i % frames.length], width: 640, height: 480 }).catch((e: unknown) => {
      if (!(e instanceof KioskCallError)) throw e;
    });
    i++;
    await sleep(1000 / CLIP_FPS);
  }
  return x.c.view;
}

async function staffDecide(x: VisitContext, decision: 'approve' | 'reject'): Promise<void> {
  await ensureStaff(x);
  expectThat(x.c.view.staff?.visit.canDecide === true, 'staff cannot decide');
  await x.c.call('staffDecide', { decision, reason: decision === 'approve' ? 'Đã kiểm tra giấy tờ thứ hai' : 'Không khớp với người trước quầy' });
}

/** A face step that should verify: if the engine does not accept the synthetic subject, staff approves instead. */
async function verifiedFace(x: VisitContext, frames: Uint8Array<ArrayBuffer>[], next: ScreenStep): Promise<boolean> {
  const v = await camera(x, frames);
  if (v.screen.step === next || (v.screen.step === 'submitting' && next === 'result')) return false;
  expectThat(v.screen.step === 'failed' && v.screen.staffCanTakeOver, `face step ended at ${JSON.stringify(v.screen)}`);
  x.note(`face fallback: ${v.screen.step === 'failed' ? v.screen.error : ''}`);
  await staffDecide(x, 'approve');
  return true;
}

/** A photo held still: the liveness check fails, staff looks at the person and the card and approves. */
async function stillThenStaff(x: VisitContext, frames: FrameSet): Promise<void> {
  const v = await camera(x, frames.still);
  expectThat(v.screen.step === 'failed', `still photo ended at ${v.screen.step}`);
  if (v.screen.step === 'failed') {
    if (v.screen.error !== 'LIVENESS_FAILED') x.note(`still photo: ${v.screen.error}`);
    expectThat(v.screen.staffCanTakeOver, `no staff takeover after ${v.screen.error}`);
  }
  await staffDecide(x, 'approve');
}

async function result(x: VisitContext, kind: 'hospital-ticket' | 'boarding' | 'queued', staffVerified: boolean | null): Promise<void> {
  const v = await x.c.waitFor((w) => w.screen.step === 'result' || w.screen.step === 'failed', STEP_MS, 'result');
  expectThat(v.screen.step === 'result' && v.screen.result.kind === kind, `expected ${kind}, got ${JSON.stringify(v.screen)}`);
  if (staffVerified !== null && v.screen.step === 'result') expectThat(v.screen.result.staffVerified === staffVerified, `staffVerified ${String(v.screen.result.staffVerified)}`);
  await x.c.call('finish', {});
}

// ── the visits ─────────────────────────────────────────────────────────────────────────────────────────────

export async function hospitalOk(x: VisitContext): Promise<void> {
  await toAccessKey(x, 'hospital');
  await enterKey(x, DUC);
  await readCard(x, DUC);
  const staff = await verifiedFace(x, x.faces.duc.live, 'result');
  await result(x, 'hospital-ticket', staff);
}

export async function airport(x: VisitContext, how: 'pnr' | 'bcbp'): Promise<void> {
  const who = how === 'pnr' ? DUC : AN;
  await toAccessKey(x, 'airport');
  await enterKey(x, who);
  await readCard(x, who);
  const staff = await verifiedFace(x, how === 'pnr' ? x.faces.duc.live : x.faces.an.live, 'booking');
  await x.c.waitFor(at('booking'), STEP_MS, 'booking');
  await x.c.call('submitBooking', { text: how === 'pnr' ? DUC_PNR : AN_BCBP });
  await result(x, 'boarding', staff);
}

export async function consentRefused(x: VisitContext): Promise<void> {
  await x.c.call('start', {});
  await x.c.waitFor(at('choose-service'), STEP_MS, 'choose-service');
  await x.c.call('chooseService', { service: x.random() < 0.5 ? 'hospital' : 'airport' });
  await x.c.waitFor(at('consent'), STEP_MS, 'consent');
  await x.c.call('answerConsent', consentAnswer(false));
  const v = await x.c.waitFor(at('staff-desk'), STEP_MS, 'staff desk');
  expectThat(v.screen.step === 'staff-desk' && v.screen.reason === 'consent-refused', 'staff desk reason');
  await x.c.call('finish', {});
}

/** Someone else in front of the camera: FACE_MISMATCH; staff rejects (to the desk) or approves (staff-verified). */
export async function faceMismatch(x: VisitContext): Promise<void> {
  await toAccessKey(x, 'hospital');
  await enterKey(x, DUC);
  await readCard(x, DUC);
  const v = await camera(x, x.faces.an.live);
  expectThat(v.screen.step === 'failed', `mismatch ended at ${v.screen.step}`);
  if (v.screen.step === 'failed' && v.screen.error !== 'FACE_MISMATCH') x.note(`mismatch visit: ${v.screen.error}`);
  if (x.random() < 0.5) {
    await staffDecide(x, 'reject');
    const d = await x.c.waitFor(at('staff-desk'), STEP_MS, 'staff desk');
    expectThat(d.screen.step === 'staff-desk' && d.screen.reason === 'staff-rejected', 'staff-rejected');
    await x.c.call('finish', {});
  } else {
    await staffDecide(x, 'approve');
    await result(x, 'hospital-ticket', true);
  }
}

/** The card leaves the reader mid-read: the kiosk asks for it again and resumes; a photo then fails liveness. */
export async function cardPulled(x: VisitContext): Promise<void> {
  await toAccessKey(x, 'hospital');
  await enterKey(x, AN);
  await tap(x, AN, 3 + Math.floor(x.random() * 25));
  const v = await x.c.waitFor((w) => (w.screen.step === 'place-card' && w.screen.resume) || w.screen.step === 'face' || w.screen.step === 'failed', STEP_MS, 'pulled');
  expectThat(v.screen.step === 'place-card', `after the pull: ${JSON.stringify(v.screen)}`);
  await readCard(x, AN);
  await stillThenStaff(x, x.faces.an);
  await result(x, 'hospital-ticket', true);
}

/** Cancel at the booking step needs a whole live face step first: the soak's mix leaves it to the airport visits' path. */
export const CANCEL_AT: ScreenStep[] = ['choose-service', 'consent', 'access-key', 'place-card', 'reading', 'face'];

/** The person gives up at some step and presses Cancel. */
export async function cancel(x: VisitContext, stepAt: ScreenStep): Promise<void> {
  const go = async (): Promise<void> => {
    await x.c.call('start', {});
    await x.c.waitFor(at('choose-service'), STEP_MS, 'choose-service');
    if (stepAt === 'choose-service') return;
    await x.c.call('chooseService', { service: stepAt === 'booking' ? 'airport' : 'hospital' });
    await x.c.waitFor(at('consent'), STEP_MS, 'consent');
    if (stepAt === 'consent') return;
    await x.c.call('answerConsent', consentAnswer(true));
    await x.c.waitFor(at('access-key'), STEP_MS, 'access-key');
    if (stepAt === 'access-key') {
      await x.c.call('submitAccessKey', { kind: 'keypad', idNumber: AN.idNumber, dateOfBirth: '9999', dateOfExpiry: 'none' }).catch(() => null);
      return;
    }
    await enterKey(x, AN);
    if (stepAt === 'place-card') return;
    await tap(x, AN);
    // Cancelled while the chip is read (the camera is already on; the host may have finished a fast read).
    await x.c.waitFor((v) => v.screen.step === 'reading' || v.screen.step === 'face', STEP_MS, 'reading');
    if (stepAt === 'reading') return;
    await x.c.waitFor(at('face'), STEP_MS, 'face');
    if (stepAt === 'face') {
      await x.c.waitFor((v) => v.screen.step === 'face' && v.screen.face.phase !== 'starting', STEP_MS, 'face ready');
      await x.c.call('sendFrame', { jpeg: x.faces.an.live[0], width: 640, height: 480 });
      return;
    }
    await verifiedFace(x, x.faces.an.live, 'booking');
    await x.c.waitFor(at('booking'), STEP_MS, 'booking');
  };
  await go();
  await x.c.call('cancel', {});
}

/** The backend is down / answers 500 / is slow: the visit is kept in the outbox and the person told so. */
export async function backendFault(x: VisitContext, fault: 'down' | '500' | 'slow'): Promise<void> {
  await x.setFault(fault);
  try {
    await toAccessKey(x, 'hospital');
    await enterKey(x, AN);
    await readCard(x, AN);
    await stillThenStaff(x, x.faces.an);
    await result(x, 'queued', true);
  } finally {
    await x.setFault('none');
  }
}

/** The person walks away at the service choice: "more time?" goes unanswered and the visit is wiped. */
export async function idleTimeout(x: VisitContext, limitMs: number): Promise<void> {
  await x.c.call('start', {});
  await x.c.waitFor(at('choose-service'), STEP_MS, 'choose-service');
  await x.c.waitFor((v) => v.moreTimeUntil !== null, limitMs, 'more-time prompt');
}

// ── after every visit ──────────────────────────────────────────────────────────────────────────────────────

const FORBIDDEN = DEMO_CITIZENS.flatMap((c) => [c.record.idNumber, c.record.fullName, c.record.fullName.split(' ').at(-1) ?? '']).filter((s) => s.length > 2);

export interface Residue {
  step: string;
  card: boolean;
  portrait: boolean;
  files: number;
  keys: number;
  consent: boolean;
  face: boolean;
  booking: boolean;
}

/** Back at attract with nothing of the visit left: screen, staff facts, main-side visit data. */
export async function checkClean(x: VisitContext, limitMs: number): Promise<void> {
  const v = await x.c.waitFor(at('attract'), limitMs, 'attract after the visit');
  expectThat(v.language === 'vi', `language ${v.language}`);
  expectThat(v.moreTimeUntil === null, 'more-time prompt left');
  const s = v.staff;
  if (s) {
    const f = s.visit;
    expectThat(
      f.step === 'attract' && f.service === null && f.consent === null && f.chip === null && f.face === null && f.liveness === 'not-performed' && f.livenessReason === null && f.error === null && !f.canDecide,
      `staff facts not empty: ${JSON.stringify(f)}`,
    );
    expectThat(s.tappedCard === null && !s.health.reader.cardPresent, 'a card is still on the reader');
  }
  const text = JSON.stringify(v);
  const leaked = FORBIDDEN.find((n) => text.includes(n));
  expectThat(leaked === undefined, 'a demo citizen name or number is still in the view');
  const r = await x.c.hook<Residue>('residue');
  expectThat(r.step === 'attract' && !r.card && !r.portrait && r.files === 0 && r.keys === 0 && !r.consent && !r.face && !r.booking, `visit data left in main: ${JSON.stringify(r)}`);
}

export { VisitFailure };

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
