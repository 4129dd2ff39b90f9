// Crafted camera frames for the face tests, built at test time from ../shared/faces photos (nothing copied into
// the repository): letterboxed to 640 × 480 like a kiosk camera, then darkened, blurred, shrunk or combined.
import { readFileSync } from 'node:fs';
import { decodeImage } from '../../../electron/face/decode.ts';
import { fitWithin, type RgbImage } from '../../../electron/face/image.ts';
import type { Frame } from '../../../electron/face/types.ts';
import { sharedPath } from '../../helpers/shared.ts';

export const FRAME_W = 640;
export const FRAME_H = 480;

export function sharedBytes(...parts: string[]): Uint8Array {
  return new Uint8Array(readFileSync(sharedPath('faces', ...parts)));
}

export async function loadShared(...parts: string[]): Promise<RgbImage> {
  return decodeImage(sharedBytes(...parts), { maxBytes: 64 << 20, maxPixels: 50_000_000 });
}

/** Place `img` scaled to `fill` of the frame height, centred (plus an offset), on a grey 640 × 480 canvas. */
export function compose(items: { img: RgbImage; fill: number; dx?: number }[], bg = 110): RgbImage {
  const out = new Uint8Array(FRAME_W * FRAME_H * 3).fill(bg);
  for (const { img, fill, dx = 0 } of items) {
    const { image } = fitWithin(img, Math.round(Math.max(img.width, img.height) * ((FRAME_H * fill) / img.height)));
    const scaled = image.height > FRAME_H * fill + 1 ? image : scaleUp(img, (FRAME_H * fill) / img.height);
    const x0 = Math.round((FRAME_W - scaled.width) / 2 + dx);
    const y0 = Math.round((FRAME_H - scaled.height) / 2);
    for (let y = 0; y < scaled.height; y++) {
      const ty = y0 + y;
      if (ty < 0 || ty >= FRAME_H) continue;
      for (let x = 0; x < scaled.width; x++) {
        const tx = x0 + x;
        if (tx < 0 || tx >= FRAME_W) continue;
        const s = (y * scaled.width + x) * 3;
        const d = (ty * FRAME_W + tx) * 3;
        out[d] = scaled.data[s];
        out[d + 1] = scaled.data[s + 1];
        out[d + 2] = scaled.data[s + 2];
      }
    }
  }
  return { width: FRAME_W, height: FRAME_H, data: out };
}

/** Nearest-neighbour upscale (only used when a small source must fill more of the frame). */
function scaleUp(img: RgbImage, f: number): RgbImage {
  const w = Math.max(1, Math.round(img.width * f));
  const h = Math.max(1, Math.round(img.height * f));
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.floor(y / f));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor(x / f));
      out.set(img.data.subarray((sy * img.width + sx) * 3, (sy * img.width + sx) * 3 + 3), (y * w + x) * 3);
    }
  }
  return { width: w, height: h, data: out };
}

export function scaleBrightness(img: RgbImage, factor: number, add = 0): RgbImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.max(0, Math.min(255, Math.round(img.data[i] * factor + add)));
  return { ...img, data: out };
}

/** Separable box blur, `passes` times (three passes ≈ a Gaussian of σ ≈ radius). */
export function blur(img: RgbImage, radius: number, passes = 3): RgbImage {
  let src = Uint8Array.from(img.data);
  const { width: w, height: h } = img;
  const tmp = new Uint8Array(src.length);
  for (let p = 0; p < passes; p++) {
    for (const horizontal of [true, false]) {
      for (let y = 0; y < h; y++) {
        for (let x = 0; x < w; x++) {
          for (let c = 0; c < 3; c++) {
            let s = 0;
            let n = 0;
            for (let k = -radius; k <= radius; k++) {
              const xx = horizontal ? x + k : x;
              const yy = horizontal ? y : y + k;
              if (xx < 0 || yy < 0 || xx >= w || yy >= h) continue;
              s += src[(yy * w + xx) * 3 + c];
              n++;
            }
            tmp[(y * w + x) * 3 + c] = Math.round(s / n);
          }
        }
      }
      src = Uint8Array.from(tmp);
    }
  }
  return { width: w, height: h, data: src };
}

export function toRgbaFrame(img: RgbImage): Frame {
  const data = new Uint8Array(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.width * img.height; i++, j += 4) {
    data[j] = img.data[i * 3];
    data[j + 1] = img.data[i * 3 + 1];
    data[j + 2] = img.data[i * 3 + 2];
    data[j + 3] = 255;
  }
  return { kind: 'rgba', width: img.width, height: img.height, data };
}
