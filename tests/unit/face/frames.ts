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

/** Rotate about the centre by `deg` (positive = clockwise in the image), bilinear, grey outside. */
export function rotate(img: RgbImage, deg: number, bg = 110): RgbImage {
  const { width: w, height: h } = img;
  const out = new Uint8Array(w * h * 3).fill(bg);
  const a = (deg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const cx = w / 2;
  const cy = h / 2;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      // Inverse mapping: where in the source does this output pixel come from.
      const sx = cos * (x - cx) + sin * (y - cy) + cx;
      const sy = -sin * (x - cx) + cos * (y - cy) + cy;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= w || y0 + 1 >= h) continue;
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const p = (yy: number, xx: number): number => img.data[(yy * w + xx) * 3 + c];
        out[(y * w + x) * 3 + c] = Math.round(
          (p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx) * (1 - fy) + (p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx) * fy,
        );
      }
    }
  }
  return { width: w, height: h, data: out };
}

export function mirror(img: RgbImage): RgbImage {
  const { width: w, height: h } = img;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) out.set(img.data.subarray((y * w + x) * 3, (y * w + x) * 3 + 3), (y * w + (w - 1 - x)) * 3);
  }
  return { width: w, height: h, data: out };
}

/** Sensor-like noise (±amplitude, deterministic per seed): a camera never delivers two identical frames. */
export function jitter(img: RgbImage, seed: number, amplitude = 2): RgbImage {
  let s = seed * 2654435761 + 1;
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const n = (s >>> 16) % (2 * amplitude + 1) - amplitude;
    out[i] = Math.max(0, Math.min(255, img.data[i] + n));
  }
  return { ...img, data: out };
}

/** The first bytes of a baseline JPEG whose frame header (SOF0) claims width × height; no image data follows. */
export function jpegHeaderClaiming(width: number, height: number): Uint8Array {
  return new Uint8Array([
    0xff, 0xd8, // SOI
    0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x03,
    0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    0xff, 0xd9, // EOI
  ]);
}
