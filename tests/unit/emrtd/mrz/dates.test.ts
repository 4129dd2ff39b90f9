import { describe, it, expect } from 'vitest';
import { isoToMrzDate, mrzDateToIso } from '../../../../electron/emrtd/mrz/dates.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

const TODAY = new Date('2025-06-15T00:00:00Z');

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof EmrtdError ? e.code : 'not an EmrtdError';
  }
  return undefined;
}

describe('mrzDateToIso', () => {
  it('puts dates of birth in the past', () => {
    expect(mrzDateToIso('740812', 'birth', TODAY)).toBe('1974-08-12');
    expect(mrzDateToIso('040229', 'birth', TODAY)).toBe('2004-02-29');
    expect(mrzDateToIso('250615', 'birth', TODAY)).toBe('2025-06-15'); // born today
    expect(mrzDateToIso('250616', 'birth', TODAY)).toBe('1925-06-16'); // tomorrow would be the future
    expect(mrzDateToIso('991231', 'birth', TODAY)).toBe('1999-12-31');
  });

  it('reads 991231 as no expiry and other expiries as 20YY', () => {
    expect(mrzDateToIso('991231', 'expiry', TODAY)).toBeNull();
    expect(mrzDateToIso('300115', 'expiry', TODAY)).toBe('2030-01-15');
    expect(mrzDateToIso('940623', 'expiry', TODAY)).toBe('2094-06-23');
  });

  it('rejects impossible dates with MRZ_INVALID', () => {
    for (const bad of ['', '12345', '1234567', '991301', '990132', '010229', '00023a', '<<<<<<', '990431']) {
      expect(codeOf(() => mrzDateToIso(bad, 'birth', TODAY))).toBe('MRZ_INVALID');
      expect(codeOf(() => mrzDateToIso(bad, 'expiry', TODAY))).toBe('MRZ_INVALID');
    }
    // 29 February 1900 does not exist: a birth date 000229 read today must be 2000.
    expect(mrzDateToIso('000229', 'birth', TODAY)).toBe('2000-02-29');
    expect(codeOf(() => mrzDateToIso('000229', 'birth', new Date('1999-01-01T00:00:00Z')))).toBe('MRZ_INVALID');
  });
});

describe('isoToMrzDate', () => {
  it('writes YYMMDD', () => {
    expect(isoToMrzDate('1974-08-12')).toBe('740812');
    expect(isoToMrzDate('2000-02-29')).toBe('000229');
    expect(isoToMrzDate('2099-12-31')).toBe('991231');
  });

  it('rejects non-dates with INPUT_INVALID', () => {
    for (const bad of ['1974-8-12', '1974-02-30', '2001-02-29', '12/08/1974', '', 'x']) {
      expect(codeOf(() => isoToMrzDate(bad))).toBe('INPUT_INVALID');
    }
  });
});
