// Fake-camera clips for Chromium (--use-file-for-fake-video-capture), made at test time from ../shared/faces
// and cached under test-results/ (never committed): a "live" subject that turns its head, and a still photo.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zxing from '@zxing/library';
import { repoRoot, sharedPath } from '../../helpers/shared.ts';
import { clip, FRAME_H, FRAME_W, loadSubject, toY4m, type Pose } from './live-subject.ts';
import type { RgbImage } from '../../../electron/face/image.ts';

export const CLIP_DIR = join(repoRoot, 'test-results', 'fake-camera');

/**
 * Front, a turn to the subject's left, front, a turn to the right: about 4 s at 15 fps, looped by Chromium.
 * Each turn ramps through several strengths because how far a warp can go before the detector loses the face
 * differs from photo to photo.
 */
const ramp = (sign: 1 | -1): { pose: Pose; frames: number }[] =>
  [0.2, 0.25, 0.3, 0.35, 0.4, 0.45].map((a) => ({ pose: { kind: 'turn', amount: sign * a }, frames: 2 }));

export const TURNS: { pose: Pose; frames: number }[] = [
  { pose: { kind: 'front' }, frames: 14 },
  ...ramp(1),
  { pose: { kind: 'front' }, frames: 14 },
  ...ramp(-1),
];

/**
 * Paints a QR code of `text` (UTF-8) into the bottom-right corner of the frames where the face looks straight
 * ahead, like a card held up beside the face and lowered for the head turns (next to a turned face the code
 * makes the detector lose the face).
 */
function withQr(frames: RgbImage[], poses: Pose[], text: string, size = 184): RgbImage[] {
  // CommonJS package: named imports do not resolve under every loader (Playwright's among them).
  const { BarcodeFormat, EncodeHintType, QRCodeWriter } = zxing;
  const hints = new Map<(typeof EncodeHintType)[keyof typeof EncodeHintType], unknown>([[EncodeHintType.CHARACTER_SET, 'UTF-8'], [EncodeHintType.MARGIN, 2]]);
  const m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, size, size, hints);
  const x0 = FRAME_W - size - 8;
  const y0 = FRAME_H - size - 8;
  for (const [i, f] of frames.entries()) {
    if (poses[i]?.kind !== 'front') continue;
    for (let y = 0; y < m.getHeight(); y++) {
      for (let x = 0; x < m.getWidth(); x++) {
        const v = m.get(x, y) ? 0 : 255;
        const d = ((y0 + y) * f.width + x0 + x) * 3;
        f.data[d] = v;
        f.data[d + 1] = v;
        f.data[d + 2] = v;
      }
    }
  }
  return frames;
}

export async function liveClip(photo: string, name: string, opts: { qr?: string } = {}): Promise<string> {
  const file = join(CLIP_DIR, `${name}.y4m`);
  if (existsSync(file)) return file;
  mkdirSync(CLIP_DIR, { recursive: true });
  const subject = await loadSubject(new Uint8Array(readFileSync(sharedPath('faces', photo))));
  const frames = clip(subject, TURNS);
  const poses = TURNS.flatMap((s) => Array.from({ length: s.frames }, () => s.pose));
  writeFileSync(file, toY4m(opts.qr ? withQr(frames, poses, opts.qr) : frames));
  return file;
}

/** The same photo in every frame: what a printed or on-screen photo held still looks like to the camera. */
export async function stillClip(photo: string, name: string): Promise<string> {
  const file = join(CLIP_DIR, `${name}.y4m`);
  if (existsSync(file)) return file;
  mkdirSync(CLIP_DIR, { recursive: true });
  const subject = await loadSubject(new Uint8Array(readFileSync(sharedPath('faces', photo))));
  const frames = clip(subject, [{ pose: { kind: 'front' }, frames: 1 }]);
  writeFileSync(file, toY4m(Array.from({ length: 30 }, () => frames[0])));
  return file;
}
