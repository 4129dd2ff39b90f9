// The visit, as one explicit state machine: a pure reducer (state, event, now) → (state, effects). It holds
// only what the screens need (step, progress, verdict codes, guidance) — never card data, keys, portraits or
// frames: those live in the core's VisitData and are wiped by the 'wipe' effect. Every step but attract,
// reading and submitting has a deadline; when it passes the screen asks "Do you need more time?", and when
// that goes unanswered the visit is wiped and the kiosk returns to attract.
//
//   attract → choose-service → consent ─(no)→ staff-desk
//                                 └(yes)→ access-key → place-card → reading → face (the chip verdict on screen)
//   The camera is on from 'reading': the person is placed (quality guidance, the settle count) while the chip
//   is read, and the challenge starts as soon as the chip is accepted. A read that does not lead to 'face'
//   stops the camera; a wipe always does.
//   face ─(verified)→ booking (airport) → submitting → result → attract
//   any failure → failed (retry, staff takeover, or staff desk); cancel / timeout → attract (wiped)
import type { KioskErrorCode, Language } from '../contract/errors.ts';
import { KIOSK_ERRORS } from '../contract/errors.ts';
import type { ChipVerdictView, FaceView, KeyMethod, ResultView, ScreenStep, ScreenView, ServiceKind } from '../contract/view.ts';

export interface VisitPolicy {
  /** Services this kiosk offers, in the order shown; one service skips the choice. */
  services: ServiceKind[];
  defaultLanguage: Language;
  /** Time allowed on each step before "Do you need more time?" (ms). */
  stepTimeoutMs: Partial<Record<ScreenStep, number>>;
  /** How long the "more time" prompt waits for an answer before the visit is wiped. */
  moreTimePromptMs: number;
  /** Wrong access keys accepted before the visit goes to staff. */
  maxKeyAttempts: number;
  /** Face captures allowed (a retry after FACE_NOT_CAPTURED) before the visit goes to staff. */
  maxFaceAttempts: number;
}

/** Steps that move on by themselves when their time is up, instead of prompting. */
const AUTO_ADVANCE: ReadonlySet<ScreenStep> = new Set<ScreenStep>(['result', 'staff-desk']);

export const DEFAULT_POLICY: VisitPolicy = {
  services: ['hospital', 'airport'],
  defaultLanguage: 'vi',
  stepTimeoutMs: {
    'choose-service': 30_000,
    consent: 60_000,
    'access-key': 90_000,
    'place-card': 45_000,
    face: 60_000,
    booking: 90_000,
    result: 20_000,
    failed: 45_000,
    'staff-desk': 15_000,
  },
  moreTimePromptMs: 15_000,
  maxKeyAttempts: 3,
  maxFaceAttempts: 2,
};

export interface FaceOutcome {
  match: boolean;
  similarity: number;
  threshold: number;
  liveness: 'pass' | 'fail' | 'not-performed';
  /** Why the challenge failed (TIMEOUT, STATIC_IMAGE, …), for staff and the audit trail. */
  livenessReason?: string | null;
}

export interface VisitState {
  step: ScreenStep;
  language: Language;
  service: ServiceKind | null;
  consent: boolean | null;
  keyMethod: KeyMethod;
  keyAttempts: number;
  keyError: KioskErrorCode | null;
  cardPresent: boolean;
  /** A read was interrupted by the card leaving; the files already read are kept for the resume. */
  resume: boolean;
  progress: number;
  verdict: ChipVerdictView | null;
  face: FaceView | null;
  faceAttempts: number;
  faceOutcome: FaceOutcome | null;
  bookingError: KioskErrorCode | null;
  result: ResultView | null;
  error: KioskErrorCode | null;
  staffDeskReason: 'consent-refused' | 'visit-cancelled' | 'staff-rejected';
  staffVerified: boolean;
  deadline: number | null;
  moreTimeUntil: number | null;
}

export type VisitEvent =
  | { type: 'TOUCH' }
  | { type: 'SET_LANGUAGE'; language: Language }
  | { type: 'CHOOSE_SERVICE'; service: ServiceKind }
  | { type: 'CONSENT'; accepted: boolean }
  | { type: 'KEY_METHOD'; method: KeyMethod }
  | { type: 'KEY_ACCEPTED' }
  | { type: 'KEY_INVALID'; code: KioskErrorCode }
  | { type: 'CARD_PRESENT' }
  | { type: 'CARD_ABSENT' }
  | { type: 'READ_PROGRESS'; progress: number }
  | { type: 'READ_DONE'; verdict: ChipVerdictView; rejection: KioskErrorCode | null }
  | { type: 'READ_FAILED'; code: KioskErrorCode }
  | { type: 'FACE_UPDATE'; face: FaceView }
  | { type: 'FACE_DONE'; outcome: FaceOutcome }
  | { type: 'FACE_FAILED'; code: KioskErrorCode }
  | { type: 'BOOKING_INVALID'; code: KioskErrorCode }
  | { type: 'BOOKING_ENTERED' }
  | { type: 'SUBMITTED'; result: ResultView }
  | { type: 'SUBMIT_FAILED'; code: KioskErrorCode }
  | { type: 'STAFF_DECISION'; approve: boolean }
  | { type: 'RETRY' }
  | { type: 'MORE_TIME' }
  | { type: 'CANCEL' }
  | { type: 'FINISH' }
  | { type: 'TICK' };

export type VisitEffect =
  /** Forget everything of the visit: card data, keys, portrait, face engine state, camera. */
  | { type: 'wipe' }
  /** Read the chip with the access key held in VisitData (resuming from the files kept, if any). */
  | { type: 'read-card' }
  /**
   * Start the face step. portrait false (entering 'reading'): camera frames taken for positioning only (quality
   * guidance, the settle count; no challenge). portrait true (chip accepted, or a retry): the chip portrait goes
   * into the face engine — into the positioning step already running, if any — and the challenge starts once
   * the person is settled.
   */
  | { type: 'face-start'; portrait: boolean }
  | { type: 'face-stop' }
  | { type: 'submit' };

/** Entering 'reading': read the chip, and place the person in front of the camera meanwhile. */
const readEffects = (): VisitEffect[] => [{ type: 'read-card' }, { type: 'face-start', portrait: false }];

export interface Transition {
  state: VisitState;
  effects: VisitEffect[];
  /** The event did not apply to the current step (ignored; the caller may report NOT_ALLOWED_NOW). */
  ignored: boolean;
}

export function initialState(policy: VisitPolicy): VisitState {
  return {
    step: 'attract',
    language: policy.defaultLanguage,
    service: null,
    consent: null,
    keyMethod: 'keypad',
    keyAttempts: 0,
    keyError: null,
    cardPresent: false,
    resume: false,
    progress: 0,
    verdict: null,
    face: null,
    faceAttempts: 0,
    faceOutcome: null,
    bookingError: null,
    result: null,
    error: null,
    staffDeskReason: 'consent-refused',
    staffVerified: false,
    deadline: null,
    moreTimeUntil: null,
  };
}

/** Errors after which staff may take over the visit and decide by looking at the person and the card. */
const TAKEOVER: ReadonlySet<KioskErrorCode> = new Set<KioskErrorCode>([
  'FACE_MISMATCH',
  'LIVENESS_FAILED',
  'FACE_NOT_CAPTURED',
  'FACE_ENGINE_UNAVAILABLE',
  'CAMERA_UNAVAILABLE',
  'NO_PORTRAIT',
  'NAME_MISMATCH',
]);

export function staffCanTakeOver(s: VisitState): boolean {
  return s.step === 'failed' && s.error !== null && TAKEOVER.has(s.error);
}

/** A retry goes back to the card (chip errors) or the camera (no usable face frame), within the policy's limits. */
export function canRetry(s: VisitState, policy: VisitPolicy): boolean {
  if (s.step !== 'failed' || s.error === null || !KIOSK_ERRORS[s.error].retryable) return false;
  if (s.error === 'FACE_NOT_CAPTURED') return s.faceAttempts + 1 < policy.maxFaceAttempts;
  return s.error === 'CHIP_ERROR' || s.error === 'NO_CARD';
}

/** The screen the renderer shows for this state. */
export function screenOf(s: VisitState, policy: VisitPolicy): ScreenView {
  switch (s.step) {
    case 'attract':
      return { step: 'attract' };
    case 'choose-service':
      return { step: 'choose-service', options: [...policy.services] };
    case 'consent':
      return { step: 'consent', service: s.service ?? policy.services[0] };
    case 'staff-desk':
      return { step: 'staff-desk', reason: s.staffDeskReason };
    case 'access-key':
      return { step: 'access-key', method: s.keyMethod, error: s.keyError, attempts: s.keyAttempts };
    case 'place-card':
      return { step: 'place-card', resume: s.resume };
    case 'reading':
      return { step: 'reading', progress: s.progress, face: s.face };
    case 'face':
      return { step: 'face', face: s.face ?? { phase: 'starting', guidance: [], challenge: null, box: null }, verdict: s.verdict ?? emptyVerdict() };
    case 'booking':
      return { step: 'booking', error: s.bookingError };
    case 'submitting':
      return { step: 'submitting' };
    case 'result':
      return { step: 'result', result: s.result ?? { kind: 'queued', service: s.service ?? 'hospital', staffVerified: s.staffVerified } };
    case 'failed':
      return { step: 'failed', error: s.error ?? 'INTERNAL', canRetry: canRetry(s, policy), staffCanTakeOver: staffCanTakeOver(s) };
  }
}

function emptyVerdict(): ChipVerdictView {
  return { accepted: false, passive: 'not-checked', active: 'not-checked', chip: 'not-checked', holderName: null };
}

export class VisitMachine {
  constructor(readonly policy: VisitPolicy = DEFAULT_POLICY) {}

  initial(): VisitState {
    return initialState(this.policy);
  }

  private enter(s: VisitState, step: ScreenStep, now: number, patch: Partial<VisitState> = {}): VisitState {
    const t = this.policy.stepTimeoutMs[step];
    return { ...s, ...patch, step, deadline: t === undefined ? null : now + t, moreTimeUntil: null };
  }

  /** Back to attract with nothing of the visit left (language goes back to the kiosk's default). */
  private reset(): VisitState {
    return initialState(this.policy);
  }

  private fail(s: VisitState, code: KioskErrorCode, now: number): VisitState {
    return this.enter(s, 'failed', now, { error: code });
  }

  reduce(s: VisitState, e: VisitEvent, now: number): Transition {
    const done = (state: VisitState, effects: VisitEffect[] = []): Transition => ({ state, effects, ignored: false });
    const ignore = (): Transition => ({ state: s, effects: [], ignored: true });
    const wipe = (): Transition => done(this.reset(), [{ type: 'wipe' }]);

    // Events that apply whatever the step.
    switch (e.type) {
      case 'SET_LANGUAGE':
        return done({ ...s, language: e.language });
      case 'CARD_PRESENT':
        if (s.step === 'place-card') return done(this.enter({ ...s, cardPresent: true }, 'reading', now, { progress: 0, face: null }), readEffects());
        return done({ ...s, cardPresent: true });
      case 'CARD_ABSENT':
        return done({ ...s, cardPresent: false });
      case 'CANCEL':
        return s.step === 'attract' ? ignore() : wipe();
      case 'MORE_TIME':
        if (s.moreTimeUntil === null) return ignore();
        return done(this.enter(s, s.step, now));
      case 'TICK':
        return this.tick(s, now);
      default:
        break;
    }

    switch (s.step) {
      case 'attract':
        if (e.type !== 'TOUCH') return ignore();
        if (this.policy.services.length === 1) return done(this.enter(s, 'consent', now, { service: this.policy.services[0] }));
        return done(this.enter(s, 'choose-service', now));

      case 'choose-service':
        if (e.type !== 'CHOOSE_SERVICE' || !this.policy.services.includes(e.service)) return ignore();
        return done(this.enter(s, 'consent', now, { service: e.service }));

      case 'consent':
        if (e.type !== 'CONSENT') return ignore();
        if (!e.accepted) return done(this.enter(s, 'staff-desk', now, { consent: false, staffDeskReason: 'consent-refused' }), [{ type: 'wipe' }]);
        return done(this.enter(s, 'access-key', now, { consent: true }));

      case 'access-key':
        if (e.type === 'KEY_METHOD') return done(this.enter(s, 'access-key', now, { keyMethod: e.method, keyError: null }));
        if (e.type === 'KEY_INVALID') return done(this.enter(s, 'access-key', now, { keyError: e.code }));
        if (e.type !== 'KEY_ACCEPTED') return ignore();
        if (s.cardPresent) return done(this.enter(s, 'reading', now, { keyError: null, progress: 0, face: null }), readEffects());
        return done(this.enter(s, 'place-card', now, { keyError: null }));

      case 'place-card':
        return ignore();

      case 'reading':
        if (e.type === 'READ_PROGRESS') return done({ ...s, progress: Math.max(s.progress, Math.min(1, e.progress)) });
        // The positioning that runs under the read: its guidance shows on the reading screen.
        if (e.type === 'FACE_UPDATE') return done({ ...s, face: e.face });
        // The camera failed before the chip was read: the guide goes; the face step starts afresh once it is.
        if (e.type === 'FACE_FAILED') return done({ ...s, face: null }, [{ type: 'face-stop' }]);
        if (e.type === 'READ_DONE') {
          if (e.rejection) return done(this.fail({ ...s, verdict: e.verdict, face: null }, e.rejection, now), [{ type: 'face-stop' }]);
          // No screen of its own for an accepted chip: the face screen carries the verdict for the whole step.
          return done(this.enter(s, 'face', now, { verdict: e.verdict, progress: 1, resume: false }), [{ type: 'face-start', portrait: true }]);
        }
        if (e.type !== 'READ_FAILED') return ignore();
        // Whatever stops the read stops the camera: the next read starts positioning again.
        {
          const next: VisitState = { ...s, face: null };
          const stop: VisitEffect[] = [{ type: 'face-stop' }];
          if (e.code === 'CARD_REMOVED') return done(this.enter(next, 'place-card', now, { resume: true, cardPresent: false }), stop);
          if (e.code === 'ACCESS_KEY_REJECTED') {
            const attempts = s.keyAttempts + 1;
            if (attempts >= this.policy.maxKeyAttempts) return done(this.fail({ ...next, keyAttempts: attempts }, 'ACCESS_KEY_REJECTED', now), stop);
            return done(this.enter(next, 'access-key', now, { keyAttempts: attempts, keyError: 'ACCESS_KEY_REJECTED', resume: false }), stop);
          }
          return done(this.fail(next, e.code, now), stop);
        }

      case 'face':
        if (e.type === 'FACE_UPDATE') return done({ ...s, face: e.face });
        if (e.type === 'FACE_FAILED') return done(this.fail({ ...s, face: null }, e.code, now), [{ type: 'face-stop' }]);
        if (e.type !== 'FACE_DONE') return ignore();
        {
          const o = e.outcome;
          const next: VisitState = { ...s, face: null, faceOutcome: o };
          if (o.liveness === 'fail') return done(this.fail(next, 'LIVENESS_FAILED', now), [{ type: 'face-stop' }]);
          if (!o.match) return done(this.fail(next, 'FACE_MISMATCH', now), [{ type: 'face-stop' }]);
          return this.afterIdentity(next, now, [{ type: 'face-stop' }]);
        }

      case 'booking':
        if (e.type === 'BOOKING_INVALID') return done(this.enter(s, 'booking', now, { bookingError: e.code }));
        if (e.type !== 'BOOKING_ENTERED') return ignore();
        return done(this.enter(s, 'submitting', now, { bookingError: null }), [{ type: 'submit' }]);

      case 'submitting':
        if (e.type === 'SUBMITTED') return done(this.enter(s, 'result', now, { result: e.result }));
        if (e.type !== 'SUBMIT_FAILED') return ignore();
        // A booking the airline does not know may be a typing slip: back to the booking step.
        if (e.code === 'BOOKING_NOT_FOUND' || e.code === 'BOOKING_INVALID') return done(this.enter(s, 'booking', now, { bookingError: e.code }));
        return done(this.fail(s, e.code, now));

      case 'result':
        return e.type === 'FINISH' ? wipe() : ignore();

      case 'staff-desk':
        return e.type === 'FINISH' ? wipe() : ignore();

      case 'failed':
        if (e.type === 'FINISH') return wipe();
        if (e.type === 'STAFF_DECISION') {
          if (!staffCanTakeOver(s)) return ignore();
          if (!e.approve) return done(this.enter(s, 'staff-desk', now, { staffDeskReason: 'staff-rejected' }), [{ type: 'wipe' }]);
          return this.afterIdentity({ ...s, staffVerified: true, error: null }, now, []);
        }
        if (e.type !== 'RETRY' || !canRetry(s, this.policy)) return ignore();
        if (s.error === 'FACE_NOT_CAPTURED') {
          return done(this.enter(s, 'face', now, { error: null, faceAttempts: s.faceAttempts + 1, face: null }), [{ type: 'face-start', portrait: true }]);
        }
        return done(this.enter(s, 'place-card', now, { error: null, cardPresent: false }));
    }
  }

  /** Identity settled (by the face match or by staff): the booking step at the airport, else submit. */
  private afterIdentity(s: VisitState, now: number, effects: VisitEffect[]): Transition {
    if (s.service === 'airport') return { state: this.enter(s, 'booking', now, { bookingError: null }), effects, ignored: false };
    return { state: this.enter(s, 'submitting', now), effects: [...effects, { type: 'submit' }], ignored: false };
  }

  /** Time passing: move on, prompt for more time, or wipe the visit when nobody answers. */
  private tick(s: VisitState, now: number): Transition {
    const done = (state: VisitState, effects: VisitEffect[] = []): Transition => ({ state, effects, ignored: false });
    if (s.deadline === null || now < s.deadline) return { state: s, effects: [], ignored: true };
    if (AUTO_ADVANCE.has(s.step)) return done(this.reset(), [{ type: 'wipe' }]);
    if (s.moreTimeUntil === null) return done({ ...s, moreTimeUntil: now + this.policy.moreTimePromptMs });
    if (now < s.moreTimeUntil) return { state: s, effects: [], ignored: true };
    return done(this.reset(), [{ type: 'wipe' }]);
  }

  /** When the next TICK can change something (the core arms one timer for it), or null. */
  nextWake(s: VisitState): number | null {
    if (s.deadline === null) return null;
    return s.moreTimeUntil ?? s.deadline;
  }
}
