import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  accessKeyFromCan,
  accessKeyFromMrz,
  accessKeyFromTriple,
  accessKeysFromQr,
} from '../../../../electron/emrtd/access/access-key.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

// Fictitious CCCD (check digits computed by hand): ID 001090123456, born 1990-01-15, expires 2030-01-15.
const CCCD = ['IDVNM0901234562001090123456<<3', '9001158M3001156VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<'];
// Its MRZ information: 090123456 ‖ 2 ‖ 900115 ‖ 8 ‖ 300115 ‖ 6 (digits as printed on the card above).
const CCCD_MRZ_INFO = '090123456290011583001156';
const QR = '001090123456|123456789|Nguyễn Văn An|15011990|Nam|Hà Nội|20042021';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof EmrtdError ? e.code : `not an EmrtdError: ${String(e)}`;
  }
  return undefined;
}

describe('access keys', () => {
  it('from an MRZ: the BAC worked example and a CCCD', () => {
    const td3 = accessKeyFromMrz('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10');
    expect(td3).toEqual({
      kind: 'mrz',
      mrzInformation: 'L898902C36' + '7408122' + '1204159',
      documentNumber: 'L898902C3',
      dateOfBirth: '740812',
      dateOfExpiry: '120415',
    });
    expect(accessKeyFromMrz(CCCD.join('\n'))).toEqual({
      kind: 'mrz',
      mrzInformation: CCCD_MRZ_INFO,
      documentNumber: '090123456',
      dateOfBirth: '900115',
      dateOfExpiry: '300115',
    });
  });

  it('from an MRZ: a wrong check digit is MRZ_INVALID (a key from it could never open the chip)', () => {
    expect(codeOf(() => accessKeyFromMrz(CCCD.join('').replace('9001158', '9001157')))).toBe('MRZ_INVALID');
    expect(codeOf(() => accessKeyFromMrz('garbage'))).toBe('MRZ_INVALID');
  });

  it('from the ID number and dates: document number = last 9 digits', () => {
    expect(accessKeyFromTriple('001090123456', '900115', '300115')).toEqual(accessKeyFromMrz(CCCD.join('')));
    const none = accessKeyFromTriple('079058001234', '580720', '991231');
    expect(none).toMatchObject({ kind: 'mrz', documentNumber: '058001234', dateOfExpiry: '991231' });
  });

  it('from the ID number and dates: the BAC worked example dates give its date part', () => {
    const bac = icaoVectors().bac as Record<string, string>;
    const key = accessKeyFromTriple('000123456789', bac.dateOfBirth, bac.dateOfExpiry);
    // Document number 123456789 (check digit 7, computed by hand), then the example's dates and their digits.
    expect(key.kind === 'mrz' && key.mrzInformation).toBe('1234567897' + bac.mrzInformation.slice(10));
  });

  it('from the ID number and dates: bad input is INPUT_INVALID', () => {
    for (const [id, dob, doe] of [
      ['09012345', '900115', '300115'],
      ['0010901234567', '900115', '300115'],
      ['00109012345a', '900115', '300115'],
      ['001090123456', '901315', '300115'],
      ['001090123456', '900115', '300230'],
      ['001090123456', '15011990', '300115'],
      ['001090123456', '900115', ''],
    ]) {
      expect(codeOf(() => accessKeyFromTriple(id, dob, doe)), `${id} ${dob} ${doe}`).toBe('INPUT_INVALID');
    }
  });

  it('from the QR code: one key per expiry candidate, the computed expiry first', () => {
    const keys = accessKeysFromQr(QR, new Date('2025-06-15T00:00:00Z'));
    // Issued at 31: the 40th birthday (2030-01-15), then the 60th.
    expect(keys.map((k) => (k.kind === 'mrz' ? k.dateOfExpiry : k.can))).toEqual(['300115', '500115']);
    expect(keys[0]).toEqual(accessKeyFromMrz(CCCD.join('')));
    expect(keys.every((k) => k.kind === 'mrz' && k.documentNumber === '090123456' && k.dateOfBirth === '900115')).toBe(true);
    expect(codeOf(() => accessKeysFromQr('not a CCCD'))).toBe('QR_INVALID');
  });

  it('from the CAN: exactly 6 digits', () => {
    expect(accessKeyFromCan('012345')).toEqual({ kind: 'can', can: '012345' });
    expect(accessKeyFromCan(' 987654\n')).toEqual({ kind: 'can', can: '987654' });
    for (const bad of ['', '12345', '1234567', '12345a', '12 345']) expect(codeOf(() => accessKeyFromCan(bad))).toBe('INPUT_INVALID');
  });

  it('every source fails only with its typed error on random input (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 120 });
    fc.assert(
      fc.property(text, text, text, (a, b, c) => {
        expect(['MRZ_INVALID', undefined]).toContain(codeOf(() => accessKeyFromMrz(a)));
        expect(['INPUT_INVALID', undefined]).toContain(codeOf(() => accessKeyFromTriple(a, b, c)));
        expect(['INPUT_INVALID', undefined]).toContain(codeOf(() => accessKeyFromCan(a)));
        expect(['QR_INVALID', undefined]).toContain(codeOf(() => accessKeysFromQr(a)));
      }),
      { numRuns: 500 },
    );
  });
});
