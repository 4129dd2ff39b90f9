// Active liveness: the challenge logic on landmark sequences, and the engine on frame sequences made from
// real photos — a still image replayed as video fails, a head that really turns passes.
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FaceCore } from '../../../electron/face/core.ts';
import type { ChallengeStep } from '../../../electron/face/guidance.ts';
import type { RgbImage } from '../../../electron/face/image.ts';
import { ALL_STEPS, LivenessSession, randomOrder, type LivenessSample } from '../../../electron/face/liveness.ts';
import { compose, jitter, loadShared, mirror, sharedBytes, toRgbaFrame } from './frames.ts';

const box = { x: 200, y: 100, width: 200, height: 220 };

/** A live-looking sample: one face, slight landmark noise so no two frames are identical. */
function sample(t: number, yaw: number, ear: number): LivenessSample {
  return { t, faceCount: 1, yaw, ear, box: { ...box, x: box.x + (t % 3) }, landmarks: Float32Array.of(t, yaw, ear) };
}

function run(steps: ChallengeStep[], frames: [yaw: number, ear: number][], dt = 100): LivenessSession {
  const s = new LivenessSession(steps, 0);
  frames.forEach(([yaw, ear], i) => s.feed(sample((i + 1) * dt, yaw, ear)));
  return s;
}

const open: [number, number] = [0, 0.3];
const closed: [number, number] = [0, 0.12];

describe('liveness challenge logic', () => {
  it('passes blink, turn left, turn right done in the asked order', () => {
    const s = run(['BLINK', 'TURN_LEFT', 'TURN_RIGHT'], [open, open, open, closed, open, open, [20, 0.3], [22, 0.3], [0, 0.3], [-20, 0.3], [-21, 0.3]]);
    expect(s.status()).toMatchObject({ state: 'passed', completed: ['BLINK', 'TURN_LEFT', 'TURN_RIGHT'], reason: null });
  });

  it('asks each step with its bilingual prompt', () => {
    const s = new LivenessSession(['TURN_RIGHT', 'BLINK'], 0);
    expect(s.status().prompt).toEqual({ vi: 'Vui lòng quay đầu sang phải', en: 'Please turn your head to your right' });
  });

  it('does not take eyes that never close for a blink, and times out', () => {
    const frames: [number, number][] = Array.from({ length: 90 }, (_, i) => [0, 0.3 + (i % 2) * 0.01]);
    expect(run(['BLINK'], frames).status()).toMatchObject({ state: 'failed', reason: 'TIMEOUT' });
  });

  it('does not take a single noisy frame for a turn', () => {
    const s = run(['TURN_LEFT'], [open, open, [18, 0.3], open, open]);
    expect(s.status().state).toBe('running');
  });

  it('fails on the second turn the wrong way, tolerates the first', () => {
    const once = run(['TURN_LEFT'], [open, open, [-20, 0.3], [-20, 0.3], open, [20, 0.3], [20, 0.3]]);
    expect(once.status().state).toBe('passed');
    const twice = run(['TURN_LEFT'], [open, open, [-20, 0.3], open, [-20, 0.3]]);
    expect(twice.status()).toMatchObject({ state: 'failed', reason: 'WRONG_ACTION' });
  });

  it('fails when a second face appears or the face jumps away', () => {
    const s = new LivenessSession(['BLINK'], 0);
    s.feed(sample(100, 0, 0.3));
    expect(s.feed({ t: 200, faceCount: 2 }).reason).toBe('MULTIPLE_FACES');
    const j = new LivenessSession(['BLINK'], 0);
    j.feed(sample(100, 0, 0.3));
    expect(j.feed({ ...sample(200, 0, 0.3), box: { ...box, x: box.x + 500 } }).reason).toBe('FACE_LOST');
  });

  it('fails at once on frames with identical landmarks (a frozen input)', () => {
    const s = new LivenessSession(['BLINK'], 0);
    const lm = Float32Array.of(1, 2, 3);
    let st = s.status();
    for (let i = 1; i <= 4; i++) st = s.feed({ t: i * 100, faceCount: 1, yaw: 0, ear: 0.3, box, landmarks: lm });
    expect(st).toMatchObject({ state: 'failed', reason: 'STATIC_IMAGE' });
  });

  it('draws every step exactly once, in varying order', () => {
    fc.assert(
      fc.property(fc.constant(null), () => {
        const o = randomOrder();
        expect([...o].sort()).toEqual([...ALL_STEPS].sort());
      }),
      { numRuns: 50 },
    );
    const seen = new Set(Array.from({ length: 200 }, () => randomOrder().join(',')));
    expect(seen.size).toBe(6);
  });
});

describe('liveness on frame sequences', { timeout: 120_000 }, () => {
  const core = new FaceCore({ liveness: { stepTimeoutMs: 1500 } });
  let frontal: RgbImage;
  let turnedLeft: RgbImage;

  beforeAll(async () => {
    await core.warmup();
    frontal = compose([{ img: await loadShared('stock', 'emotions-a', '4.jpg'), fill: 1.6 }]);
    // emotions-a/2.jpg: the same woman with her head turned to her left; mirrored, it is a turn to her right.
    turnedLeft = compose([{ img: await loadShared('stock', 'emotions-a', '2.jpg'), fill: 1.6 }]);
  }, 60_000);

  it('fails a still image replayed as video (identical frames) before the challenge can pass', async () => {
    core.endVisit();
    core.startLiveness(['TURN_LEFT', 'TURN_RIGHT', 'BLINK'], 0);
    const frame = toRgbaFrame(frontal);
    let last = null;
    for (let i = 1; i <= 6 && last?.state !== 'failed'; i++) {
      last = (await core.analyzeFrame(frame, { at: i * 100 })).liveness;
    }
    expect(last).toMatchObject({ state: 'failed', reason: 'STATIC_IMAGE' });
  });

  it('fails a photo held up to the camera (noisy frames of a still face) by timeout', async () => {
    core.endVisit();
    core.startLiveness(randomOrder(), 0);
    let last = null;
    for (let i = 1; i <= 20 && last?.state !== 'failed'; i++) {
      last = (await core.analyzeFrame(toRgbaFrame(jitter(frontal, i)), { at: i * 150 })).liveness;
    }
    expect(last).toMatchObject({ state: 'failed', reason: 'TIMEOUT', completed: [] });
  });

  it('passes a head that turns left then right, and the decision uses only frontal frames', async () => {
    core.endVisit();
    await core.setPortrait(sharedBytes('stock', 'emotions-a', '6.jpg'));
    core.startLiveness(['TURN_LEFT', 'TURN_RIGHT'], 0);
    const seq = [frontal, frontal, turnedLeft, turnedLeft, frontal, mirror(turnedLeft), mirror(turnedLeft)];
    const analyses = [];
    for (let i = 0; i < seq.length; i++) {
      analyses.push(await core.analyzeFrame(toRgbaFrame(jitter(seq[i], i + 1)), { at: (i + 1) * 150 }));
    }
    expect(analyses.at(-1)?.liveness).toMatchObject({ state: 'passed', completed: ['TURN_LEFT', 'TURN_RIGHT'] });
    // Turned frames fail the quality gate (LOOK_STRAIGHT) and are never compared with the portrait.
    expect(analyses.map((a) => a.candidate)).toEqual([true, true, false, false, true, false, false]);
    const d = core.decide();
    expect(d.liveness?.state).toBe('passed');
    expect(d.match).toBe(true);
    expect(d.verified).toBe(true);
  });
});
