// The quality gate: each failure detected on a frame crafted from a real photo, and the rules on their own.
import { beforeAll, describe, expect, it } from 'vitest';
import { FaceCore } from '../../../electron/face/core.ts';
import { GUIDANCE, GUIDANCE_PRIORITY, type GuidanceCode } from '../../../electron/face/guidance.ts';
import type { RgbImage } from '../../../electron/face/image.ts';
import { assessQuality } from '../../../electron/face/quality.ts';
import { blur, compose, FRAME_H, FRAME_W, loadShared, rotate, scaleBrightness, toRgbaFrame } from './frames.ts';

const core = new FaceCore();
let frontal: RgbImage; // stock/emotions-a/4.jpg: frontal, eyes open, studio light

async function codes(img: RgbImage): Promise<GuidanceCode[]> {
  return (await core.analyzeFrame(toRgbaFrame(img))).quality.codes;
}

beforeAll(async () => {
  await core.warmup();
  frontal = compose([{ img: await loadShared('stock', 'emotions-a', '4.jpg'), fill: 1.6 }]);
}, 60_000);

describe('quality gate on crafted frames', { timeout: 60_000 }, () => {
  it('passes a well-lit frontal face at a good distance', async () => {
    const a = await core.analyzeFrame(toRgbaFrame(frontal));
    expect(a.quality.codes).toEqual([]);
    expect(a.quality.ok).toBe(true);
    expect(a.quality.metrics?.faceCount).toBe(1);
    expect(Math.abs(a.quality.metrics?.yaw ?? 99)).toBeLessThan(10);
  });

  it('says NO_FACE on an empty frame', async () => {
    expect(await codes({ width: FRAME_W, height: FRAME_H, data: new Uint8Array(FRAME_W * FRAME_H * 3).fill(120) })).toEqual(['NO_FACE']);
  });

  it('says TOO_DARK when the light is low', async () => {
    expect(await codes(scaleBrightness(frontal, 0.3))).toContain('TOO_DARK');
  });

  it('says TOO_BRIGHT when the face is washed out', async () => {
    expect(await codes(scaleBrightness(frontal, 1.6, 60))).toContain('TOO_BRIGHT');
  });

  it('says BLURRY on an out-of-focus frame', async () => {
    expect(await codes(blur(frontal, 2))).toContain('BLURRY');
  });

  it('says MOVE_CLOSER when the face is small', async () => {
    const far = compose([{ img: await loadShared('stock', 'emotions-a', '1.jpg'), fill: 0.3 }]);
    expect(await codes(far)).toContain('MOVE_CLOSER');
  });

  it('says MOVE_BACK when the face fills the frame', async () => {
    const near = compose([{ img: await loadShared('synthetic', 'ai-face.jpg'), fill: 1.6 }]);
    expect(await codes(near)).toContain('MOVE_BACK');
  });

  it('says CENTER_FACE when the face leaves the frame', async () => {
    const off = compose([{ img: await loadShared('stock', 'emotions-a', '4.jpg'), fill: 1.6, dx: 240 }]);
    expect(await codes(off)).toContain('CENTER_FACE');
  });

  it('says ONLY_ONE_PERSON for a group photo and for two people side by side', async () => {
    expect(await codes(compose([{ img: await loadShared('group', 'two_people.jpg'), fill: 1 }]))).toContain('ONLY_ONE_PERSON');
    const a = await loadShared('stock', 'emotions-a', '4.jpg');
    const b = await loadShared('stock', 'teen', '4.jpg');
    expect(await codes(compose([{ img: a, fill: 0.9, dx: -170 }, { img: b, fill: 0.9, dx: 170 }]))).toContain('ONLY_ONE_PERSON');
  });

  it('says LOOK_STRAIGHT for a turned head', async () => {
    const turned = compose([{ img: await loadShared('stock', 'emotions-a', '2.jpg'), fill: 1.6 }]);
    const a = await core.analyzeFrame(toRgbaFrame(turned));
    expect(a.quality.codes).toContain('LOOK_STRAIGHT');
    // She turns to her own left, i.e. towards the image's right: positive yaw by our convention.
    expect(a.quality.metrics?.yaw).toBeGreaterThan(20);
  });

  it('says HEAD_UPRIGHT for a tilted head', async () => {
    const a = await core.analyzeFrame(toRgbaFrame(rotate(frontal, 25)));
    expect(a.quality.codes).toContain('HEAD_UPRIGHT');
    expect(a.quality.metrics?.roll).toBeGreaterThan(15);
  });
});

describe('quality rules', () => {
  const geometry = { eyeImageLeft: { x: 0, y: 0 }, eyeImageRight: { x: 0, y: 0 }, interEye: 80, roll: 0, yaw: 0, pitch: 0, ear: 0.3 };
  const exposure = { brightness: 130, overexposed: 0, sharpness: 0.3 };
  const face = { box: { x: 220, y: 120, width: 200, height: 220 }, score: 0.9 };
  const base = { frameWidth: 640, frameHeight: 480, faces: [face], geometry, exposure };

  it('orders several failures by what to fix first', () => {
    const r = assessQuality({ ...base, geometry: { ...geometry, yaw: 40, interEye: 20 }, exposure: { ...exposure, brightness: 20 } });
    expect(r.codes).toEqual(['MOVE_CLOSER', 'TOO_DARK', 'LOOK_STRAIGHT']);
    expect(r.codes).toEqual(GUIDANCE_PRIORITY.filter((c) => r.codes.includes(c)));
  });

  it('ignores a small face far behind the person', () => {
    const behind = { box: { x: 20, y: 20, width: 40, height: 44 }, score: 0.8 };
    expect(assessQuality({ ...base, faces: [face, behind] }).ok).toBe(true);
    const beside = { box: { x: 20, y: 100, width: 150, height: 160 }, score: 0.8 };
    expect(assessQuality({ ...base, faces: [face, beside] }).codes).toEqual(['ONLY_ONE_PERSON']);
  });

  it('has a Vietnamese and an English message for every code', () => {
    for (const code of GUIDANCE_PRIORITY) {
      expect(GUIDANCE[code].vi.length).toBeGreaterThan(5);
      expect(GUIDANCE[code].en.length).toBeGreaterThan(5);
    }
    expect(GUIDANCE.MOVE_CLOSER.vi).toBe('Vui lòng tiến lại gần hơn');
  });
});
