// A 1-bit raster at printer resolution: rows packed MSB-first (the leftmost dot is bit 7 of a row's first
// byte), 1 = a black dot — the same layout ESC/POS GS v 0 sends, so the printer bytes and the PNG preview
// come from one buffer.

export interface MonoBitmap {
  /** Dots per row (a multiple of 8 for a printer image). */
  width: number;
  height: number;
  /** Bytes per row: ceil(width / 8). */
  rowBytes: number;
  data: Uint8Array;
}

export function createBitmap(width: number, height: number): MonoBitmap {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height < 0) {
    throw new RangeError(`bad bitmap size ${width}×${height}`);
  }
  const rowBytes = Math.ceil(width / 8);
  return { width, height, rowBytes, data: new Uint8Array(rowBytes * height) };
}

export function getDot(b: MonoBitmap, x: number, y: number): boolean {
  return ((b.data[y * b.rowBytes + (x >> 3)] >> (7 - (x & 7))) & 1) === 1;
}

export function setDot(b: MonoBitmap, x: number, y: number, black: boolean): void {
  const i = y * b.rowBytes + (x >> 3);
  const bit = 0x80 >> (x & 7);
  b.data[i] = black ? b.data[i] | bit : b.data[i] & ~bit;
}

export function blackDots(b: MonoBitmap): number {
  let n = 0;
  for (const byte of b.data) {
    let v = byte;
    while (v) {
      n += v & 1;
      v >>= 1;
    }
  }
  return n;
}

/**
 * RGBA pixels (canvas order) to 1 bit. Text is drawn black on white, so a fixed luminance threshold keeps
 * strokes and diacritics crisp; 'dither' (Floyd–Steinberg) is for photographic content such as a logo.
 */
export function toMono(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number, mode: 'threshold' | 'dither' = 'threshold', threshold = 128): MonoBitmap {
  const out = createBitmap(width, height);
  const lum = new Float32Array(width * height);
  for (let i = 0, p = 0; i < lum.length; i++, p += 4) {
    const a = rgba[p + 3] / 255;
    // Transparent counts as paper (white).
    const y = 0.299 * rgba[p] + 0.587 * rgba[p + 1] + 0.114 * rgba[p + 2];
    lum[i] = y * a + 255 * (1 - a);
  }
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const old = lum[i];
      const black = old < threshold;
      if (black) setDot(out, x, y, true);
      if (mode === 'dither') {
        const err = old - (black ? 0 : 255);
        if (x + 1 < width) lum[i + 1] += (err * 7) / 16;
        if (y + 1 < height) {
          if (x > 0) lum[i + width - 1] += (err * 3) / 16;
          lum[i + width] += (err * 5) / 16;
          if (x + 1 < width) lum[i + width + 1] += err / 16;
        }
      }
    }
  }
  return out;
}
