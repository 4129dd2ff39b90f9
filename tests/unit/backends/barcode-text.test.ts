import { describe, it, expect } from 'vitest';
import { AztecCodeWriter, BarcodeFormat, QRCodeWriter, type BitMatrix } from '@zxing/library';
import { decodeBarcodeLuminance, rgbaToLuminance } from '../../../electron/backends/airport/barcode-text.ts';
import { parseBookingInput } from '../../../electron/backends/airport/boarding-pass.ts';

const BCBP = 'M1NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100';

/** Renders a symbol as a printed boarding pass would appear to a camera: scaled, quiet zone, grey, noisy. */
function render(m: BitMatrix, scale: number): { luma: Uint8ClampedArray; w: number; h: number } {
  const quiet = 4 * scale;
  const w = m.getWidth() * scale + 2 * quiet;
  const h = m.getHeight() * scale + 2 * quiet;
  const rgba = new Uint8ClampedArray(w * h * 4);
  let seed = 7;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const mx = Math.floor((x - quiet) / scale);
      const my = Math.floor((y - quiet) / scale);
      const dark = mx >= 0 && my >= 0 && mx < m.getWidth() && my < m.getHeight() && m.get(mx, my);
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const v = (dark ? 40 : 215) + ((seed >> 16) % 30) - 15;
      rgba.set([v, v, v + 5, 255], (y * w + x) * 4);
    }
  }
  return { luma: rgbaToLuminance(rgba), w, h };
}

describe('boarding-pass barcode image → BCBP text', () => {
  it.each([
    ['QR', () => new QRCodeWriter().encode(BCBP, BarcodeFormat.QR_CODE, 0, 0, new Map())],
    ['Aztec', () => new AztecCodeWriter().encode(BCBP, BarcodeFormat.AZTEC, 0, 0)],
  ])('decodes a %s boarding pass and the text parses as the booking', (_name, make) => {
    const { luma, w, h } = render(make(), 4);
    const text = decodeBarcodeLuminance(luma, w, h);
    expect(text).toBe(BCBP);
    const booking = parseBookingInput(text ?? '');
    expect(booking.kind === 'bcbp' && booking.boardingPass.legs[0].pnr).toBe('ABC123');
  });

  it('answers null for an image without a barcode', () => {
    const w = 120;
    const h = 80;
    expect(decodeBarcodeLuminance(new Uint8ClampedArray(w * h).fill(200), w, h)).toBeNull();
  });
});
