import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_POLICY, VisitMachine, screenOf, type VisitEffect, type VisitEvent, type VisitPolicy, type VisitState } from '../../../electron/checkin/visit-machine.ts';
import type { ChipVerdictView, FaceView } from '../../../electron/contract/view.ts';

const T0 = 1_700_000_000_000;
const VERDICT: ChipVerdictView = { accepted: true, passive: 'valid', active: 'not-supported', chip: 'not-supported', holderName: 'Nguyễn Văn An' };
const POSITIONING: FaceView = { phase: 'positioning', guidance: ['MOVE_CLOSER'], challenge: null, box: { x: 0.4, y: 0.3, width: 0.2, height: 0.3 } };
const TICKET = { kind: 'hospital-ticket', holderName: 'Nguyễn Văn An', ticket: { number: 'KB-001', department: 'Khoa Khám bệnh', room: 'Phòng 105', time: null }, coverage: null, staffVerified: false } as const;

/** Effects by name; the face step's start says whether the portrait goes in or it is positioning only. */
const named = (x: VisitEffect): string => (x.type === 'face-start' ? `face-start(${x.portrait ? 'portrait' : 'positioning'})` : x.type);

function run(m: VisitMachine, events: VisitEvent[], start: VisitState = m.initial(), now = T0) {
  let s = start;
  const effects: string[] = [];
  for (const e of events) {
    const t = m.reduce(s, e, now);
    expect(t.ignored, `${e.type} at ${s.step}`).toBe(false);
    s = t.state;
    effects.push(...t.effects.map(named));
  }
  return { s, effects };
}

const toFace: VisitEvent[] = [
  { type: 'TOUCH' },
  { type: 'CHOOSE_SERVICE', service: 'hospital' },
  { type: 'CONSENT', accepted: true },
  { type: 'KEY_ACCEPTED' },
  { type: 'CARD_PRESENT' },
  { type: 'READ_PROGRESS', progress: 0.5 },
  { type: 'READ_DONE', verdict: VERDICT, rejection: null },
];

describe('visit machine: the happy paths', () => {
  const m = new VisitMachine();

  it('hospital: attract → service → consent → key → card → reading → face (with the verdict) → submitting → result → attract', () => {
    let s = m.initial();
    const steps: string[] = [s.step];
    const effects: string[] = [];
    const apply = (e: VisitEvent, now = T0) => {
      const t = m.reduce(s, e, now);
      expect(t.ignored, e.type).toBe(false);
      s = t.state;
      steps.push(s.step);
      effects.push(...t.effects.map(named));
    };
    for (const e of toFace) apply(e);
    apply({ type: 'FACE_UPDATE', face: { phase: 'challenge', guidance: [], challenge: { current: 'TURN_LEFT', done: 0, total: 2 }, box: null } });
    apply({ type: 'FACE_DONE', outcome: { match: true, similarity: 0.8, threshold: 0.56, liveness: 'pass' } });
    apply({ type: 'SUBMITTED', result: TICKET });
    apply({ type: 'FINISH' });
    expect(steps).toEqual([
      'attract', 'choose-service', 'consent', 'access-key', 'place-card', 'reading', 'reading', 'face', 'face', 'submitting', 'result', 'attract',
    ]);
    expect(effects).toEqual(['read-card', 'face-start(positioning)', 'face-start(portrait)', 'face-stop', 'submit', 'wipe']);
    expect(s).toEqual(m.initial());
  });

  it('airport: a verified face leads to the booking step, then submit', () => {
    let { s } = run(m, [{ type: 'TOUCH' }, { type: 'CHOOSE_SERVICE', service: 'airport' }, { type: 'CONSENT', accepted: true }, { type: 'CARD_PRESENT' }, { type: 'KEY_ACCEPTED' }]);
    expect(s.step).toBe('reading'); // the card was already on the reader
    s = run(m, [{ type: 'READ_DONE', verdict: VERDICT, rejection: null }], s).s;
    const r = run(m, [{ type: 'FACE_DONE', outcome: { match: true, similarity: 0.7, threshold: 0.56, liveness: 'pass' } }], s);
    expect(r.s.step).toBe('booking');
    expect(r.effects).toEqual(['face-stop']);
    const b = run(m, [{ type: 'BOOKING_INVALID', code: 'BOOKING_INVALID' }], r.s);
    expect(screenOf(b.s, m.policy)).toEqual({ step: 'booking', error: 'BOOKING_INVALID' });
    const sub = run(m, [{ type: 'BOOKING_ENTERED' }], b.s);
    expect(sub.s.step).toBe('submitting');
    expect(sub.effects).toEqual(['submit']);
    // An unknown booking goes back to the booking step with the reason.
    expect(run(m, [{ type: 'SUBMIT_FAILED', code: 'BOOKING_NOT_FOUND' }], sub.s).s).toMatchObject({ step: 'booking', bookingError: 'BOOKING_NOT_FOUND' });
    expect(run(m, [{ type: 'SUBMIT_FAILED', code: 'NAME_MISMATCH' }], sub.s).s).toMatchObject({ step: 'failed', error: 'NAME_MISMATCH' });
  });

  it('a kiosk with one service skips the choice', () => {
    const one = new VisitMachine({ ...DEFAULT_POLICY, services: ['airport'] });
    expect(run(one, [{ type: 'TOUCH' }]).s).toMatchObject({ step: 'consent', service: 'airport' });
  });

  it('refuses a service the kiosk does not offer', () => {
    const one = new VisitMachine({ ...DEFAULT_POLICY, services: ['hospital', 'airport'].slice(0, 1) as VisitPolicy['services'] });
    const s = { ...one.initial(), step: 'choose-service' as const };
    expect(one.reduce(s, { type: 'CHOOSE_SERVICE', service: 'airport' }, T0).ignored).toBe(true);
  });
});

describe('visit machine: consent', () => {
  const m = new VisitMachine();
  it('"No" goes to the staff desk and wipes, then back to attract', () => {
    const r = run(m, [{ type: 'TOUCH' }, { type: 'CHOOSE_SERVICE', service: 'hospital' }, { type: 'CONSENT', accepted: false }]);
    expect(screenOf(r.s, m.policy)).toEqual({ step: 'staff-desk', reason: 'consent-refused' });
    expect(r.effects).toEqual(['wipe']);
    const later = m.reduce(r.s, { type: 'TICK' }, T0 + DEFAULT_POLICY.stepTimeoutMs['staff-desk']!);
    expect(later.state).toEqual(m.initial());
  });
  it('nothing moves past consent without an explicit answer', () => {
    const { s } = run(m, [{ type: 'TOUCH' }, { type: 'CHOOSE_SERVICE', service: 'hospital' }]);
    for (const e of [{ type: 'KEY_ACCEPTED' }, { type: 'CARD_PRESENT' }, { type: 'BOOKING_ENTERED' }] as VisitEvent[]) {
      expect(m.reduce(s, e, T0).state.step).toBe('consent');
    }
  });
});

describe('visit machine: the card', () => {
  const m = new VisitMachine();
  const atReading = run(m, toFace.slice(0, 5)).s;

  it('a wrong key goes back to the key step with the reason, and to staff after the last attempt', () => {
    let s = atReading;
    for (let i = 1; i < DEFAULT_POLICY.maxKeyAttempts; i++) {
      s = m.reduce(s, { type: 'READ_FAILED', code: 'ACCESS_KEY_REJECTED' }, T0).state;
      expect(screenOf(s, m.policy)).toEqual({ step: 'access-key', method: 'keypad', error: 'ACCESS_KEY_REJECTED', attempts: i });
      s = run(m, [{ type: 'KEY_ACCEPTED' }], s).s;
      expect(s.step).toBe('reading');
    }
    s = m.reduce(s, { type: 'READ_FAILED', code: 'ACCESS_KEY_REJECTED' }, T0).state;
    expect(screenOf(s, m.policy)).toMatchObject({ step: 'failed', error: 'ACCESS_KEY_REJECTED', canRetry: false, staffCanTakeOver: false });
  });

  it('a key that does not parse stays on the key step', () => {
    const s = run(m, toFace.slice(0, 3)).s;
    expect(run(m, [{ type: 'KEY_INVALID', code: 'ACCESS_KEY_INVALID' }], s).s).toMatchObject({ step: 'access-key', keyError: 'ACCESS_KEY_INVALID' });
  });

  it('the card taken away mid-read asks for it again and resumes when it is back', () => {
    const r = run(m, [{ type: 'READ_FAILED', code: 'CARD_REMOVED' }], atReading);
    expect(screenOf(r.s, m.policy)).toEqual({ step: 'place-card', resume: true });
    const back = run(m, [{ type: 'CARD_PRESENT' }], r.s);
    expect(back.s.step).toBe('reading');
    expect(back.effects).toEqual(['read-card', 'face-start(positioning)']);
    // Resumed flag is cleared by a completed read.
    expect(run(m, [{ type: 'READ_DONE', verdict: VERDICT, rejection: null }], back.s).s.resume).toBe(false);
  });

  it('a chip the policy rejects ends in failed with the verdict kept for staff', () => {
    const v = { ...VERDICT, accepted: false, passive: 'invalid' as const };
    const r = run(m, [{ type: 'READ_DONE', verdict: v, rejection: 'CHIP_NOT_AUTHENTIC' }], atReading);
    expect(screenOf(r.s, m.policy)).toEqual({ step: 'failed', error: 'CHIP_NOT_AUTHENTIC', canRetry: false, staffCanTakeOver: false });
    expect(r.s.verdict).toEqual(v);
  });

  it('a chip error may be retried: back to placing the card', () => {
    const f = run(m, [{ type: 'READ_FAILED', code: 'CHIP_ERROR' }], atReading).s;
    expect(screenOf(f, m.policy)).toMatchObject({ canRetry: true });
    expect(run(m, [{ type: 'RETRY' }], f).s.step).toBe('place-card');
  });

  it('progress only grows and stays within 0..1', () => {
    let s = atReading;
    for (const p of [0.3, 0.2, 1.7]) s = m.reduce(s, { type: 'READ_PROGRESS', progress: p }, T0).state;
    expect(s.progress).toBe(1);
  });
});

describe('visit machine: the camera under the read', () => {
  const m = new VisitMachine();
  const atReading = run(m, toFace.slice(0, 5)).s;

  it('entering the read starts the chip read and the face step in positioning only; a card already there too', () => {
    const t = m.reduce(run(m, toFace.slice(0, 4)).s, { type: 'CARD_PRESENT' }, T0);
    expect(t.state.step).toBe('reading');
    expect(t.effects).toEqual([{ type: 'read-card' }, { type: 'face-start', portrait: false }]);
    const ready = run(m, [{ type: 'TOUCH' }, { type: 'CHOOSE_SERVICE', service: 'hospital' }, { type: 'CONSENT', accepted: true }, { type: 'CARD_PRESENT' }, { type: 'KEY_ACCEPTED' }]);
    expect(ready.s.step).toBe('reading');
    expect(ready.effects).toEqual(['read-card', 'face-start(positioning)']);
  });

  it('the reading screen shows the progress and, once the camera is on, its guide', () => {
    expect(screenOf(atReading, m.policy)).toEqual({ step: 'reading', progress: 0, face: null });
    const s = run(m, [{ type: 'READ_PROGRESS', progress: 0.4 }, { type: 'FACE_UPDATE', face: POSITIONING }], atReading).s;
    expect(screenOf(s, m.policy)).toEqual({ step: 'reading', progress: 0.4, face: POSITIONING });
  });

  it('an accepted chip goes straight to the face step: verdict on screen, the positioning carried over, the portrait in', () => {
    const t = m.reduce(run(m, [{ type: 'FACE_UPDATE', face: POSITIONING }], atReading).s, { type: 'READ_DONE', verdict: VERDICT, rejection: null }, T0);
    expect(screenOf(t.state, m.policy)).toEqual({ step: 'face', face: POSITIONING, verdict: VERDICT });
    expect(t.effects).toEqual([{ type: 'face-start', portrait: true }]);
    expect(t.state.deadline).toBe(T0 + DEFAULT_POLICY.stepTimeoutMs.face!);
  });

  it('a read that does not reach the face step stops the camera', () => {
    for (const [e, step] of [
      [{ type: 'READ_FAILED', code: 'CARD_REMOVED' }, 'place-card'],
      [{ type: 'READ_FAILED', code: 'ACCESS_KEY_REJECTED' }, 'access-key'],
      [{ type: 'READ_FAILED', code: 'CHIP_ERROR' }, 'failed'],
      [{ type: 'READ_DONE', verdict: { ...VERDICT, accepted: false, passive: 'invalid' }, rejection: 'CHIP_NOT_AUTHENTIC' }, 'failed'],
    ] as const) {
      const t = m.reduce(run(m, [{ type: 'FACE_UPDATE', face: POSITIONING }], atReading).s, e, T0);
      expect(t.state.step, e.type).toBe(step);
      expect(t.state.face, e.type).toBeNull();
      expect(t.effects, e.type).toEqual([{ type: 'face-stop' }]);
    }
  });

  it('a face step that fails under the read loses its guide; the read goes on', () => {
    const t = m.reduce(run(m, [{ type: 'FACE_UPDATE', face: POSITIONING }], atReading).s, { type: 'FACE_FAILED', code: 'FACE_ENGINE_UNAVAILABLE' }, T0);
    expect(screenOf(t.state, m.policy)).toEqual({ step: 'reading', progress: 0, face: null });
    expect(t.effects).toEqual([{ type: 'face-stop' }]);
    // … and the accepted chip starts a face step afresh, with the portrait.
    expect(m.reduce(t.state, { type: 'READ_DONE', verdict: VERDICT, rejection: null }, T0).effects).toEqual([{ type: 'face-start', portrait: true }]);
  });

  it('no decision under the read: a face outcome before the chip is accepted is ignored', () => {
    expect(m.reduce(atReading, { type: 'FACE_DONE', outcome: { match: true, similarity: 0.9, threshold: 0.5, liveness: 'pass' } }, T0).ignored).toBe(true);
  });
});

describe('visit machine: the face', () => {
  const m = new VisitMachine();
  const atFace = run(m, toFace).s;

  it('liveness failure and mismatch go to failed, where staff may take over', () => {
    for (const [outcome, code] of [
      [{ match: true, similarity: 0.8, threshold: 0.56, liveness: 'fail' }, 'LIVENESS_FAILED'],
      [{ match: false, similarity: 0.2, threshold: 0.56, liveness: 'pass' }, 'FACE_MISMATCH'],
    ] as const) {
      const s = m.reduce(atFace, { type: 'FACE_DONE', outcome }, T0).state;
      expect(screenOf(s, m.policy)).toEqual({ step: 'failed', error: code, canRetry: false, staffCanTakeOver: true });
    }
  });

  it('staff approval continues the visit as staff-verified; rejection sends the person to the desk and wipes', () => {
    const failed = m.reduce(atFace, { type: 'FACE_DONE', outcome: { match: false, similarity: 0.2, threshold: 0.56, liveness: 'pass' } }, T0).state;
    const ok = run(m, [{ type: 'STAFF_DECISION', approve: true }], failed);
    expect(ok.s).toMatchObject({ step: 'submitting', staffVerified: true, error: null });
    expect(ok.effects).toEqual(['submit']);
    const no = run(m, [{ type: 'STAFF_DECISION', approve: false }], failed);
    expect(screenOf(no.s, m.policy)).toEqual({ step: 'staff-desk', reason: 'staff-rejected' });
    expect(no.effects).toEqual(['wipe']);
  });

  it('staff cannot override a chip that is not authentic', () => {
    const f = { ...m.initial(), step: 'failed' as const, error: 'CHIP_NOT_AUTHENTIC' as const };
    expect(m.reduce(f, { type: 'STAFF_DECISION', approve: true }, T0).ignored).toBe(true);
  });

  it('no usable frame may be retried once, then only staff', () => {
    const f1 = m.reduce(atFace, { type: 'FACE_FAILED', code: 'FACE_NOT_CAPTURED' }, T0);
    expect(f1.effects).toEqual([{ type: 'face-stop' }]);
    expect(screenOf(f1.state, m.policy)).toMatchObject({ canRetry: true, staffCanTakeOver: true });
    const again = run(m, [{ type: 'RETRY' }], f1.state);
    expect(again.effects).toEqual(['face-start(portrait)']);
    expect(screenOf(again.s, m.policy)).toMatchObject({ step: 'face', verdict: VERDICT });
    const f2 = m.reduce(again.s, { type: 'FACE_FAILED', code: 'FACE_NOT_CAPTURED' }, T0).state;
    expect(screenOf(f2, m.policy)).toMatchObject({ canRetry: false, staffCanTakeOver: true });
  });
});

describe('visit machine: time', () => {
  const m = new VisitMachine();
  const atKey = run(m, toFace.slice(0, 3)).s;
  const limit = DEFAULT_POLICY.stepTimeoutMs['access-key']!;

  it('asks "more time?" when a step times out; answering gives the full time again', () => {
    const prompt = m.reduce(atKey, { type: 'TICK' }, T0 + limit);
    expect(prompt.state.moreTimeUntil).toBe(T0 + limit + DEFAULT_POLICY.moreTimePromptMs);
    const more = m.reduce(prompt.state, { type: 'MORE_TIME' }, T0 + limit + 1_000);
    expect(more.state).toMatchObject({ step: 'access-key', moreTimeUntil: null, deadline: T0 + limit + 1_000 + limit });
  });

  it('wipes the visit when the prompt goes unanswered', () => {
    const prompt = m.reduce(atKey, { type: 'TICK' }, T0 + limit).state;
    expect(m.reduce(prompt, { type: 'TICK' }, T0 + limit + 1).ignored).toBe(true);
    const gone = m.reduce(prompt, { type: 'TICK' }, T0 + limit + DEFAULT_POLICY.moreTimePromptMs);
    expect(gone.state).toEqual(m.initial());
    expect(gone.effects).toEqual([{ type: 'wipe' }]);
  });

  it('the result screen returns to attract by itself', () => {
    const s = { ...m.initial(), step: 'result' as const, deadline: T0, result: TICKET };
    expect(m.reduce(s, { type: 'TICK' }, T0).state).toEqual(m.initial());
  });

  it('reading and submitting have no deadline of their own (the read and the outbox bound them)', () => {
    const reading = run(m, toFace.slice(0, 5)).s;
    expect(reading.deadline).toBeNull();
    expect(m.reduce(reading, { type: 'TICK' }, T0 + 3_600_000).ignored).toBe(true);
  });

  it('MORE_TIME without a prompt is ignored', () => {
    expect(m.reduce(atKey, { type: 'MORE_TIME' }, T0).ignored).toBe(true);
  });
});

describe('visit machine: anywhere', () => {
  const m = new VisitMachine();
  const events: VisitEvent[] = [
    { type: 'TOUCH' }, { type: 'SET_LANGUAGE', language: 'en' }, { type: 'CHOOSE_SERVICE', service: 'hospital' }, { type: 'CHOOSE_SERVICE', service: 'airport' },
    { type: 'CONSENT', accepted: true }, { type: 'CONSENT', accepted: false }, { type: 'KEY_METHOD', method: 'qr' }, { type: 'KEY_ACCEPTED' },
    { type: 'KEY_INVALID', code: 'ACCESS_KEY_INVALID' }, { type: 'CARD_PRESENT' }, { type: 'CARD_ABSENT' }, { type: 'READ_PROGRESS', progress: 0.4 },
    { type: 'READ_DONE', verdict: VERDICT, rejection: null }, { type: 'READ_FAILED', code: 'CARD_REMOVED' }, { type: 'READ_FAILED', code: 'ACCESS_KEY_REJECTED' },
    { type: 'READ_FAILED', code: 'CHIP_ERROR' }, { type: 'FACE_UPDATE', face: POSITIONING }, { type: 'FACE_FAILED', code: 'FACE_ENGINE_UNAVAILABLE' },
    { type: 'FACE_DONE', outcome: { match: true, similarity: 0.9, threshold: 0.56, liveness: 'pass' } }, { type: 'FACE_DONE', outcome: { match: false, similarity: 0.1, threshold: 0.56, liveness: 'pass' } },
    { type: 'FACE_FAILED', code: 'FACE_NOT_CAPTURED' }, { type: 'BOOKING_ENTERED' }, { type: 'SUBMITTED', result: TICKET }, { type: 'SUBMIT_FAILED', code: 'BACKEND_UNAVAILABLE' },
    { type: 'STAFF_DECISION', approve: true }, { type: 'RETRY' }, { type: 'MORE_TIME' }, { type: 'CANCEL' }, { type: 'FINISH' }, { type: 'TICK' },
  ];

  it('cancel from any step wipes everything and returns to attract', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...events), fc.integer({ min: 0, max: 200_000 })), { maxLength: 40 }), (seq) => {
        let s = m.initial();
        let now = T0;
        for (const [e, dt] of seq) {
          now += dt;
          const t = m.reduce(s, e, now);
          // The camera (on from 'reading' to the end of 'face') is stopped or wiped whenever the visit leaves them.
          const camera = (x: VisitState): boolean => x.step === 'reading' || x.step === 'face';
          if (camera(s) && !camera(t.state)) expect(t.effects.some((x) => x.type === 'face-stop' || x.type === 'wipe'), `${s.step} → ${t.state.step} on ${e.type}`).toBe(true);
          if (!camera(s) && camera(t.state)) expect(t.effects.some((x) => x.type === 'face-start'), `${s.step} → ${t.state.step} on ${e.type}`).toBe(true);
          s = t.state;
          // Every state renders to a screen, and consent is never skipped.
          expect(screenOf(s, m.policy).step).toBe(s.step);
          if (!['attract', 'choose-service', 'consent', 'staff-desk'].includes(s.step)) expect(s.consent).toBe(true);
        }
        const c = m.reduce(s, { type: 'CANCEL' }, now);
        if (s.step !== 'attract') {
          expect(c.state).toEqual(m.initial());
          expect(c.effects).toEqual([{ type: 'wipe' }]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('the language can be switched at every step without changing the step', () => {
    let s = run(m, toFace).s;
    s = m.reduce(s, { type: 'SET_LANGUAGE', language: 'en' }, T0).state;
    expect(s).toMatchObject({ step: 'face', language: 'en' });
  });
});
