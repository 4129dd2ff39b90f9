// Property tests: whatever text reaches the MRZ functions, the answer is a result or a typed EmrtdError.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseMrz } from '../../../../electron/emrtd/mrz/parse.ts';
import { buildTd1Mrz } from '../../../../electron/emrtd/mrz/build.ts';
import { mrzDateToIso } from '../../../../electron/emrtd/mrz/dates.ts';
import { mrzInformation } from '../../../../electron/emrtd/mrz/mrz-info.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

const MRZ_CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<';
const CCCD = ['IDVNM0901234562001090123456<<3', '9001158M3001156VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'].join('');
const TD3 = 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<L898902C36UTO7408122F1204159ZE184226B<<<<<10';

function expectTyped(f: () => unknown, codes: string[]): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
    expect(codes).toContain((e as EmrtdError).code);
  }
}

const mrzChar = fc.constantFrom(...MRZ_CHARS.split(''));

describe('MRZ properties', () => {
  it('random text: a parsed MRZ or MRZ_INVALID', () => {
    const arb = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.string({ unit: mrzChar, minLength: 88, maxLength: 90 }),
    );
    fc.assert(
      fc.property(arb, fc.boolean(), (s, lenient) => {
        expectTyped(() => parseMrz(s, { lenient }), ['MRZ_INVALID']);
      }),
      { numRuns: 1000 },
    );
  });

  it('one mutated character in a valid MRZ: still valid (check digits hold) or MRZ_INVALID', () => {
    const arb = fc.tuple(fc.constantFrom(CCCD, TD3), fc.nat(), fc.oneof(mrzChar, fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })));
    fc.assert(
      fc.property(arb, ([valid, at, ch]) => {
        const i = at % valid.length;
        const s = valid.slice(0, i) + ch + valid.slice(i + 1);
        try {
          const m = parseMrz(s);
          expect(Object.values(m.checks).includes(false)).toBe(false);
          // A key can always be derived from an MRZ that parses.
          expect(mrzInformation(m).length).toBeGreaterThanOrEqual(24);
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
          expect((e as EmrtdError).code).toBe('MRZ_INVALID');
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a single substituted digit in a check-digit-protected date is always detected', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const i = 30 + pos; // date of birth, line 2 positions 1–6
        const digit = String((Number(CCCD[i]) + delta) % 10);
        const s = CCCD.slice(0, i) + digit + CCCD.slice(i + 1);
        expectTyped(() => parseMrz(s), ['MRZ_INVALID']);
        expect(() => parseMrz(s)).toThrow(EmrtdError);
      }),
    );
  });

  it('build → parse round-trips any valid Vietnamese field set', () => {
    const yymmdd = fc.date({ min: new Date('1930-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(2, 10).replaceAll('-', ''));
    const name = fc.string({ unit: fc.constantFrom(...'abcdeghiklmnopqrstuvxyĐđăâêôơưàáảãạ '.split('')), minLength: 1, maxLength: 12 });
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{12}$/), yymmdd, yymmdd, fc.constantFrom('M', 'F', 'X') as fc.Arbitrary<'M' | 'F' | 'X'>, name, name, (id, dob, doe, sex, sn, gn) => {
        let lines: string[];
        try {
          lines = buildTd1Mrz({ idNumber: id, dateOfBirth: dob, sex, dateOfExpiry: doe, surname: sn, givenNames: gn });
        } catch (e) {
          // Only an all-space surname may be refused.
          expect((e as EmrtdError).code).toBe('INPUT_INVALID');
          return;
        }
        const m = parseMrz(lines.join('\n'));
        expect(m.idNumber).toBe(id);
        expect(m.documentNumber).toBe(id.slice(3));
        expect([m.dateOfBirth, m.dateOfExpiry, m.sex]).toEqual([dob, doe, sex]);
      }),
      { numRuns: 500 },
    );
  });

  it('mrzDateToIso: an ISO date or MRZ_INVALID', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.constantFrom('birth', 'expiry') as fc.Arbitrary<'birth' | 'expiry'>, (s, kind) => {
        expectTyped(() => mrzDateToIso(s, kind), ['MRZ_INVALID']);
      }),
    );
  });
});
