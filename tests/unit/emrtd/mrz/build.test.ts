import { describe, it, expect } from 'vitest';
import { buildTd1Mrz, buildTd3Mrz } from '../../../../electron/emrtd/mrz/build.ts';
import { parseMrz } from '../../../../electron/emrtd/mrz/parse.ts';
import { mrzDateToIso } from '../../../../electron/emrtd/mrz/dates.ts';
import { transliterateToMrz } from '../../../../electron/emrtd/mrz/names.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

describe('buildTd1Mrz (Vietnamese CCCD layout)', () => {
  it('produces the layout of issued cards, check digits as computed independently', () => {
    // Expected lines computed by hand (Python) from the layout seen on real cards.
    expect(
      buildTd1Mrz({
        idNumber: '001090123456',
        dateOfBirth: '900115',
        sex: 'M',
        dateOfExpiry: '300115',
        surname: 'Nguyễn',
        givenNames: 'Văn An',
      }),
    ).toEqual(['IDVNM0901234562001090123456<<3', '9001158M3001156VNM<<<<<<<<<<<0', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<']);
    expect(
      buildTd1Mrz({
        idNumber: '031301009876',
        dateOfBirth: '010310',
        sex: 'F',
        dateOfExpiry: '260310',
        surname: 'ĐẶNG',
        givenNames: 'THỊ THÙY',
      }),
    ).toEqual(['IDVNM3010098764031301009876<<4', '0103107F2603106VNM<<<<<<<<<<<4', 'DANG<<THI<THUY<<<<<<<<<<<<<<<<']);
  });

  it('round-trips through parseMrz: ID number extracted, document number = last 9 digits, 991231 = no expiry', () => {
    const lines = buildTd1Mrz({
      idNumber: '079058001234',
      dateOfBirth: '580720',
      sex: 'F',
      dateOfExpiry: '991231',
      surname: 'Trần',
      givenNames: 'Thị Ngọc Ánh',
    });
    const m = parseMrz(lines.join('\n'));
    expect(m.idNumber).toBe('079058001234');
    expect(m.documentNumber).toBe('058001234');
    expect(m.dateOfExpiry).toBe('991231');
    expect(mrzDateToIso(m.dateOfExpiry, 'expiry')).toBeNull();
    expect(m.surname).toBe('TRAN');
    expect(m.givenNames).toBe('THI NGOC ANH');
    expect(m.sex).toBe('F');
    expect(lines.every((l) => l.length === 30)).toBe(true);
  });

  it('rejects bad input with INPUT_INVALID', () => {
    const ok = { idNumber: '001090123456', dateOfBirth: '900115', sex: 'M' as const, dateOfExpiry: '300115', surname: 'A', givenNames: 'B' };
    for (const bad of [
      { ...ok, idNumber: '09012345' },
      { ...ok, idNumber: '00109012345x' },
      { ...ok, dateOfBirth: '901315' },
      { ...ok, dateOfExpiry: '30011' },
      { ...ok, surname: '' },
      { ...ok, surname: '李' },
    ]) {
      expect(() => buildTd1Mrz(bad)).toThrow(EmrtdError);
      try {
        buildTd1Mrz(bad);
      } catch (e) {
        expect((e as EmrtdError).code).toBe('INPUT_INVALID');
      }
    }
  });
});

describe('buildTd3Mrz', () => {
  it('reproduces the ICAO 9303-4 specimen', () => {
    expect(
      buildTd3Mrz({
        issuer: 'UTO',
        documentNumber: 'L898902C3',
        nationality: 'UTO',
        dateOfBirth: '740812',
        sex: 'F',
        dateOfExpiry: '120415',
        surname: 'Eriksson',
        givenNames: 'Anna Maria',
        personalNumber: 'ZE184226B',
      }),
    ).toEqual(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10']);
  });

  it('carries a Vietnamese passport personal number as the ID number', () => {
    const lines = buildTd3Mrz({
      issuer: 'VNM',
      documentNumber: 'C1234567',
      nationality: 'VNM',
      dateOfBirth: '900115',
      sex: 'M',
      dateOfExpiry: '330115',
      surname: 'Nguyễn',
      givenNames: 'Văn An',
      personalNumber: '001090123456',
    });
    const m = parseMrz(lines.join(''));
    expect(m.idNumber).toBe('001090123456');
    expect(m.documentNumber).toBe('C1234567');
    expect(m.checks.idNumber).toBe(true);
  });

  it("uses '<' as the check digit of an unused personal number", () => {
    const [, l2] = buildTd3Mrz({
      issuer: 'UTO', documentNumber: 'X1', nationality: 'UTO', dateOfBirth: '740812', sex: 'X', dateOfExpiry: '120415',
      surname: 'A', givenNames: '',
    });
    expect(l2.slice(28, 43)).toBe('<'.repeat(15));
    expect(l2[20]).toBe('<');
    expect(parseMrz(['P<UTOA'.padEnd(44, '<'), l2].join('')).checks.optionalData).toBe(true);
  });
});

describe('transliterateToMrz (9303-3 §4.6)', () => {
  it('strips Vietnamese diacritics, maps Đ to D and separators to fillers', () => {
    expect(transliterateToMrz('Nguyễn Thị Thu Hương')).toBe('NGUYEN<THI<THU<HUONG');
    expect(transliterateToMrz('Đỗ  Đức   Ương')).toBe('DO<DUC<UONG');
    expect(transliterateToMrz("O'Neil-Smith")).toBe('ONEIL<SMITH');
    expect(transliterateToMrz('Ơ Ư ằ ẵ ỵ')).toBe('O<U<A<A<Y');
  });
});
