// KioskCore: the main-side owner of the kiosk. It holds the one visit (the state machine's state, and the
// visit's data in memory only), the card reader, the face engine and the backends, implements KioskApi for
// whichever transport carries it (Electron IPC or the loopback WebSocket), and pushes a view snapshot on every
// change. Trusted decisions — may this key open the chip, is the chip genuine, does the face match, may we
// submit — are made here; the renderer only shows the snapshot and sends touches and camera frames.
import { randomUUID } from 'node:crypto';
import type { AuditData, AuditSink } from '../audit/audit-log.ts';
import type { CardReadErrorCode } from '../contract/card-read.ts';
import { KioskError, type KioskErrorCode } from '../contract/errors.ts';
import { CONSENT_TEXT_SHA256, CONSENT_TEXT_VERSION, parseRequest, type FrameAck, type KioskApi, type KioskMethod, type KioskParams, type KioskResults } from '../contract/kiosk-api.ts';
import type { HealthView, KioskView, ResultView, StaffView, TicketView } from '../contract/view.ts';
import { parseBookingInput } from '../backends/airport/boarding-pass.ts';
import type { VisitType } from '../backends/hospital/fhir-systems.ts';
import type { VerificationFacts } from '../backends/visit-facts.ts';
import { toCardReadError } from '../card/read-errors.ts';
import type { TrustStore } from '../emrtd/auth/trust-store.ts';
import type { LdsFileName } from '../emrtd/lds/files.ts';
import { PartialReadError } from '../emrtd/read/file-reader.ts';
import { readDocument } from '../emrtd/read/read-document.ts';
import type { FaceEngine } from '../face/engine.ts';
import type { TicketDesk } from '../ticket/ticket-desk.ts';
import { accessKeysFromInput } from './access-input.ts';
import { EmulatedReader, type CardReader } from './card-reader.ts';
import { chipOutcome, type ChipPolicy } from './chip-verdict.ts';
import { DEFAULT_FACE_POLICY, FaceStep, type FaceStepEvent, type FaceStepPolicy } from './face-step.ts';
import type { StaffAuth } from './staff-auth.ts';
import { submitVisit, type VisitBackends } from './submission.ts';
import { VisitData } from './visit-data.ts';
import { DEFAULT_POLICY, VisitMachine, screenOf, staffCanTakeOver, type VisitEffect, type VisitEvent, type VisitPolicy, type VisitState } from './visit-machine.ts';

export interface KioskCoreOptions {
  reader: CardReader;
  face: FaceEngine | null;
  backends: VisitBackends | null;
  trust: TrustStore | null;
  chipPolicy: ChipPolicy;
  policy?: VisitPolicy;
  facePolicy?: FaceStepPolicy;
  staff?: StaffAuth | null;
  audit?: AuditSink | null;
  visitType?: VisitType;
  /** Staff mode ends after this long without a staff action (ms). */
  staffIdleMs?: number;
  /** Whole chip-read budget (ms). */
  readBudgetMs?: number;
  /** Prints the result's ticket (hospital ticket, boarding result, or the "recorded" slip of a queued visit). */
  tickets?: TicketDesk | null;
  now?: () => number;
}

/** Share of the read's progress bar per file: the portrait is most of the bytes. */
const FILE_WEIGHT: Partial<Record<LdsFileName, number>> = { DG2: 0.6, DG13: 0.1, SOD: 0.1 };
const OTHER_WEIGHT = 0.05;

function cardErrorCode(code: CardReadErrorCode): KioskErrorCode {
  return code === 'INVALID_INPUT' ? 'ACCESS_KEY_INVALID' : code;
}

export class KioskCore implements KioskApi {
  private readonly machine: VisitMachine;
  private state: VisitState;
  private readonly data = new VisitData();
  /** Bumped by every wipe: work started for an earlier visit reports to nobody. */
  private generation = 0;
  private seq = 0;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners = new Set<(v: KioskView) => void>();
  private faceStep: FaceStep | null = null;
  private reading = false;
  private staffUntil: number | null = null;
  private faceHealth: { ok: boolean; detail: string | null } = { ok: true, detail: null };
  /** The result's ticket preview and print status: the visit's, wiped with it. */
  private ticket: TicketView | null = null;
  private readonly unsubscribeReader: () => void;
  private readonly now: () => number;
  private closed = false;

  constructor(private readonly o: KioskCoreOptions) {
    this.machine = new VisitMachine(o.policy ?? DEFAULT_POLICY);
    this.state = this.machine.initial();
    this.now = o.now ?? Date.now;
    this.unsubscribeReader = o.reader.onChange((present) => this.dispatch({ type: present ? 'CARD_PRESENT' : 'CARD_ABSENT' }));
    if (o.reader.present()) this.state = { ...this.state, cardPresent: true };
    if (!o.face) this.faceHealth = { ok: false, detail: 'no face engine configured' };
  }

  // ── KioskApi ────────────────────────────────────────────────────────────────────────────────────────────

  onView(listener: (view: KioskView) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async call<M extends KioskMethod>(method: M, params: KioskParams[M]): Promise<KioskResults[M]> {
    const req = parseRequest(method, params);
    if (!req) throw new KioskError('INVALID_REQUEST');
    if (this.closed) throw new KioskError('NOT_ALLOWED_NOW', 'kiosk closed');
    return (await this.handle(req.method, req.params)) as KioskResults[M];
  }

  private async handle(method: KioskMethod, p: KioskParams[KioskMethod]): Promise<unknown> {
    switch (method) {
      case 'getView':
        return this.view();
      case 'start':
        return this.must({ type: 'TOUCH' });
      case 'setLanguage':
        return this.must({ type: 'SET_LANGUAGE', language: (p as KioskParams['setLanguage']).language });
      case 'chooseService':
        return this.must({ type: 'CHOOSE_SERVICE', service: (p as KioskParams['chooseService']).service });
      case 'answerConsent': {
        // The schema admits only the current wording's version, so that is the one agreed to (or declined).
        const { accepted, textVersion } = p as KioskParams['answerConsent'];
        if (this.state.step !== 'consent') throw new KioskError('NOT_ALLOWED_NOW');
        if (accepted) this.data.consentId = randomUUID();
        this.audit('visit.consent', { accepted, service: this.state.service, textVersion, textSha256: CONSENT_TEXT_SHA256 });
        return this.must({ type: 'CONSENT', accepted });
      }
      case 'chooseKeyMethod':
        return this.must({ type: 'KEY_METHOD', method: (p as KioskParams['chooseKeyMethod']).method });
      case 'submitAccessKey':
        return this.submitAccessKey(p as KioskParams['submitAccessKey']);
      case 'sendFrame':
        return this.sendFrame(p as KioskParams['sendFrame']);
      case 'submitBooking':
        return this.submitBooking((p as KioskParams['submitBooking']).text);
      case 'moreTime':
        return this.must({ type: 'MORE_TIME' });
      case 'cancel': {
        const step = this.state.step;
        this.must({ type: 'CANCEL' });
        this.audit('visit.ended', { reason: 'cancelled', step });
        return null;
      }
      case 'retry':
        return this.must({ type: 'RETRY' });
      case 'finish': {
        const step = this.state.step;
        this.must({ type: 'FINISH' });
        this.audit('visit.ended', { reason: 'finished', step });
        return null;
      }
      case 'staffLogin':
        return this.staffLogin((p as KioskParams['staffLogin']).pin);
      case 'staffLogout':
        if (this.staffUntil !== null) this.audit('staff.signout', {});
        this.staffUntil = null;
        this.publish();
        return null;
      case 'staffTapCard': {
        this.requireStaff();
        const { cardId, pullAfterApdus } = p as KioskParams['staffTapCard'];
        const reader = this.emulated();
        // Re-tapping the card that is already there is a fresh insertion.
        reader.remove();
        if (!reader.tap(cardId, { pullAfterApdus })) throw new KioskError('INVALID_REQUEST', 'no such demo card');
        this.audit('staff.demo-card', { action: 'tap', pulled: pullAfterApdus !== undefined });
        this.publish();
        return null;
      }
      case 'staffRemoveCard':
        this.requireStaff();
        this.emulated().remove();
        this.audit('staff.demo-card', { action: 'remove', pulled: false });
        this.publish();
        return null;
      case 'staffDecide':
        return this.staffDecide(p as KioskParams['staffDecide']);
    }
  }

  // ── requests ───────────────────────────────────────────────────────────────────────────────────────────

  private must(e: VisitEvent): null {
    if (!this.dispatch(e)) throw new KioskError('NOT_ALLOWED_NOW');
    return null;
  }

  private submitAccessKey(input: KioskParams['submitAccessKey']): null {
    if (this.state.step !== 'access-key') throw new KioskError('NOT_ALLOWED_NOW');
    try {
      this.data.setKeys(accessKeysFromInput(input));
    } catch (e) {
      const code = e instanceof KioskError ? e.code : 'ACCESS_KEY_INVALID';
      this.dispatch({ type: 'KEY_INVALID', code });
      return null;
    }
    // A new key means a fresh read: nothing kept from an interrupted one belongs to it for sure.
    this.data.clearFiles();
    return this.must({ type: 'KEY_ACCEPTED' });
  }

  private sendFrame(f: KioskParams['sendFrame']): FrameAck {
    // Frames are taken from the reading screen on (positioning under the read) to the end of the face step.
    if ((this.state.step !== 'face' && this.state.step !== 'reading') || !this.faceStep?.active) return { accepted: false };
    return { accepted: this.faceStep.offer(f.jpeg) };
  }

  private submitBooking(text: string): null {
    if (this.state.step !== 'booking') throw new KioskError('NOT_ALLOWED_NOW');
    try {
      parseBookingInput(text);
    } catch {
      this.dispatch({ type: 'BOOKING_INVALID', code: 'BOOKING_INVALID' });
      return null;
    }
    this.data.booking = text.trim();
    return this.must({ type: 'BOOKING_ENTERED' });
  }

  private staffLogin(pin: string): null {
    if (!this.o.staff) throw new KioskError('NOT_ALLOWED_NOW', 'staff mode not configured');
    const r = this.o.staff.signIn(pin);
    if (r.ok) {
      this.staffUntil = this.now() + (this.o.staffIdleMs ?? 5 * 60_000);
      this.audit('staff.signin', { ok: true });
      this.publish();
      return null;
    }
    this.audit(r.reason === 'locked' ? 'staff.locked' : 'staff.signin', { ok: false, failures: r.failures });
    this.publish();
    throw new KioskError(r.reason === 'locked' ? 'STAFF_LOCKED' : 'STAFF_PIN_WRONG');
  }

  private staffActive(): boolean {
    if (this.staffUntil !== null && this.now() >= this.staffUntil) this.staffUntil = null;
    return this.staffUntil !== null;
  }

  private requireStaff(): void {
    if (!this.staffActive()) throw new KioskError('NOT_ALLOWED_NOW', 'staff sign-in required');
    this.staffUntil = this.now() + (this.o.staffIdleMs ?? 5 * 60_000);
  }

  private emulated(): EmulatedReader {
    if (!(this.o.reader instanceof EmulatedReader)) throw new KioskError('NOT_ALLOWED_NOW', 'not an emulated reader');
    return this.o.reader;
  }

  private staffDecide(d: KioskParams['staffDecide']): null {
    this.requireStaff();
    const reason = d.reason.trim();
    if (reason.length < 3) throw new KioskError('STAFF_REASON_REQUIRED');
    if (!staffCanTakeOver(this.state)) throw new KioskError('NOT_ALLOWED_NOW');
    const error = this.state.error;
    this.data.staffReason = reason;
    this.audit('staff.decision', { decision: d.decision, error, reason: reason.slice(0, 200) });
    return this.must({ type: 'STAFF_DECISION', approve: d.decision === 'approve' });
  }

  // ── the machine ────────────────────────────────────────────────────────────────────────────────────────

  /** Applies an event; false when it did not apply to the current step. */
  private dispatch(e: VisitEvent): boolean {
    if (this.closed) return false;
    const before = this.state;
    const t = this.machine.reduce(before, e, this.now());
    if (t.ignored) return false;
    this.state = t.state;
    if (before.step !== 'attract' && t.state.step === 'attract' && e.type === 'TICK') {
      this.audit('visit.ended', { reason: 'timeout', step: before.step });
    }
    if (before.step === 'attract' && t.state.step !== 'attract') this.audit('visit.started', { services: this.machine.policy.services.join(',') });
    for (const effect of t.effects) this.run(effect);
    this.arm();
    this.publish();
    return true;
  }

  private run(effect: VisitEffect): void {
    switch (effect.type) {
      case 'wipe':
        this.wipe();
        return;
      case 'read-card':
        void this.readCard(this.generation);
        return;
      case 'face-start':
        this.startFace(this.generation, effect.portrait);
        return;
      case 'face-stop':
        this.faceStep?.stop();
        this.faceStep = null;
        return;
      case 'submit':
        void this.submit(this.generation);
        return;
    }
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const wake = this.machine.nextWake(this.state);
    if (wake === null || this.closed) return;
    this.timer = setTimeout(() => {
      // A timer that fires a hair early changes nothing: arm it again rather than lose the deadline.
      if (!this.dispatch({ type: 'TICK' })) this.arm();
    }, Math.max(0, wake - this.now()) + 5);
    this.timer.unref?.();
  }

  /** Everything of the visit goes: card data, keys, portrait, face engine state, the in-flight work. */
  private wipe(): void {
    this.generation++;
    this.faceStep?.stop();
    this.faceStep = null;
    this.data.wipe();
    this.ticket = null;
    this.o.tickets?.forget();
    this.reading = false;
    void this.o.face?.endVisit().catch(() => undefined);
    // The demo card goes with its holder: the next visit starts with an empty (emulated) reader.
    if (this.o.reader instanceof EmulatedReader) this.o.reader.remove();
  }

  private async readCard(gen: number): Promise<void> {
    if (this.reading) return;
    const card = this.o.reader.present();
    if (!card) {
      // An unplugged reader (or pcscd down) says so: NO_READER, a staff matter, not "place your card".
      this.dispatch({ type: 'READ_FAILED', code: this.o.reader.health?.().error ?? 'NO_CARD' });
      return;
    }
    const keys = this.data.keys;
    if (!keys) {
      this.dispatch({ type: 'READ_FAILED', code: 'ACCESS_KEY_INVALID' });
      return;
    }
    this.reading = true;
    const done = new Set<LdsFileName>(this.data.files.keys());
    const weightOf = (f: LdsFileName): number => FILE_WEIGHT[f] ?? OTHER_WEIGHT;
    const base = (): number => [...done].reduce((s, f) => s + weightOf(f), 0);
    try {
      const doc = await readDocument(card.channel, {
        keys,
        atr: card.atr,
        resume: this.data.resumeFiles(),
        timeBudgetMs: this.o.readBudgetMs,
        onFileDone: (name, bytes) => {
          if (gen !== this.generation) return;
          this.data.files.set(name, bytes);
          this.data.partial = null;
          done.add(name);
        },
        onProgress: (p) => {
          if (gen !== this.generation || p.total <= 0) return;
          this.dispatch({ type: 'READ_PROGRESS', progress: Math.min(0.99, base() + (weightOf(p.file) * p.bytesRead) / p.total) });
        },
      });
      if (gen !== this.generation) return;
      const outcome = chipOutcome(doc, this.o.trust, this.o.chipPolicy);
      this.data.card = outcome.result;
      // The portrait is a view into DG2's bytes: keep a copy of its own, then zero every file read.
      this.data.portrait = outcome.portrait ? new Uint8Array(outcome.portrait) : null;
      this.data.clearFiles();
      for (const bytes of doc.files.values()) bytes.fill(0);
      this.audit('visit.chip', {
        protocol: outcome.result.access.protocol,
        passive: outcome.verdict.passive,
        accepted: outcome.verdict.accepted,
        apdus: outcome.result.stats.apdus,
      });
      this.reading = false;
      this.dispatch({ type: 'READ_DONE', verdict: outcome.verdict, rejection: outcome.rejection });
    } catch (e) {
      if (gen !== this.generation) return;
      this.reading = false;
      if (e instanceof PartialReadError && !this.data.files.has(e.file)) this.data.partial = { file: e.file, bytes: e.bytes };
      const code = cardErrorCode(toCardReadError(e).code);
      if (code === 'ACCESS_KEY_REJECTED') this.data.clearFiles();
      this.audit('visit.chip-error', { code });
      this.dispatch({ type: 'READ_FAILED', code });
    }
  }

  /**
   * `withPortrait` false: positioning only, under the read (no engine: no camera guide, and the face step
   * fails once the chip is read). true: the chip portrait goes into the positioning step still running, or
   * into a new step.
   */
  private startFace(gen: number, withPortrait: boolean): void {
    const engine = this.o.face;
    if (!withPortrait) {
      this.faceStep?.stop();
      this.faceStep = engine ? this.newFaceStep(gen, engine) : null;
      void this.faceStep?.start(null);
      return;
    }
    const portrait = this.data.portrait;
    if (!engine) {
      this.dispatch({ type: 'FACE_FAILED', code: 'FACE_ENGINE_UNAVAILABLE' });
      return;
    }
    if (!portrait) {
      this.dispatch({ type: 'FACE_FAILED', code: 'NO_PORTRAIT' });
      return;
    }
    if (this.faceStep?.awaitingPortrait) {
      this.faceStep.givePortrait(portrait);
      return;
    }
    this.faceStep?.stop();
    this.faceStep = this.newFaceStep(gen, engine);
    void this.faceStep.start(portrait);
  }

  private newFaceStep(gen: number, engine: FaceEngine): FaceStep {
    const step: FaceStep = new FaceStep(engine, this.o.facePolicy ?? DEFAULT_FACE_POLICY, (e) => this.onFace(gen, step, e), this.now);
    return step;
  }

  private onFace(gen: number, step: FaceStep, e: FaceStepEvent): void {
    if (gen !== this.generation || step !== this.faceStep) return;
    switch (e.type) {
      case 'update':
        this.faceHealth = { ok: true, detail: null };
        this.dispatch({ type: 'FACE_UPDATE', face: e.face });
        return;
      case 'done':
        this.data.faceOutcome = e.outcome;
        this.audit('visit.face', {
          match: e.outcome.match,
          similarity: Math.round(e.outcome.similarity * 1000) / 1000,
          liveness: e.outcome.liveness,
          livenessReason: e.outcome.livenessReason ?? null,
        });
        this.dispatch({ type: 'FACE_DONE', outcome: e.outcome });
        return;
      case 'failed':
        if (e.code === 'FACE_ENGINE_UNAVAILABLE') this.faceHealth = { ok: false, detail: 'engine failed during a visit' };
        this.audit('visit.face-error', { code: e.code });
        this.dispatch({ type: 'FACE_FAILED', code: e.code });
        return;
    }
  }

  private verification(): VerificationFacts {
    const o = this.data.faceOutcome;
    return {
      consentId: this.data.consentId ?? 'missing',
      consentText: { version: CONSENT_TEXT_VERSION, sha256: CONSENT_TEXT_SHA256 },
      face: o
        ? { result: o.match ? 'match' : 'no-match', score: Math.round(o.similarity * 1000) / 1000, threshold: o.threshold }
        : { result: 'not-performed', score: null, threshold: null },
      liveness: { result: o ? o.liveness : 'not-performed', score: null },
      staffOverride: this.state.staffVerified && this.data.staffReason ? { reason: this.data.staffReason } : null,
    };
  }

  private async submit(gen: number): Promise<void> {
    const card = this.data.card;
    const service = this.state.service;
    if (!card || !service) {
      this.dispatch({ type: 'SUBMIT_FAILED', code: 'INTERNAL' });
      return;
    }
    try {
      const result = await submitVisit(this.o.backends, {
        service,
        card,
        verification: this.verification(),
        visitType: this.o.visitType ?? 'kham-benh',
        booking: this.data.booking,
        staffVerified: this.state.staffVerified,
      });
      if (gen !== this.generation) return;
      this.audit('visit.submitted', { service, result: result.kind, staffVerified: this.state.staffVerified });
      this.issueTicket(gen, result);
      this.dispatch({ type: 'SUBMITTED', result });
    } catch (e) {
      if (gen !== this.generation) return;
      const code = e instanceof KioskError ? e.code : 'INTERNAL';
      this.audit('visit.submit-error', { service, code });
      this.dispatch({ type: 'SUBMIT_FAILED', code });
    }
  }

  /** Renders the ticket before the result shows (the first result snapshot carries the preview), then prints. */
  private issueTicket(gen: number, result: ResultView): void {
    if (!this.o.tickets) return;
    const issued = this.o.tickets.issue(result, this.state.language, new Date(this.now()));
    this.ticket = issued.view;
    void issued.done.then(async (v) => {
      const code = await issued.failure;
      this.audit('visit.ticket', { status: v.status, code });
      if (gen !== this.generation) return;
      this.ticket = v;
      this.publish();
    });
  }

  // ── views ──────────────────────────────────────────────────────────────────────────────────────────────

  private health(): HealthView {
    const counts = this.o.backends ? safeCounts(this.o.backends) : null;
    return {
      reader: { kind: this.o.reader.kind, cardPresent: this.o.reader.present() !== null, ...(this.o.reader.health?.() ?? { ok: true, error: null, detail: null }) },
      camera: 'renderer',
      face: this.faceHealth,
      backends: { hospital: this.o.backends !== null, airport: this.o.backends !== null },
      outbox: counts,
      printer: this.o.tickets?.health(),
    };
  }

  private staffView(): StaffView {
    const s = this.state;
    const card = this.data.card;
    const o = this.data.faceOutcome;
    const reader = this.o.reader instanceof EmulatedReader ? this.o.reader : null;
    return {
      visit: {
        step: s.step,
        service: s.service,
        consent: s.consent,
        chip: s.verdict
          ? { passive: s.verdict.passive, active: s.verdict.active, chip: s.verdict.chip, accessProtocol: card?.access.protocol ?? null }
          : null,
        face: o ? { result: o.match ? 'match' : 'no-match', similarity: Math.round(o.similarity * 1000) / 1000, threshold: o.threshold } : null,
        liveness: o ? o.liveness : 'not-performed',
        livenessReason: o?.livenessReason ?? null,
        error: s.error,
        canDecide: staffCanTakeOver(s),
      },
      health: this.health(),
      demoCards: reader ? reader.cards.map((c) => ({ id: c.id, label: c.label })) : [],
      tappedCard: reader?.tappedCard ?? null,
    };
  }

  view(): KioskView {
    return {
      seq: this.seq,
      language: this.state.language,
      services: [...this.machine.policy.services],
      screen: this.withTicket(screenOf(this.state, this.machine.policy)),
      moreTimeUntil: this.state.moreTimeUntil,
      staff: this.staffActive() ? this.staffView() : null,
      staffLockedUntil: this.o.staff?.locked ?? null,
    };
  }

  private withTicket(screen: KioskView['screen']): KioskView['screen'] {
    return screen.step === 'result' && this.o.tickets ? { ...screen, ticket: this.ticket } : screen;
  }

  private publish(): void {
    this.seq++;
    const v = this.view();
    for (const l of this.listeners) {
      try {
        l(v);
      } catch {
        // A failing listener (a closed socket) must not stop the others.
      }
    }
  }

  private audit(type: string, data: AuditData): void {
    const sink = this.o.audit;
    if (!sink) return;
    // Through a promise: the log refuses personal-looking data by throwing at once, and that must not become
    // the person's failure (a refused audit event never fails the visit step that caused it).
    const append = (d: AuditData): Promise<void> => Promise.resolve().then(() => sink.append(type, d));
    append(data).catch(() => {
      // A free-text reason that looks like personal data is refused by the audit log: keep the event without it.
      if ('reason' in data) void append({ ...data, reason: '[removed: looked like personal data]' }).catch(() => undefined);
    });
  }

  /** What the visit still holds in main (for tests of the idle wipe): all zero/false after a wipe. */
  residue(): { step: string; card: boolean; portrait: boolean; files: number; keys: number; consent: boolean; face: boolean; booking: boolean } {
    return { step: this.state.step, ...this.data.residue(), face: this.faceStep !== null };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.wipe();
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribeReader();
    this.listeners.clear();
  }
}

function safeCounts(b: VisitBackends): HealthView['outbox'] {
  try {
    const c = b.outboxCounts();
    return { pending: c.pending.count, failed: c.failed.count, delivered: c.delivered.count };
  } catch {
    return null;
  }
}
