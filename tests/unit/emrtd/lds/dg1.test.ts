import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { encodeDg1, parseDg1 } from '../../../../electron/emrtd/lds/dg1.ts';
import { parseMrz } from '../../../../electron/emrtd/mrz/parse.ts';
import { ascii, concat, fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

const TD3_SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
// Fictitious CCCD, check digits computed by hand.
const CCCD = ['IDVNM0901234562001090123456<<3', '9001158M3001156VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof EmrtdError ? e.code : `not an EmrtdError: ${String(e)}`;
  }
  return undefined;
}

describe('DG1 (9303-10 §4.7.1)', () => {
  it('encodes 61 L { 5F1F L MRZ } with the lines concatenated', () => {
    // TD3: 88 characters → 5F1F 58, outer 61 5B; TD1: 90 → 5F1F 5A, outer 61 5D.
    expect(hex(encodeDg1(TD3_SPECIMEN))).toBe('615B5F1F58' + hex(ascii(TD3_SPECIMEN.join(''))));
    expect(hex(encodeDg1(CCCD).subarray(0, 5))).toBe('615D5F1F5A');
  });

  it('round-trips a CCCD and the ICAO specimen', () => {
    const m = parseDg1(encodeDg1(CCCD));
    expect(m).toEqual(parseMrz(CCCD.join('')));
    expect(m.idNumber).toBe('001090123456');
    expect(m.documentNumber).toBe('090123456');
    expect(parseDg1(encodeDg1(TD3_SPECIMEN)).documentNumber).toBe('L898902C3');
  });

  it('tolerates padding after the data group, as read from the chip in whole blocks', () => {
    expect(parseDg1(concat(encodeDg1(CCCD), fromHex('0000'))).idNumber).toBe('001090123456');
  });

  it('reports a check-digit slip in `checks` (integrity is the SOD hash), or throws when strict', () => {
    const lines = [CCCD[0], CCCD[1].slice(0, 29) + '9', CCCD[2]];
    const bytes = concat(fromHex('615D5F1F5A'), ascii(lines.join('')));
    expect(parseDg1(bytes).checks.composite).toBe(false);
    expect(codeOf(() => parseDg1(bytes, { strict: true }))).toBe('MRZ_INVALID');
  });

  it('rejects malformed data groups with typed errors', () => {
    const mrz = ascii(CCCD.join(''));
    expect(codeOf(() => parseDg1(new Uint8Array(0)))).toBe('LDS_MALFORMED');
    expect(codeOf(() => parseDg1(concat(fromHex('755D5F1F5A'), mrz)))).toBe('TLV_MALFORMED'); // DG2's tag
    expect(codeOf(() => parseDg1(concat(fromHex('615D5F1F5A'), mrz.subarray(0, 80))))).toBe('TLV_MALFORMED');
    expect(codeOf(() => parseDg1(concat(fromHex('615D5F205A'), mrz)))).toBe('LDS_MALFORMED'); // no 5F1F
    expect(codeOf(() => parseDg1(concat(fromHex('615C5F1F59'), mrz.subarray(0, 89))))).toBe('MRZ_INVALID');
    expect(codeOf(() => parseDg1(concat(fromHex('614B5F1F48'), ascii('I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<D231458907UTO7408122F1204159<<<<<<<6'))))).toBe(
      'UNSUPPORTED',
    );
    const withNewlines = ascii(CCCD.join('\n'));
    expect(codeOf(() => parseDg1(concat(fromHex('615F5F1F5C'), withNewlines)))).toBe('MRZ_INVALID');
    expect(codeOf(() => encodeDg1(['too short']))).toBe('MRZ_INVALID');
    expect(codeOf(() => encodeDg1(CCCD.map((l) => l.toLowerCase())))).toBe('MRZ_INVALID');
  });

  it('never throws an untyped error on random or mutated bytes (property)', () => {
    const valid = encodeDg1(CCCD);
    const mutated = fc
      .tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(valid.length))
      .map(([at, b, cut]) => {
        const copy = valid.slice(0, Math.max(cut, at + 1));
        copy[at] = b;
        return copy;
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), mutated), (bytes) => {
        try {
          const m = parseDg1(bytes);
          expect(['TD1', 'TD3']).toContain(m.format);
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
          expect(['LDS_MALFORMED', 'TLV_MALFORMED', 'MRZ_INVALID', 'UNSUPPORTED']).toContain((e as EmrtdError).code);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
