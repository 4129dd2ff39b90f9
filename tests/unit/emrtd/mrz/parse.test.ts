import { describe, it, expect } from 'vitest';
import { parseMrz } from '../../../../electron/emrtd/mrz/parse.ts';
import { checkDigit } from '../../../../electron/emrtd/mrz/check-digit.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

// ICAO 9303-5 / 9303-4 Appendix A specimens.
const TD1_SPECIMEN = ['I<UTOD231458907<<<<<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
const TD3_SPECIMEN = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
// 9303-5 §4.2.4 long document number D23145890734 (check digit 9) continued in the optional data.
const TD1_LONG = ['I<UTOD23145890<7349<<<<<<<<<<<', '7408122F1204159UTO<<<<<<<<<<<6', 'ERIKSSON<<ANNA<MARIA<<<<<<<<<<'];
// A fictitious CCCD in the layout of issued cards, check digits computed by hand (Python, not this code):
// ID 001090123456, born 1990-01-15, male, expires 2030-01-15 (40th birthday), NGUYỄN VĂN AN.
const CCCD = ['IDVNM0901234562001090123456<<3', '9001158M3001156VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];

function errorOf(f: () => unknown): EmrtdError {
  try {
    f();
  } catch (e) {
    if (e instanceof EmrtdError) return e;
    throw e;
  }
  throw new Error('expected an EmrtdError');
}

describe('parseMrz: TD1 (9303-5)', () => {
  it('reads the ICAO specimen', () => {
    const m = parseMrz(TD1_SPECIMEN.join('\n'));
    expect(m).toMatchObject({
      format: 'TD1',
      documentCode: 'I',
      issuer: 'UTO',
      documentNumber: 'D23145890',
      idNumber: null,
      dateOfBirth: '740812',
      sex: 'F',
      dateOfExpiry: '120415',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optionalData1: '',
      optionalData2: '',
      lines: TD1_SPECIMEN,
    });
    expect(m.checks).toEqual({
      documentNumber: true,
      dateOfBirth: true,
      dateOfExpiry: true,
      composite: true,
      idNumber: null,
      optionalData: null,
    });
  });

  it('reassembles a long document number from the optional data (9303-5 §4.2.4)', () => {
    const m = parseMrz(TD1_LONG.join(''));
    expect(m.documentNumber).toBe('D23145890734');
    expect(m.checks.documentNumber).toBe(true);
    expect(m.optionalData1).toBe('');
  });

  it('reads the Vietnamese CCCD layout: document number = last 9 digits, 12-digit ID in the optional data', () => {
    const m = parseMrz(CCCD.join('\n'));
    expect(m.documentCode).toBe('ID');
    expect(m.issuer).toBe('VNM');
    expect(m.documentNumber).toBe('090123456');
    expect(m.idNumber).toBe('001090123456');
    expect(m.optionalData1).toBe('001090123456<<3');
    expect(m.sex).toBe('M');
    expect(m.dateOfExpiry).toBe('300115');
    expect(m.surname).toBe('NGUYEN');
    expect(m.givenNames).toBe('VAN AN');
    expect(Object.values(m.checks).filter((c) => c === false)).toEqual([]);
    expect(m.checks.idNumber).toBe(true);
  });

  it('accepts lines joined, or separated by spaces, CR/LF, and lower case', () => {
    const want = parseMrz(CCCD.join(''));
    expect(parseMrz(CCCD.join(' '))).toEqual(want);
    expect(parseMrz(`  ${CCCD.join('\r\n')}\r\n`)).toEqual(want);
    expect(parseMrz(CCCD.join('\n').toLowerCase())).toEqual(want);
  });
});

describe('parseMrz: TD3 (9303-4)', () => {
  it('reads the ICAO specimen', () => {
    const m = parseMrz(TD3_SPECIMEN.join('\n'));
    expect(m).toMatchObject({
      format: 'TD3',
      documentCode: 'P',
      issuer: 'UTO',
      documentNumber: 'L898902C3',
      idNumber: null,
      dateOfBirth: '740812',
      sex: 'F',
      dateOfExpiry: '120415',
      nationality: 'UTO',
      surname: 'ERIKSSON',
      givenNames: 'ANNA MARIA',
      optionalData1: 'ZE184226B',
    });
    expect(m.checks.composite).toBe(true);
    expect(m.checks.optionalData).toBe(true);
  });
});

describe('parseMrz: errors', () => {
  it('names the shape problem', () => {
    expect(errorOf(() => parseMrz('')).message).toMatch(/found 0/);
    expect(errorOf(() => parseMrz(CCCD.join('').slice(1))).message).toMatch(/found 89/);
    expect(errorOf(() => parseMrz('I'.repeat(72))).message).toMatch(/TD2/);
    const misSplit = [CCCD[0].slice(0, 29), CCCD[0].slice(29) + CCCD[1], CCCD[2]].join('\n');
    expect(errorOf(() => parseMrz(misSplit)).message).toMatch(/3 lines of 30 characters, found lines of 29, 31, 30/);
    const bad = errorOf(() => parseMrz(CCCD.join('').replace('NGUYEN', 'NGUY-N')));
    expect(bad.code).toBe('MRZ_INVALID');
    expect(bad.message).toMatch(/"-" at line 3 position 5/);
  });

  it('throws MRZ_INVALID naming the failed check digit, and returns it with lenient', () => {
    const wrongDob = [CCCD[0], '9001157' + CCCD[1].slice(7), CCCD[2]].join('\n');
    const e = errorOf(() => parseMrz(wrongDob));
    expect(e.code).toBe('MRZ_INVALID');
    expect(e.message).toMatch(/date of birth check digit is "7", expected 8/);
    const m = parseMrz(wrongDob, { lenient: true });
    expect(m.checks.dateOfBirth).toBe(false);
    expect(m.checks.composite).toBe(false);
    expect(m.checks.documentNumber).toBe(true);

    const wrongId = ['IDVNM0901234562001090123456<<4', CCCD[1], CCCD[2]].join('');
    expect(errorOf(() => parseMrz(wrongId)).message).toMatch(/ID number/);
    expect(parseMrz(wrongId, { lenient: true }).checks.idNumber).toBe(false);

    const wrongComposite = [CCCD[0], CCCD[1].slice(0, 29) + '1', CCCD[2]].join('');
    expect(errorOf(() => parseMrz(wrongComposite)).message).toMatch(/composite check digit is "1", expected 0/);
  });

  it('rejects a sex other than M, F, < and an impossible date', () => {
    const sexQ = [TD1_SPECIMEN[0], TD1_SPECIMEN[1].replace('2F', '2Q'), TD1_SPECIMEN[2]].join('');
    expect(errorOf(() => parseMrz(sexQ)).message).toMatch(/sex/);
    expect(parseMrz(sexQ, { lenient: true }).sex).toBe('X');
    // 13th month with matching check digits ("741312" → 8): only the date itself is wrong.
    const l2 = '7413128F1204159UTO<<<<<<<<<<<';
    const month13 = [TD1_SPECIMEN[0], l2 + checkDigit(TD1_SPECIMEN[0].slice(5) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29)), TD1_SPECIMEN[2]];
    expect(errorOf(() => parseMrz(month13.join(''))).message).toMatch(/date of birth is not a valid YYMMDD date/);
    const lenient = parseMrz(month13.join(''), { lenient: true });
    expect(lenient.dateOfBirth).toBe('741312');
    expect(lenient.checks.dateOfBirth && lenient.checks.composite).toBe(true);
  });

  it('keeps personal data out of error messages', () => {
    const wrongDob = [CCCD[0], '9001157' + CCCD[1].slice(7), CCCD[2]].join('\n');
    const msg = errorOf(() => parseMrz(wrongDob)).message;
    expect(msg).not.toContain('900115');
    expect(msg).not.toContain('NGUYEN');
  });
});

describe('MRZ date fillers', () => {
  it('rejects a lone filler inside a date part even when the check digit still holds', () => {
    // Found by fast-check: '0' → '<' leaves the check digit unchanged ('<' counts 0) but is no date.
    const valid = 'IDVNM0901234562001090123456<<39001158M3001156VNM<<<<<<<<<<<0NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<';
    expect(() => parseMrz(valid)).not.toThrow();
    expect(() => parseMrz(valid.slice(0, 39) + '<' + valid.slice(40))).toThrow(/date of expiry/);
  });
});
