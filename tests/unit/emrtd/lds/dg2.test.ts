import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { sharedPath } from '../../../helpers/shared.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { encodeTlv } from '../../../../electron/emrtd/tlv.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { parseDg2 } from '../../../../electron/emrtd/lds/dg2.ts';
import { parseFaceRecord } from '../../../../electron/emrtd/lds/iso19794-5.ts';
import { encodeDg2, encodeFaceRecord19794 } from '../../../../electron/card/fixtures/lds-encode.ts';

const face = (...p: string[]): Uint8Array => new Uint8Array(readFileSync(sharedPath('faces', ...p)));
const obama = face('public-domain', 'obama', '1.jpg');
const vlado = face('chip-sim', 'chip-vlado.jp2');
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

function find(hay: Uint8Array, needle: number[]): number {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
    return (e as EmrtdError).code;
  }
  return undefined;
}

describe('parseDg2', () => {
  it('round-trips a JPEG portrait with the size of the image itself', () => {
    const decoded = jpeg.decode(obama, { useTArray: true, maxMemoryUsageInMB: 512 });
    const dg2 = encodeDg2(obama, { width: decoded.width, height: decoded.height, format: 'jpeg', gender: 'M' });
    const { faces } = parseDg2(dg2);
    expect(faces).toHaveLength(1);
    const [f] = faces;
    expect(f.format).toBe('jpeg');
    expect(f.standard).toBe('19794-5');
    expect({ width: f.width, height: f.height }).toEqual({ width: decoded.width, height: decoded.height });
    expect(sha256(f.image)).toBe(sha256(obama));
    expect(sha256(dg2.subarray(f.imageOffset, f.imageOffset + obama.length))).toBe(sha256(obama));
  });

  it('round-trips a JPEG 2000 portrait (240×320)', () => {
    const dg2 = encodeDg2(vlado, { width: 240, height: 320, format: 'jpeg2000', gender: 'F' });
    const [f] = parseDg2(dg2).faces;
    expect(f.format).toBe('jpeg2000');
    expect([f.width, f.height]).toEqual([240, 320]);
    expect(sha256(f.image)).toBe(sha256(vlado));
    expect(sha256(dg2.subarray(f.imageOffset, f.imageOffset + vlado.length))).toBe(sha256(vlado));
  });

  it('trusts the image over a wrong size in the 19794-5 header', () => {
    const dg2 = encodeDg2(vlado, { width: 999, height: 1, format: 'jpeg', gender: 'X' });
    const [f] = parseDg2(dg2).faces;
    expect([f.format, f.width, f.height]).toEqual(['jpeg2000', 240, 320]);
  });

  it('skips feature points to find the image', () => {
    const dg2 = encodeDg2(vlado, {
      width: 240,
      height: 320,
      format: 'jpeg2000',
      featurePoints: [
        { code: 0x31, x: 90, y: 130 },
        { code: 0x32, x: 150, y: 130 },
      ],
    });
    const [f] = parseDg2(dg2).faces;
    expect(sha256(f.image)).toBe(sha256(vlado));
  });

  it('writes the 19794-5 header fields a reader checks', () => {
    const record = encodeFaceRecord19794(vlado, { width: 240, height: 320, format: 'jpeg2000', gender: 'F' });
    expect([...record.subarray(0, 8)]).toEqual([0x46, 0x41, 0x43, 0x00, 0x30, 0x31, 0x30, 0x00]);
    const [r] = parseFaceRecord(record);
    expect(r).toMatchObject({ gender: 'F', imageDataType: 1, width: 240, height: 320, imageLength: vlado.length });
  });

  it('reports ISO/IEC 39794-5 blocks as such and still finds the image', () => {
    const dg2 = encodeDg2(obama, { width: 910, height: 1137, format: 'jpeg', standard: '39794-5' });
    const hexDg2 = hex(dg2);
    expect(hexDg2).toContain('7F2E'); // constructed BDB
    expect(hexDg2).toContain('8802002A'); // BHT format type g3-binary-face-image
    const [f] = parseDg2(dg2).faces;
    expect(f.standard).toBe('39794-5');
    expect(f.format).toBe('jpeg');
    expect(sha256(dg2.subarray(f.imageOffset, f.imageOffset + obama.length))).toBe(sha256(obama));
  });

  it('reads a 19794-5 record that an issuer put in a constructed 7F2E', () => {
    const record = encodeFaceRecord19794(vlado, { width: 240, height: 320, format: 'jpeg2000' });
    const bht = fromHex('A1128002010181010282010087020101880200 08'.replace(/\s/g, ''));
    const dg2 = encodeTlv(0x75, encodeTlv(0x7f61, fromHex('020101'), encodeTlv(0x7f60, bht, encodeTlv(0x7f2e, record))));
    const [f] = parseDg2(dg2).faces;
    expect(f.standard).toBe('19794-5');
    expect([f.width, f.height]).toEqual([240, 320]);
  });

  it('reads several faces', () => {
    const one = encodeDg2(vlado, { width: 240, height: 320, format: 'jpeg2000' });
    // Rebuild with two BITs from the same parts.
    const bit = one.subarray(find(one, [0x7f, 0x60])); // the BIT runs to the end of the file
    const dg2 = encodeTlv(0x75, encodeTlv(0x7f61, fromHex('020102'), bit, bit));
    expect(parseDg2(dg2).faces).toHaveLength(2);
  });

  it('rejects malformed DG2 with LDS_MALFORMED and non-images with UNSUPPORTED', () => {
    const good = encodeDg2(vlado, { width: 240, height: 320, format: 'jpeg2000' });
    expect(codeOf(() => parseDg2(good.subarray(0, good.length - 10)))).toBe('LDS_MALFORMED');
    expect(codeOf(() => parseDg2(fromHex('6100')))).toBe('LDS_MALFORMED');
    expect(codeOf(() => parseDg2(encodeTlv(0x75, encodeTlv(0x7f61, fromHex('020102')))))).toBe('LDS_MALFORMED');
    const wrongCount = good.slice();
    wrongCount[find(wrongCount, [0x02, 0x01, 0x01, 0x7f, 0x60]) + 2] = 3; // instance count 3, one BIT
    expect(codeOf(() => parseDg2(wrongCount))).toBe('LDS_MALFORMED');
    const png = face('chip-sim', 'chip-vlado-jp2r20__person-vlado.png');
    expect(codeOf(() => parseDg2(encodeDg2(png, { width: 240, height: 320, format: 'jpeg' })))).toBe('UNSUPPORTED');
  });
});
