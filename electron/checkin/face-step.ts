// The face step of one visit, main-side: camera frames from the renderer go through the engine's quality gate
// from the moment the chip read starts (positioning: guidance and the settle count), the chip portrait goes to
// the engine once the chip is accepted; once the person is well placed and the portrait is in, the active
// liveness challenge starts, and when it is passed the engine decides portrait vs. best live frame. The
// renderer only ever learns the guidance codes, the challenge step and a face box — the decision is made here,
// from the engine's numbers.
import type { KioskErrorCode } from '../contract/errors.ts';
import type { ChallengeStep } from '../contract/guidance.ts';
import type { FaceView } from '../contract/view.ts';
import type { FaceEngine } from '../face/engine.ts';
import { FaceError } from '../face/errors.ts';
import { randomOrder } from '../face/liveness.ts';
import type { FrameAnalysis } from '../face/types.ts';
import type { FaceOutcome } from './visit-machine.ts';

export interface FaceStepPolicy {
  /** Liveness challenge steps, asked in a fresh random order each visit. */
  challenge: ChallengeStep[];
  /** Consecutive good frames before the challenge starts (the person has settled in front of the camera). */
  settleFrames: number;
  /** Time to get settled, from the portrait going in, before the step gives up with FACE_NOT_CAPTURED (ms). */
  positioningMs: number;
}

export const DEFAULT_FACE_POLICY: FaceStepPolicy = {
  challenge: ['BLINK', 'TURN_LEFT', 'TURN_RIGHT'],
  settleFrames: 2,
  positioningMs: 30_000,
};

export const SIMILARITY_AT_THRESHOLD = 0.5;

export type FaceStepEvent =
  | { type: 'update'; face: FaceView }
  | { type: 'done'; outcome: FaceOutcome }
  | { type: 'failed'; code: KioskErrorCode };

/** Engine failures the person cannot fix by standing differently. */
function engineFailure(e: unknown): KioskErrorCode {
  if (e instanceof FaceError) {
    if (e.code === 'NO_FACE') return 'NO_PORTRAIT';
    if (e.code === 'IMAGE_CORRUPT' || e.code === 'IMAGE_UNSUPPORTED') return 'NO_PORTRAIT';
    if (e.code === 'NO_GOOD_FRAME') return 'FACE_NOT_CAPTURED';
  }
  return 'FACE_ENGINE_UNAVAILABLE';
}

export class FaceStep {
  private phase: FaceView['phase'] = 'starting';
  private busy = false;
  /** The newest frame that came while one was being analysed: next in line, so the engine never waits idle. */
  private queued: Uint8Array | null = null;
  private finished = false;
  private goodRun = 0;
  private startedAt = 0;
  /** The portrait going into the engine (resolves when it is in; the step has failed when it could not). */
  private portraitIn: Promise<void> | null = null;
  private portraitReady = false;

  constructor(
    private readonly engine: FaceEngine,
    private readonly policy: FaceStepPolicy,
    private readonly emit: (e: FaceStepEvent) => void,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Clear the engine's visit state and take frames. With the portrait: the whole step. Without (the chip is
   * still being read): positioning only, until givePortrait().
   */
  async start(portrait: Uint8Array | null): Promise<void> {
    this.startedAt = this.now();
    try {
      const cleared = this.engine.endVisit();
      // Issued right behind the clearing, so the engine loads it while the first frames come.
      if (portrait) this.givePortrait(portrait);
      await cleared;
    } catch (e) {
      this.finish({ type: 'failed', code: engineFailure(e) });
      return;
    }
    if (this.finished) return;
    this.phase = 'positioning';
    this.emit({ type: 'update', face: this.view([], null, null) });
  }

  get active(): boolean {
    return !this.finished;
  }

  /** Positioning under the read, waiting for the chip portrait. */
  get awaitingPortrait(): boolean {
    return !this.finished && this.portraitIn === null;
  }

  /**
   * The chip was accepted: its portrait goes into the engine, and once it is in the challenge starts at once if
   * the person is already settled (else at the next good frames). The engine takes one call at a time, so
   * the challenge could not start sooner; and a portrait it cannot use ends the step before any challenge.
   */
  givePortrait(portrait: Uint8Array): void {
    if (this.finished || this.portraitIn) return;
    this.startedAt = this.now();
    this.portraitIn = this.engine.setPortrait(portrait).then(
      () => {
        this.portraitReady = true;
        this.beginIfSettled();
      },
      (e: unknown) => this.finish({ type: 'failed', code: engineFailure(e) }),
    );
  }

  /**
   * One JPEG frame; false when it was dropped (not ready, or the step is over). While a frame is being analysed
   * the newest one waits (a copy; an older waiting one is zeroed and dropped) and is analysed the moment the
   * engine is free: dropping it would leave the engine idle until the renderer's next frame, about half a frame
   * gap per frame.
   */
  offer(jpeg: Uint8Array): boolean {
    if (this.finished || this.phase === 'starting' || this.phase === 'deciding') return false;
    if (this.busy) {
      this.queued?.fill(0);
      this.queued = new Uint8Array(jpeg);
      return true;
    }
    this.busy = true;
    void this.pump(jpeg);
    return true;
  }

  private async pump(first: Uint8Array): Promise<void> {
    let next: Uint8Array | null = first;
    try {
      while (next) {
        await this.analyse(next);
        if (next !== first) next.fill(0);
        next = this.queued;
        this.queued = null;
        if (next && (this.finished || this.phase === 'deciding')) {
          next.fill(0);
          next = null;
        }
      }
    } finally {
      this.busy = false;
      this.beginIfSettled();
    }
  }

  /** Settled and the portrait in, with no frame under analysis (which would make this check itself): start. */
  private beginIfSettled(): void {
    if (this.finished || this.busy || this.phase !== 'positioning' || !this.portraitReady) return;
    if (this.goodRun >= this.policy.settleFrames) void this.beginChallenge(null);
  }

  /** Stop taking frames (the visit moved on or was cancelled); the engine's visit state is cleared by the core. */
  stop(): void {
    this.finished = true;
    this.queued?.fill(0);
    this.queued = null;
  }

  private finish(e: FaceStepEvent): void {
    if (this.finished) return;
    this.finished = true;
    this.emit(e);
  }

  private view(guidance: FaceView['guidance'], a: FrameAnalysis | null, challenge: FaceView['challenge']): FaceView {
    const box =
      a?.face && a.width > 0 && a.height > 0
        ? { x: a.face.box.x / a.width, y: a.face.box.y / a.height, width: a.face.box.width / a.width, height: a.face.box.height / a.height }
        : null;
    return { phase: this.phase, guidance, challenge, box };
  }

  private async analyse(jpeg: Uint8Array): Promise<void> {
    let a: FrameAnalysis;
    try {
      a = await this.engine.analyzeFrame({ kind: 'jpeg', bytes: jpeg }, { at: this.now() });
    } catch (e) {
      if (e instanceof FaceError && (e.code === 'IMAGE_CORRUPT' || e.code === 'FRAME_INVALID' || e.code === 'FRAME_TOO_LARGE')) return; // a bad frame: skip it
      this.finish({ type: 'failed', code: engineFailure(e) });
      return;
    }
    if (this.finished) return;

    if (this.phase === 'positioning') {
      this.goodRun = a.quality.ok ? this.goodRun + 1 : 0;
      // Settled before the portrait is in (the chip still being read): keep counting, the challenge waits.
      if (this.goodRun >= this.policy.settleFrames && this.portraitReady) {
        await this.beginChallenge(a);
        return;
      }
      if (this.portraitIn && this.now() - this.startedAt > this.policy.positioningMs) {
        this.finish({ type: 'failed', code: 'FACE_NOT_CAPTURED' });
        return;
      }
      this.emit({ type: 'update', face: this.view(a.quality.codes, a, null) });
      return;
    }

    // Challenge running: follow it; guidance still shown (e.g. "only one person").
    const l = a.liveness;
    if (!l) return;
    if (l.state === 'running') {
      this.emit({ type: 'update', face: this.view(a.quality.ok ? [] : a.quality.codes.slice(0, 1), a, { current: l.current, done: l.completed.length, total: l.steps.length }) });
      return;
    }
    this.phase = 'deciding';
    this.emit({ type: 'update', face: this.view([], a, { current: null, done: l.completed.length, total: l.steps.length }) });
    await this.decide(l.state === 'passed' ? 'pass' : 'fail', l.reason);
  }

  private async beginChallenge(a: FrameAnalysis | null): Promise<void> {
    // The phase moves first: a frame analysed meanwhile follows the challenge, it does not start another.
    this.phase = 'challenge';
    try {
      const st = await this.engine.startLiveness(randomOrder(this.policy.challenge), this.now());
      if (this.finished) return;
      this.emit({ type: 'update', face: this.view([], a, { current: st.current, done: 0, total: st.steps.length }) });
    } catch (e) {
      this.finish({ type: 'failed', code: engineFailure(e) });
    }
  }

  private async decide(liveness: 'pass' | 'fail', livenessReason: string | null): Promise<void> {
    await this.portraitIn;
    if (this.finished) return;
    try {
      const d = await this.engine.decide({ requireLiveness: true });
      // Similarity is exactly 0.5 at the engine's calibrated distance threshold (face/match.ts), so the facts
      // carry score and threshold on one scale.
      this.finish({ type: 'done', outcome: { match: d.match && d.sameSubject, similarity: d.similarity, threshold: SIMILARITY_AT_THRESHOLD, liveness, livenessReason } });
    } catch (e) {
      // A failed challenge may end before any frame passed the gate: no score, but the liveness verdict stands.
      if (liveness === 'fail' && e instanceof FaceError && e.code === 'NO_GOOD_FRAME') {
        this.finish({ type: 'done', outcome: { match: false, similarity: 0, threshold: 0, liveness, livenessReason } });
        return;
      }
      this.finish({ type: 'failed', code: engineFailure(e) });
    }
  }
}
