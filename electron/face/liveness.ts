// Active liveness: the person performs a short challenge (blink, turn left, turn right) in an order drawn at
// random per visit, judged from landmarks over the frame sequence. A photo cannot blink, and tilting a flat
// print does not move the nose between the jaw lines (landmarks.ts), so a printed or on-screen still fails by
// timeout; byte-identical consecutive frames (a still image fed as video) fail at once. This is a
// presentation-attack countermeasure, not a certified PAD (no ISO/IEC 30107-3 evaluation has been done).
import { randomInt } from 'node:crypto';
import { CHALLENGE, type ChallengeStep } from './guidance.ts';
import type { Box } from './image.ts';
import type { LivenessFailure, LivenessStatus } from './types.ts';

export interface LivenessPolicy {
  /** Time allowed per step, ms. */
  stepTimeoutMs: number;
  /** Yaw change from the frontal baseline that counts as a turn, degrees. */
  turnDegrees: number;
  /** Consecutive frames past the turn angle needed (one noisy frame is not a turn). */
  turnFrames: number;
  /** A blink: eye aspect ratio below this fraction of the open-eye baseline, then back above `reopen`. */
  blinkClosed: number;
  blinkReopen: number;
  /** Consecutive frames with identical landmarks that mean a frozen (still) input. */
  staticFrames: number;
  /** Turns in the wrong direction tolerated before failing (people confuse left and right). */
  wrongTurnsAllowed: number;
  /** Face centre moving more than this many face widths between two frames: a swap, not a head movement. */
  maxJump: number;
}

export const DEFAULT_LIVENESS_POLICY: Readonly<LivenessPolicy> = {
  stepTimeoutMs: 7000,
  turnDegrees: 15,
  turnFrames: 2,
  blinkClosed: 0.75,
  blinkReopen: 0.9,
  staticFrames: 4,
  wrongTurnsAllowed: 1,
  maxJump: 1.0,
};

export const ALL_STEPS: readonly ChallengeStep[] = ['BLINK', 'TURN_LEFT', 'TURN_RIGHT'];

/** A uniformly random order of the given steps (Fisher–Yates with a CSPRNG: a replayed video cannot know it). */
export function randomOrder(steps: readonly ChallengeStep[] = ALL_STEPS): ChallengeStep[] {
  const out = [...steps];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** What one frame contributes: time and, when exactly one face was found, its landmark summary. */
export interface LivenessSample {
  t: number;
  faceCount: number;
  yaw?: number;
  ear?: number;
  box?: Box;
  /** Flattened landmark coordinates, for the frozen-input check. */
  landmarks?: Float32Array;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
}

export class LivenessSession {
  readonly steps: ChallengeStep[];
  private readonly policy: LivenessPolicy;
  private readonly startedAt: number;
  private completed: ChallengeStep[] = [];
  private state: LivenessStatus['state'] = 'running';
  private reason: LivenessFailure | null = null;
  private frames = 0;
  private stepStartedAt: number;
  private lastT: number;
  // Open-eye and frontal references, from frames where the head is near frontal.
  private openEars: number[] = [];
  private frontalYaws: number[] = [];
  private sawClosed = false;
  private turnRun = 0;
  private wrongTurns = 0;
  private wrongTurnActive = false;
  private identicalRun = 0;
  private prevLandmarks: Float32Array | null = null;
  private prevBox: Box | null = null;

  constructor(steps: ChallengeStep[], startedAt: number, policy: LivenessPolicy = DEFAULT_LIVENESS_POLICY) {
    if (steps.length === 0) throw new RangeError('a liveness challenge needs at least one step');
    this.steps = [...steps];
    this.policy = policy;
    this.startedAt = startedAt;
    this.stepStartedAt = startedAt;
    this.lastT = startedAt;
  }

  private fail(reason: LivenessFailure): LivenessStatus {
    this.state = 'failed';
    this.reason = reason;
    return this.status();
  }

  status(): LivenessStatus {
    const current = this.state === 'running' ? this.steps[this.completed.length] : null;
    return {
      state: this.state,
      steps: [...this.steps],
      completed: [...this.completed],
      current,
      prompt: current ? CHALLENGE[current] : null,
      reason: this.reason,
      frames: this.frames,
      elapsedMs: this.lastT - this.startedAt,
    };
  }

  private advance(t: number): void {
    this.completed.push(this.steps[this.completed.length]);
    this.stepStartedAt = t;
    this.sawClosed = false;
    this.turnRun = 0;
    // Still turned from the step just done: the next opposite turn counts as wrong only after facing front again.
    this.wrongTurnActive = true;
    if (this.completed.length === this.steps.length) this.state = 'passed';
  }

  /** Zero the landmarks kept for the frozen-input check (end of visit). */
  wipe(): void {
    this.prevLandmarks?.fill(0);
    this.prevLandmarks = null;
    this.openEars = [];
    this.frontalYaws = [];
  }

  feed(s: LivenessSample): LivenessStatus {
    if (this.state !== 'running') return this.status();
    this.frames += 1;
    this.lastT = s.t;
    const p = this.policy;
    if (s.t - this.stepStartedAt > p.stepTimeoutMs) return this.fail('TIMEOUT');
    if (s.faceCount > 1) return this.fail('MULTIPLE_FACES');
    if (s.faceCount === 0 || s.yaw === undefined || s.ear === undefined || !s.box) {
      // A frame or two without a face is normal (motion blur in a turn); the step timeout bounds it.
      this.prevLandmarks?.fill(0);
      this.prevLandmarks = null;
      return this.status();
    }

    // Frozen input: real cameras never give two frames with bit-identical landmarks.
    if (s.landmarks && this.prevLandmarks && s.landmarks.length === this.prevLandmarks.length) {
      let same = true;
      for (let i = 0; i < s.landmarks.length && same; i++) same = s.landmarks[i] === this.prevLandmarks[i];
      this.identicalRun = same ? this.identicalRun + 1 : 0;
      if (this.identicalRun + 1 >= p.staticFrames) return this.fail('STATIC_IMAGE');
    }
    // Keep our own copy: the caller zeroes its array after the call.
    this.prevLandmarks?.fill(0);
    this.prevLandmarks = s.landmarks ? Float32Array.from(s.landmarks) : null;

    if (this.prevBox) {
      const dx = s.box.x + s.box.width / 2 - (this.prevBox.x + this.prevBox.width / 2);
      const dy = s.box.y + s.box.height / 2 - (this.prevBox.y + this.prevBox.height / 2);
      if (Math.hypot(dx, dy) > p.maxJump * Math.max(s.box.width, this.prevBox.width)) return this.fail('FACE_LOST');
    }
    this.prevBox = { ...s.box };

    const baseYaw = this.frontalYaws.length ? median(this.frontalYaws) : 0;
    const dyaw = s.yaw - baseYaw;
    if (Math.abs(dyaw) < p.turnDegrees / 2) {
      this.frontalYaws.push(s.yaw);
      if (this.frontalYaws.length > 15) this.frontalYaws.shift();
    }
    const baseEar = this.openEars.length ? median(this.openEars) : NaN;
    const step = this.steps[this.completed.length];

    if (step === 'BLINK') {
      if (Number.isFinite(baseEar) && s.ear < p.blinkClosed * baseEar) {
        this.sawClosed = true;
      } else if (this.sawClosed && Number.isFinite(baseEar) && s.ear >= p.blinkReopen * baseEar) {
        this.advance(s.t);
      }
    } else {
      // Positive yaw = the subject's own left (landmarks.ts).
      const sign = step === 'TURN_LEFT' ? 1 : -1;
      if (sign * dyaw >= p.turnDegrees) {
        this.turnRun += 1;
        if (this.turnRun >= p.turnFrames) this.advance(s.t);
      } else {
        this.turnRun = 0;
      }
      if (-sign * dyaw >= p.turnDegrees) {
        if (!this.wrongTurnActive) {
          this.wrongTurnActive = true;
          this.wrongTurns += 1;
          if (this.wrongTurns > p.wrongTurnsAllowed) return this.fail('WRONG_ACTION');
        }
      } else if (Math.abs(dyaw) < p.turnDegrees / 2) {
        this.wrongTurnActive = false;
      }
    }
    // Open-eye reference from near-frontal frames with open eyes (not the closed ones of a blink).
    if (Math.abs(dyaw) < p.turnDegrees / 2 && (!Number.isFinite(baseEar) || s.ear >= p.blinkReopen * baseEar)) {
      this.openEars.push(s.ear);
      if (this.openEars.length > 15) this.openEars.shift();
    }
    return this.status();
  }
}
