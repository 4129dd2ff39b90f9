// The worker-thread engine as the kiosk uses it: typed errors for bad input, and it keeps working afterwards.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceEngine } from '../../../electron/face/engine.ts';
import { FaceError, type FaceErrorCode } from '../../../electron/face/errors.ts';
import { compose, jpegHeaderClaiming, loadShared, sharedBytes, toRgbaFrame } from './frames.ts';

const engine = createFaceEngine({ requireLiveness: false, timeoutMs: 60_000 });

async function errorCode(p: Promise<unknown>): Promise<FaceErrorCode | 'resolved'> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    expect(err).toBeInstanceOf(FaceError);
    return (err as FaceError).code;
  }
}

beforeAll(async () => {
  const info = await engine.warmup();
  expect(info.backend).toBe('wasm');
}, 120_000);

afterAll(() => engine.close());

describe('face worker', { timeout: 60_000 }, () => {
  it('answers a corrupt portrait and a corrupt frame with IMAGE_CORRUPT', async () => {
    expect(await errorCode(engine.setPortrait(new TextEncoder().encode('definitely not a JPEG')))).toBe('IMAGE_CORRUPT');
    const jpeg = sharedBytes('public-domain', 'obama', '1.jpg');
    const broken = Uint8Array.from(jpeg.subarray(0, 2000));
    expect(await errorCode(engine.analyzeFrame({ kind: 'jpeg', bytes: broken }))).toBe('IMAGE_CORRUPT');
    expect(await errorCode(engine.setPortrait(sharedBytes('chip-sim', 'chip-emoA.jp2').subarray(0, 100)))).toBe('IMAGE_CORRUPT');
  });

  it('answers oversized and malformed frames with FRAME_TOO_LARGE / FRAME_INVALID', async () => {
    expect(await errorCode(engine.analyzeFrame({ kind: 'jpeg', bytes: jpegHeaderClaiming(20000, 20000) }))).toBe('FRAME_TOO_LARGE');
    const w = 4000;
    const h = 3000;
    expect(await errorCode(engine.analyzeFrame({ kind: 'rgba', width: w, height: h, data: new Uint8Array(w * h * 4) }))).toBe('FRAME_TOO_LARGE');
    expect(await errorCode(engine.analyzeFrame({ kind: 'rgba', width: 640, height: 480, data: new Uint8Array(100) }))).toBe('FRAME_INVALID');
    expect(await errorCode(engine.analyzeFrame({ kind: 'rgba', width: -1, height: 480, data: new Uint8Array(0) }))).toBe('FRAME_INVALID');
  });

  it('still works after those errors: portrait, frame, decision, end of visit', async () => {
    await engine.setPortrait(sharedBytes('chip-sim', 'chip-teenA.jp2'));
    const frame = toRgbaFrame(compose([{ img: await loadShared('stock', 'teen', '4.jpg'), fill: 1.6 }]));
    const a = await engine.analyzeFrame(frame);
    expect(a.quality.ok).toBe(true);
    // The caller's frame is left alone: the engine analysed its own copy.
    expect(frame.kind === 'rgba' && frame.data.some((v) => v !== 0)).toBe(true);
    const d = await engine.decide();
    expect(d.match).toBe(true);
    await engine.endVisit();
    expect(await errorCode(engine.decide())).toBe('NO_PORTRAIT');
  });

  it('reports decide() before any good frame as NO_GOOD_FRAME', async () => {
    await engine.setPortrait(sharedBytes('chip-sim', 'chip-teenA.jp2'));
    expect(await errorCode(engine.decide())).toBe('NO_GOOD_FRAME');
    await engine.endVisit();
  });

  it('replaces a worker that died, and one that stopped answering, with typed errors for the lost calls', async () => {
    // A stand-in worker speaking the protocol: answers `info`, dies on `endVisit`, never answers `decide`.
    const src = `import { parentPort } from 'node:worker_threads';
      parentPort.on('message', (m) => {
        if (m.op === 'endVisit') process.exit(3);
        if (m.op === 'info') parentPort.postMessage({ id: m.id, ok: true, result: { backend: 'cpu' } });
      });`;
    const e = createFaceEngine({ timeoutMs: 500, workerUrl: new URL('data:text/javascript,' + encodeURIComponent(src)) });
    try {
      expect(await e.info()).toMatchObject({ backend: 'cpu' });
      expect(await errorCode(e.endVisit())).toBe('WORKER_CRASHED');
      expect(await e.info()).toMatchObject({ backend: 'cpu' });
      expect(await errorCode(e.decide())).toBe('ENGINE_TIMEOUT');
      expect(await e.info()).toMatchObject({ backend: 'cpu' });
    } finally {
      await e.close();
    }
  });

  it('refuses calls after close with ENGINE_CLOSED', async () => {
    const e = createFaceEngine();
    await e.close();
    expect(await errorCode(e.info())).toBe('ENGINE_CLOSED');
  });
});
