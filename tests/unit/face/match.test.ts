// Matching on real photos from ../shared/faces through the kiosk path: portrait → descriptor, live image →
// candidate, decide() with the calibrated threshold.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fmrAt, fnmrAt, fnmrAtFmr, thresholdAtFmr } from '../../../electron/face/calibration.ts';
import { FaceCore } from '../../../electron/face/core.ts';
import { FaceError } from '../../../electron/face/errors.ts';
import { MATCH_THRESHOLD, similarity } from '../../../electron/face/match.ts';
import { compose, loadShared, sharedBytes, toRgbaFrame } from './frames.ts';

const core = new FaceCore({ requireLiveness: false });

beforeAll(() => core.warmup(), 60_000);
afterEach(() => core.endVisit());

/** Portrait bytes vs one live photo (as a still, like `kiosk face compare`). */
async function compare(portrait: string[], live: string[]): Promise<{ distance: number; match: boolean }> {
  await core.setPortrait(sharedBytes(...portrait));
  await core.analyzeFrame({ kind: 'jpeg', bytes: sharedBytes(...live) }, { still: true });
  const d = core.decide();
  core.endVisit();
  return d;
}

describe('face match on shared photos', { timeout: 90_000 }, () => {
  it('matches the same person across different photos', async () => {
    for (const [p, l] of [
      [['public-domain', 'obama', '1.jpg'], ['public-domain', 'obama', '4.jpg']],
      [['public-domain', 'biden', '1.jpg'], ['public-domain', 'biden', '2.jpg']],
      [['stock', 'emotions-a', '1.jpg'], ['stock', 'emotions-a', '5.jpg']],
      [['tv', 'leonard', '1.png'], ['tv', 'leonard', '3.png']],
    ]) {
      const r = await compare(p, l);
      expect({ pair: `${p.join('/')} ~ ${l.join('/')}`, match: r.match }).toEqual({ pair: `${p.join('/')} ~ ${l.join('/')}`, match: true });
    }
  });

  it('does not match different people', async () => {
    for (const [p, l] of [
      [['public-domain', 'obama', '1.jpg'], ['public-domain', 'biden', '2.jpg']],
      [['stock', 'emotions-a', '1.jpg'], ['stock', 'emotions-b', '8.jpg']],
      [['tv', 'leonard', '1.png'], ['tv', 'sheldon', '1.png']],
      [['stock', 'teen', '4.jpg'], ['singles', 'celeste', '1.jpg']],
    ]) {
      const r = await compare(p, l);
      expect(r.distance).toBeGreaterThan(MATCH_THRESHOLD);
      expect(r.match).toBe(false);
    }
  });

  it('decodes a JPEG 2000 chip portrait and matches it against a live camera frame of the same person only', async () => {
    // chip-teenA.jp2 was made from stock/teen/1.jpg; the live frame is another photo, teen/4.jpg.
    const report = await core.setPortrait(sharedBytes('chip-sim', 'chip-teenA.jp2'));
    expect([report.width, report.height]).toEqual([240, 320]);
    const same = await core.analyzeFrame(toRgbaFrame(compose([{ img: await loadShared('stock', 'teen', '4.jpg'), fill: 1.6 }])));
    expect(same.quality.ok).toBe(true);
    expect(same.candidate).toBe(true);
    const d = core.decide();
    expect(d.match).toBe(true);
    expect(d.similarity).toBeGreaterThan(0.5);
    core.endVisit();

    await core.setPortrait(sharedBytes('chip-sim', 'chip-teenA.jp2'));
    const other = await core.analyzeFrame(toRgbaFrame(compose([{ img: await loadShared('stock', 'emotions-a', '4.jpg'), fill: 1.6 }])));
    expect(other.candidate).toBe(true);
    expect(core.decide().match).toBe(false);
    core.endVisit();

    // chip-emoB.jp2 (from emotions-b/2.jpg) against emotions-b/8.jpg as a camera frame.
    await core.setPortrait(sharedBytes('chip-sim', 'chip-emoB.jp2'));
    await core.analyzeFrame(toRgbaFrame(compose([{ img: await loadShared('stock', 'emotions-b', '8.jpg'), fill: 1.6 }])));
    expect(core.decide().match).toBe(true);
  });

  it('decodes and matches low-quality chip portraits: JPEG q10, 96 px greyscale q10', async () => {
    // Each chip portrait is compared with a different photo than the one it was made from.
    expect((await compare(['chip-sim', 'chip-emoB-q10__stock-emotions-b-2.jpg'], ['stock', 'emotions-b', '5.jpg'])).match).toBe(true);
    expect((await compare(['chip-sim', 'chip-teenA-q10__stock-teen-1.jpg'], ['stock', 'teen', '4.jpg'])).match).toBe(true);
    expect((await compare(['chip-sim', 'chip-sheldon-lowres96q10__sheldon1.jpg'], ['tv', 'sheldon', '2.png'])).match).toBe(true);
    expect((await compare(['chip-sim', 'chip-sheldon-lowres96q10__sheldon1.jpg'], ['tv', 'leonard', '2.png'])).match).toBe(false);
    expect((await compare(['chip-sim', 'chip-teenA-q10__stock-teen-1.jpg'], ['stock', 'emotions-a', '4.jpg'])).match).toBe(false);
  });

  it('takes the best of several good frames and forgets everything at the end of the visit', async () => {
    await core.setPortrait(sharedBytes('public-domain', 'obama', '1.jpg'));
    const a = await core.analyzeFrame({ kind: 'jpeg', bytes: sharedBytes('public-domain', 'obama', '2.jpg') }, { still: true });
    const b = await core.analyzeFrame({ kind: 'jpeg', bytes: sharedBytes('public-domain', 'obama', '4.jpg') }, { still: true });
    const d = core.decide();
    expect(d.framesCompared).toBe(2);
    expect(d.distance).toBe(Math.min(a.distance ?? Infinity, b.distance ?? Infinity));
    expect(d.sameSubject).toBe(true);
    expect(d.similarity).toBeCloseTo(similarity(d.distance), 10);
    core.endVisit();
    expect(() => core.decide()).toThrowError(FaceError);
  });

  it('refuses a portrait without a face', async () => {
    const blank = compose([]);
    await expect(core.analyzeFrame(toRgbaFrame(blank))).resolves.toMatchObject({ quality: { codes: ['NO_FACE'] } });
    await expect(core.setPortrait(sharedBytes('partial', 'obama_partial_face.jpg')).then(() => 'face')).resolves.toBe('face');
    try {
      await core.setPortrait(new Uint8Array(0));
      expect.unreachable();
    } catch (err) {
      expect((err as FaceError).code).toBe('IMAGE_CORRUPT');
    }
  });
});

describe('error rates', () => {
  const genuine = [0.3, 0.4, 0.5, 0.6, Infinity];
  const impostor = [0.45, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 1.4, 1.5];

  it('counts accepted impostors and rejected genuine pairs, a missing face as a rejection', () => {
    expect(fmrAt(impostor, 0.5)).toBeCloseTo(0.1);
    expect(fnmrAt(genuine, 0.5)).toBeCloseTo(0.4);
    expect(fnmrAt(genuine, 10)).toBeCloseTo(0.2);
  });

  it('finds the loosest threshold within a target FMR', () => {
    expect(thresholdAtFmr(impostor, 0.1)).toBeLessThan(0.7);
    expect(thresholdAtFmr(impostor, 0.1)).toBeGreaterThan(0.45);
    expect(thresholdAtFmr(impostor, 0.01)).toBeLessThan(0.45);
    expect(fnmrAtFmr(genuine, impostor, 0.1)).toBeCloseTo(0.2);
    expect(fnmrAtFmr(genuine, impostor, 0.01)).toBeCloseTo(0.6);
  });
});
