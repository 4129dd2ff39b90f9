import { describe, it, expect } from 'vitest';
import { checkDigit, checkDigitMatches } from '../../../../electron/emrtd/mrz/check-digit.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

// ICAO 9303-5 Appendix A and 9303-4 Appendix A specimens (fictitious holder ANNA MARIA ERIKSSON of Utopia).
const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD3_SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];

describe('checkDigit (9303-3 §4.9)', () => {
  it('matches the worked example of 9303-3 §4.9 (date 520727 → 3)', () => {
    expect(checkDigit('520727')).toBe('3');
  });

  it('matches every check digit of the 9303-5 TD1 specimen', () => {
    const [l1, l2] = TD1_SPECIMEN;
    expect(checkDigit(l1.slice(5, 14))).toBe(l1[14]);
    expect(checkDigit(l2.slice(0, 6))).toBe(l2[6]);
    expect(checkDigit(l2.slice(8, 14))).toBe(l2[14]);
    // 9303-5 §4.2.2: line 1 positions 6–30, line 2 positions 1–7, 9–15, 19–29.
    expect(checkDigit(l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29))).toBe(l2[29]);
    expect([l1[14], l2[6], l2[14], l2[29]]).toEqual(['7', '2', '9', '6']);
  });

  it('matches every check digit of the 9303-4 TD3 specimen', () => {
    const [, l2] = TD3_SPECIMEN;
    expect(checkDigit(l2.slice(0, 9))).toBe(l2[9]);
    expect(checkDigit(l2.slice(13, 19))).toBe(l2[19]);
    expect(checkDigit(l2.slice(21, 27))).toBe(l2[27]);
    expect(checkDigit(l2.slice(28, 42))).toBe(l2[42]);
    // 9303-4 §4.2.2: positions 1–10, 14–20, 22–43.
    expect(checkDigit(l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43))).toBe(l2[43]);
    expect([l2[9], l2[19], l2[27], l2[42], l2[43]]).toEqual(['6', '2', '9', '1', '0']);
  });

  it("matches the BAC worked example's document fields (9303-11 Appendix D.2)", () => {
    const bac = icaoVectors().bac as Record<string, string>;
    expect(checkDigit(bac.documentNumber)).toBe(bac.documentNumberCheckDigit);
    expect(checkDigit(bac.dateOfBirth)).toBe(bac.dateOfBirthCheckDigit);
    expect(checkDigit(bac.dateOfExpiry)).toBe(bac.dateOfExpiryCheckDigit);
  });

  it('weighs fillers as 0 and letters as 10–35', () => {
    expect(checkDigit('<<<<<<<<<')).toBe('0');
    expect(checkDigit('')).toBe('0');
    expect(checkDigit('A')).toBe('0'); // 10 × 7 = 70
    expect(checkDigit('Z')).toBe('5'); // 35 × 7 = 245
  });

  it('rejects characters outside the MRZ set with MRZ_INVALID', () => {
    for (const bad of ['abc', 'L898 902', 'É', '-']) {
      expect(() => checkDigit(bad)).toThrow(EmrtdError);
      try {
        checkDigit(bad);
      } catch (e) {
        expect((e as EmrtdError).code).toBe('MRZ_INVALID');
      }
    }
  });

  it("accepts a '<' check digit only for an all-filler optional field", () => {
    expect(checkDigitMatches('<<<<<<<<<<<<<<', '<', true)).toBe(true);
    expect(checkDigitMatches('<<<<<<<<<<<<<<', '0', true)).toBe(true);
    expect(checkDigitMatches('ZE184226B<<<<<', '<', true)).toBe(false);
    expect(checkDigitMatches('<<<<<<<<<', '<')).toBe(false);
  });
});
