// ESC/POS for a raster ticket (Epson TM-series command reference): ESC @ to reset the printer, the image as
// GS v 0 raster bit images in bands (printers buffer a limited number of rows per command), a feed past the
// tear bar and a partial cut. Text is never sent as characters, so no code page can drop a Vietnamese
// diacritic: the printer only sees dots.
import type { MonoBitmap } from './bitmap.ts';

export interface EscPosOptions {
  /** Rows per GS v 0 command (default 256; Epson allows up to 2303 but small buffers choke on tall images). */
  bandRows?: number;
  /** Lines fed after the image with ESC d before the cut (default 4). */
  feedLines?: number;
  /** Partial cut at the end (default true); false leaves the paper for a tear bar. */
  cut?: boolean;
}

export const ESC_INIT = Uint8Array.of(0x1b, 0x40);
/** GS v 0 with m = 0 (normal density). */
export const GS_V0 = Uint8Array.of(0x1d, 0x76, 0x30, 0x00);
/** GS V 66 n: feed to the cutter position plus n lines, then cut leaving one point uncut (partial). */
export const PARTIAL_CUT = Uint8Array.of(0x1d, 0x56, 0x42, 0x00);

export function encodeEscPos(b: MonoBitmap, o: EscPosOptions = {}): Uint8Array {
  const bandRows = o.bandRows ?? 256;
  const feed = o.feedLines ?? 4;
  if (!Number.isInteger(bandRows) || bandRows < 1 || bandRows > 2303) throw new RangeError('bandRows must be 1…2303');
  if (!Number.isInteger(feed) || feed < 0 || feed > 255) throw new RangeError('feedLines must be 0…255');
  if (b.rowBytes > 0xffff) throw new RangeError('image too wide for GS v 0');
  const parts: Uint8Array[] = [ESC_INIT];
  for (let y0 = 0; y0 < b.height; y0 += bandRows) {
    const rows = Math.min(bandRows, b.height - y0);
    const header = new Uint8Array(8);
    header.set(GS_V0, 0);
    header[4] = b.rowBytes & 0xff; // xL: bytes per row
    header[5] = b.rowBytes >> 8; // xH
    header[6] = rows & 0xff; // yL: rows in this band
    header[7] = rows >> 8; // yH
    parts.push(header, b.data.subarray(y0 * b.rowBytes, (y0 + rows) * b.rowBytes));
  }
  if (feed > 0) parts.push(Uint8Array.of(0x1b, 0x64, feed)); // ESC d n
  if (o.cut ?? true) parts.push(PARTIAL_CUT);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
