// Camera frames for scripted visits, made in memory (never written to disk) the same way as the e2e fake
// camera (tests/e2e/support): a still photo from ../shared/faces warped into head turns, each frame encoded as
// the renderer sends it (640 × 480 JPEG, quality 85).
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { sharedPath } from '../helpers/shared.ts';
import { clip, loadSubject } from '../e2e/support/live-subject.ts';
import { TURNS } from '../e2e/support/y4m.ts';
import type { RgbImage } from '../../electron/face/image.ts';

/** The clip's frame rate, as Chromium plays the y4m clip in the e2e tests. */
export const CLIP_FPS = 15;

export interface FrameSet {
  /** A live subject: front, turn one way, front, turn the other way (looped by the sender). */
  live: Uint8Array<ArrayBuffer>[];
  /** The same frame again and again: a photo held up to the camera. */
  still: Uint8Array<ArrayBuffer>[];
}

function toJpeg(img: RgbImage): Uint8Array<ArrayBuffer> {
  const rgba = new Uint8Array(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) {
    rgba[j] = img.data[i];
    rgba[j + 1] = img.data[i + 1];
    rgba[j + 2] = img.data[i + 2];
    rgba[j + 3] = 255;
  }
  return new Uint8Array(jpeg.encode({ data: rgba, width: img.width, height: img.height }, 85).data);
}

/** `photo` is a path under ../shared/faces, e.g. public-domain/biden/2.jpg. */
export async function framesOf(photo: string): Promise<FrameSet> {
  const subject = await loadSubject(new Uint8Array(readFileSync(sharedPath('faces', photo))));
  const live = clip(subject, TURNS).map(toJpeg);
  return { live, still: [live[0]] };
}
