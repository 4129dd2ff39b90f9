// In-memory images for the face engine: 8-bit RGB, row-major, 3 bytes per pixel. Helpers to convert,
// pad, resample and wipe them. Pure JS so they run the same in the worker, the CLI and tests.

export interface RgbImage {
  width: number;
  height: number;
  /** width × height × 3 bytes, R G B. */
  data: Uint8Array;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Overwrite pixel data with zeros: biometric images never outlive their use. */
export function wipeImage(img: RgbImage): void {
  img.data.fill(0);
}

export function rgbaToRgb(rgba: Uint8Array, width: number, height: number, background = 255): RgbImage {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 3) {
    const a = rgba[i * 4 + 3];
    if (a === 255) {
      out[j] = rgba[i * 4];
      out[j + 1] = rgba[i * 4 + 1];
      out[j + 2] = rgba[i * 4 + 2];
    } else {
      // Transparent PNG portraits: composite over a plain background rather than black.
      const f = a / 255;
      out[j] = Math.round(rgba[i * 4] * f + background * (1 - f));
      out[j + 1] = Math.round(rgba[i * 4 + 1] * f + background * (1 - f));
      out[j + 2] = Math.round(rgba[i * 4 + 2] * f + background * (1 - f));
    }
  }
  return { width, height, data: out };
}

export function grayToRgb(gray: Uint8Array, width: number, height: number): RgbImage {
  const n = width * height;
  const out = new Uint8Array(n * 3);
  for (let i = 0, j = 0; i < n; i++, j += 3) out[j] = out[j + 1] = out[j + 2] = gray[i];
  return { width, height, data: out };
}

/**
 * Grow the canvas by `fraction` of the larger side on every edge, replicating the edge pixels. Tight face
 * crops (chip portraits, 150×150 test crops) need room around the face for the detector and the aligned crop.
 */
export function padImage(img: RgbImage, fraction: number): { image: RgbImage; offset: number } {
  const pad = Math.round(Math.max(img.width, img.height) * fraction);
  const w = img.width + 2 * pad;
  const h = img.height + 2 * pad;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.max(0, y - pad));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.max(0, x - pad));
      const s = (sy * img.width + sx) * 3;
      const d = (y * w + x) * 3;
      out[d] = img.data[s];
      out[d + 1] = img.data[s + 1];
      out[d + 2] = img.data[s + 2];
    }
  }
  return { image: { width: w, height: h, data: out }, offset: pad };
}

/** Downscale by area averaging so the longer side is at most `maxSide` (returns the input when it already fits). */
export function fitWithin(img: RgbImage, maxSide: number): { image: RgbImage; scale: number } {
  const longer = Math.max(img.width, img.height);
  if (longer <= maxSide) return { image: img, scale: 1 };
  const scale = maxSide / longer;
  const w = Math.max(1, Math.round(img.width * scale));
  const h = Math.max(1, Math.round(img.height * scale));
  const out = new Uint8Array(w * h * 3);
  const fx = img.width / w;
  const fy = img.height / h;
  for (let y = 0; y < h; y++) {
    const y0 = Math.floor(y * fy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * fy));
    for (let x = 0; x < w; x++) {
      const x0 = Math.floor(x * fx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * fx));
      let r = 0;
      let g = 0;
      let b = 0;
      for (let yy = y0; yy < y1; yy++) {
        for (let xx = x0; xx < x1; xx++) {
          const s = (yy * img.width + xx) * 3;
          r += img.data[s];
          g += img.data[s + 1];
          b += img.data[s + 2];
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const d = (y * w + x) * 3;
      out[d] = r / n;
      out[d + 1] = g / n;
      out[d + 2] = b / n;
    }
  }
  return { image: { width: w, height: h, data: out }, scale: w / img.width };
}

/** Rec. 601 luma of one pixel. */
function luma(data: Uint8Array, i: number): number {
  return 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
}

/**
 * Luma of `box` resampled (bilinear) to size × size: a scale-free view of the face for exposure and blur
 * measures, so a near face and a far face are judged alike.
 */
export function grayPatch(img: RgbImage, box: Box, size: number): Float32Array {
  const out = new Float32Array(size * size);
  const sx = box.width / size;
  const sy = box.height / size;
  for (let y = 0; y < size; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, box.y + (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(img.height - 1, y0 + 1);
    const wy = fy - y0;
    for (let x = 0; x < size; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, box.x + (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(img.width - 1, x0 + 1);
      const wx = fx - x0;
      const a = luma(img.data, (y0 * img.width + x0) * 3);
      const b = luma(img.data, (y0 * img.width + x1) * 3);
      const c = luma(img.data, (y1 * img.width + x0) * 3);
      const d = luma(img.data, (y1 * img.width + x1) * 3);
      out[y * size + x] = (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy;
    }
  }
  return out;
}
