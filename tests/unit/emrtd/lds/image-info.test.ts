import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import { sharedPath } from '../../../helpers/shared.ts';
import { detectImageFormat, imageSize } from '../../../../electron/emrtd/lds/image-info.ts';

const read = (...p: string[]): Uint8Array => new Uint8Array(readFileSync(sharedPath('faces', ...p)));

/** Width and height from a PNG's IHDR chunk (PNG spec §11.2.2): independent truth for the JP2 siblings. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const dv = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

function indexOf(hay: Uint8Array, needle: string): number {
  const n = new TextEncoder().encode(needle);
  outer: for (let i = 0; i + n.length <= hay.length; i++) {
    for (let j = 0; j < n.length; j++) if (hay[i + j] !== n[j]) continue outer;
    return i;
  }
  return -1;
}

describe('image format and size from headers', () => {
  it('reads JPEG sizes that agree with a full jpeg-js decode', () => {
    for (const p of [
      ['public-domain', 'obama', '1.jpg'],
      ['chip-sim', 'chip-vlado-q10__person-vlado.jpg'],
      ['group', 'two_people.jpg'],
    ]) {
      const bytes = read(...p);
      const decoded = jpeg.decode(bytes, { useTArray: true, maxMemoryUsageInMB: 512 });
      expect(detectImageFormat(bytes)).toBe('jpeg');
      expect(imageSize(bytes)).toEqual({ width: decoded.width, height: decoded.height });
    }
  });

  it('reads the JP2 ihdr box: chip-vlado.jp2 is 240×320 like its decoded PNG', () => {
    const jp2 = read('chip-sim', 'chip-vlado.jp2');
    const png = read('chip-sim', 'chip-vlado-jp2r20__person-vlado.png');
    expect(detectImageFormat(jp2)).toBe('jpeg2000');
    expect(imageSize(jp2)).toEqual(pngSize(png));
    expect(imageSize(read('chip-sim', 'p480-r50.jp2'))?.width).toBeGreaterThan(240);
  });

  it('reads the SIZ marker of a raw J2K codestream', () => {
    const jp2 = read('chip-sim', 'chip-vlado.jp2');
    const codestream = jp2.subarray(indexOf(jp2, 'jp2c') + 4);
    expect([...codestream.subarray(0, 4)]).toEqual([0xff, 0x4f, 0xff, 0x51]);
    expect(detectImageFormat(codestream)).toBe('jpeg2000');
    expect(imageSize(codestream)).toEqual({ width: 240, height: 320 });
  });

  it('says null for other or truncated data instead of throwing', () => {
    const png = read('chip-sim', 'chip-vlado-jp2r20__person-vlado.png');
    const jpg = read('public-domain', 'obama', '1.jpg');
    expect(detectImageFormat(png)).toBeNull();
    expect(imageSize(png)).toBeNull();
    expect(imageSize(new Uint8Array(0))).toBeNull();
    expect(imageSize(jpg.subarray(0, 20))).toBeNull();
    expect(imageSize(Uint8Array.of(0xff, 0xd8, 0xff, 0xd9))).toBeNull();
    expect(imageSize(read('chip-sim', 'chip-vlado.jp2').subarray(0, 40))).toBeNull();
  });
});
