// Stand-ins for the face engine and the backends in core tests: they follow the real APIs' contracts
// (shapes, error codes) so the core is exercised exactly as the real services drive it.
import type { FaceEngine } from '../../../electron/face/engine.ts';
import { FaceError } from '../../../electron/face/errors.ts';
import type { ChallengeStep } from '../../../electron/face/guidance.ts';
import type { Decision, FrameAnalysis, LivenessStatus } from '../../../electron/face/types.ts';
import type { VisitBackends } from '../../../electron/checkin/submission.ts';
import type { CardReadResult } from '../../../electron/contract/card-read.ts';
import type { VerificationFacts } from '../../../electron/backends/visit-facts.ts';

export interface FakeFaceScript {
  /** Distance the decision reports (≤ 0.56 is a match). */
  distance: number;
  /** Frames of the challenge before it passes, or 'fail' to fail it (STATIC_IMAGE). */
  liveness: number | 'fail';
  portraitError?: FaceError;
}

export function fakeFaceEngine(script: FakeFaceScript): FaceEngine & { calls: string[]; portraits: number } {
  let portrait = false;
  let live: LivenessStatus | null = null;
  let challengeFrames = 0;
  const calls: string[] = [];
  const engine = {
    calls,
    portraits: 0,
    warmup: async () => ({ backend: 'wasm' as const, simd: true, liveDetector: 'tiny' as const, threshold: 0.56, warmupMs: 0 }),
    info: async () => ({ backend: 'wasm' as const, simd: true, liveDetector: 'tiny' as const, threshold: 0.56, warmupMs: 0 }),
    async setPortrait(bytes: Uint8Array) {
      calls.push('setPortrait');
      if (script.portraitError) throw script.portraitError;
      if (!(bytes instanceof Uint8Array) || bytes.length < 100) throw new FaceError('IMAGE_CORRUPT', 'bad portrait');
      portrait = true;
      engine.portraits++;
      return { width: 240, height: 320, detector: 'tiny' as const, faceCount: 1, score: 0.9, interEye: 60, yaw: 0, pitch: 0, roll: 0, sharpness: 1, brightness: 120, ms: 1 };
    },
    async analyzeFrame(): Promise<FrameAnalysis> {
      calls.push('analyzeFrame');
      if (live && live.state === 'running') {
        challengeFrames++;
        if (script.liveness === 'fail') live = { ...live, state: 'failed', current: null, prompt: null, reason: 'STATIC_IMAGE' };
        else if (challengeFrames >= script.liveness) live = { ...live, state: 'passed', current: null, prompt: null, completed: [...live.steps] };
        else live = { ...live, completed: live.steps.slice(0, 1), current: live.steps[1] ?? null };
      }
      return {
        quality: { ok: true, codes: [], metrics: null },
        face: { box: { x: 200, y: 120, width: 240, height: 240 }, yaw: 0, pitch: 0, roll: 0, ear: 0.3, interEye: 80 },
        candidate: true,
        distance: script.distance,
        liveness: live,
        width: 640,
        height: 480,
        ms: 1,
      };
    },
    async startLiveness(steps?: ChallengeStep[]) {
      calls.push('startLiveness');
      const s = steps ?? ['BLINK', 'TURN_LEFT', 'TURN_RIGHT'];
      live = { state: 'running', steps: s, completed: [], current: s[0], prompt: null, reason: null, frames: 0, elapsedMs: 0 };
      return live;
    },
    async livenessStatus() {
      if (!live) throw new FaceError('LIVENESS_NOT_STARTED', 'no');
      return live;
    },
    async decide(): Promise<Decision> {
      calls.push('decide');
      if (!portrait) throw new FaceError('NO_PORTRAIT', 'no portrait');
      const match = script.distance <= 0.56;
      return {
        distance: script.distance,
        similarity: 1 / (1 + Math.exp((script.distance - 0.56) / 0.05)),
        match,
        threshold: 0.56,
        framesCompared: 3,
        sameSubject: true,
        liveness: live,
        verified: match && live?.state === 'passed',
        ms: 1,
      };
    },
    async endVisit() {
      calls.push('endVisit');
      portrait = false;
      live = null;
      challengeFrames = 0;
    },
    memory: async () => ({ rss: 0, heapUsed: 0, wasmHeap: 0, tensors: 0 }),
    close: async () => undefined,
  };
  return engine as unknown as FaceEngine & { calls: string[]; portraits: number };
}

export interface Submitted {
  service: 'hospital' | 'airport';
  card: CardReadResult;
  verification: VerificationFacts;
  booking?: string;
}

export function fakeBackends(mode: 'up' | 'down' = 'up'): VisitBackends & { submitted: Submitted[] } {
  const submitted: Submitted[] = [];
  return {
    submitted,
    async lookupCoverage() {
      return [];
    },
    async submitHospitalVisit(v) {
      submitted.push({ service: 'hospital', card: v.card, verification: v.verification });
      if (mode === 'down') return { status: 'queued', id: 'r1', lastError: 'NETWORK' };
      return { status: 'delivered', id: 'r1', receipt: { patientId: 'p1', encounterId: 'e1', ticket: { number: 'KB-007', department: 'Khoa Khám bệnh', room: 'Phòng 105', time: null } } };
    },
    async submitAirportCheckin(v) {
      submitted.push({ service: 'airport', card: v.card, verification: v.verification, booking: v.booking });
      if (v.booking.toUpperCase() === 'ZZZ999') return { status: 'delivered', id: 'r2', receipt: { result: 'NOT_FOUND' } };
      return { status: 'delivered', id: 'r2', receipt: { result: 'CHECKED_IN', seat: '12A', boardingPass: { bcbp: 'x', gate: '5', boardingTime: null } } };
    },
    outboxCounts() {
      return { pending: { count: 0, oldestAgeSeconds: null, maxAttempts: 0 }, failed: { count: 0, oldestAgeSeconds: null }, delivered: { count: submitted.length, newestAgeSeconds: 0 } };
    },
  };
}
