// An independent reader of the ESC/POS a ticket job sends: walks the command stream (ESC @, GS v 0, ESC d,
// GS V) per the Epson command reference and rebuilds the raster as one black/white value per dot, so tests
// can compare it with the PNG preview without going through the encoder's own bitmap type.
import { PNG } from 'pngjs';

export interface ParsedJob {
  commands: string[];
  bands: { widthBytes: number; rows: number; m: number }[];
  width: number;
  height: number;
  /** Row-major, 1 = black. */
  dots: Uint8Array;
}

export function parseEscPos(bytes: Uint8Array): ParsedJob {
  const commands: string[] = [];
  const bands: ParsedJob['bands'] = [];
  const rows: Uint8Array[] = [];
  let width = -1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b === 0x1b && bytes[i + 1] === 0x40) {
      commands.push('ESC @');
      i += 2;
    } else if (b === 0x1b && bytes[i + 1] === 0x64) {
      commands.push(`ESC d ${bytes[i + 2]}`);
      i += 3;
    } else if (b === 0x1d && bytes[i + 1] === 0x56) {
      const m = bytes[i + 2];
      if (m === 65 || m === 66) {
        commands.push(`GS V ${m} ${bytes[i + 3]}`);
        i += 4;
      } else {
        commands.push(`GS V ${m}`);
        i += 3;
      }
    } else if (b === 0x1d && bytes[i + 1] === 0x76 && bytes[i + 2] === 0x30) {
      const m = bytes[i + 3];
      const xBytes = bytes[i + 4] | (bytes[i + 5] << 8);
      const yRows = bytes[i + 6] | (bytes[i + 7] << 8);
      commands.push('GS v 0');
      bands.push({ widthBytes: xBytes, rows: yRows, m });
      const w = xBytes * 8;
      if (width !== -1 && width !== w) throw new Error('bands of different widths');
      width = w;
      let at = i + 8;
      if (at + xBytes * yRows > bytes.length) throw new Error('truncated raster band');
      for (let r = 0; r < yRows; r++) {
        const row = new Uint8Array(w);
        for (let x = 0; x < w; x++) row[x] = (bytes[at + (x >> 3)] >> (7 - (x & 7))) & 1;
        rows.push(row);
        at += xBytes;
      }
      i = at;
    } else {
      throw new Error(`unexpected byte 0x${b.toString(16)} at ${i}`);
    }
  }
  const dots = new Uint8Array(Math.max(0, width) * rows.length);
  rows.forEach((r, y) => dots.set(r, y * width));
  return { commands, bands, width, height: rows.length, dots };
}

/** A PNG's pixels as 1 = black (dark), 0 = white. */
export function pngDots(png: Uint8Array): { width: number; height: number; dots: Uint8Array } {
  const img = PNG.sync.read(Buffer.from(png));
  const dots = new Uint8Array(img.width * img.height);
  for (let i = 0; i < dots.length; i++) dots[i] = img.data[i * 4] < 128 ? 1 : 0;
  return { width: img.width, height: img.height, dots };
}

export function dataUrlToPng(url: string): Uint8Array {
  const m = /^data:image\/png;base64,([A-Za-z0-9+/=]+)$/.exec(url);
  if (!m) throw new Error('not a PNG data URL');
  return new Uint8Array(Buffer.from(m[1], 'base64'));
}
