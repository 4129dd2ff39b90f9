import { describe, it, expect } from 'vitest';
import { fromHex } from '../../../../electron/emrtd/bytes.ts';
import { encodeTlv } from '../../../../electron/emrtd/tlv.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { cardDateToIso, parseDg13 } from '../../../../electron/emrtd/lds/dg13.ts';
import type { PersonalData } from '../../../../electron/emrtd/lds/dg13.ts';
import { encodeDg13 } from '../../../../electron/card/fixtures/lds-encode.ts';

// Hand-assembled with the layout public readers of real CCCD chips document:
// 6D { 30 { 02 01 01, 06 06 28D316010008 (1.0.10646.1.0.8), 31 { 30 { 02 01 n, value } … } } }.
const te = new TextEncoder();
const utf8 = (s: string): Uint8Array => encodeTlv(0x0c, te.encode(s));
const printable = (s: string): Uint8Array => encodeTlv(0x13, te.encode(s));
const field = (n: number, ...value: Uint8Array[]): Uint8Array => encodeTlv(0x30, Uint8Array.of(0x02, 0x01, n), ...value);
const HEADER = fromHex('020101 060628D316010008');
const dg13Of = (...fields: Uint8Array[]): Uint8Array => encodeTlv(0x6d, encodeTlv(0x30, HEADER, encodeTlv(0x31, ...fields)));

const citizen: Partial<PersonalData> = {
  idNumber: '001099012345',
  fullName: 'Nguyễn Thị Thu Hằng',
  dateOfBirth: '1999-08-27',
  sex: 'F',
  nationality: 'Việt Nam',
  ethnicity: 'Kinh',
  religion: 'Không',
  placeOfOrigin: 'Xã Tân Hưng, Huyện Cái Nước, Cà Mau',
  placeOfResidence: 'Số 12 Ngõ 34 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội',
  identifyingMarks: 'Nốt ruồi C:1cm dưới sau cánh mũi trái',
  dateOfIssue: '2021-04-10',
  dateOfExpiry: '2039-08-27',
  fatherName: 'Nguyễn Văn Bình',
  motherName: 'Trần Thị Lựu',
  spouseName: 'Lê Minh Đức',
  oldIdNumber: '012345678',
};

describe('parseDg13 on the real CCCD layout', () => {
  it('reads every field of a hand-assembled file, dates to ISO', () => {
    const bytes = dg13Of(
      field(1, printable('001099012345')),
      field(2, utf8('Nguyễn Thị Thu Hằng')),
      field(3, utf8('27/08/1999')),
      field(4, utf8('Nữ')),
      field(5, utf8('Việt Nam')),
      field(6, utf8('Kinh')),
      field(7, utf8('Không')),
      field(8, utf8('Xã Tân Hưng, Huyện Cái Nước, Cà Mau')),
      field(9, utf8('Số 12 Ngõ 34 Phố Huế, Phường Hàng Bài, Quận Hoàn Kiếm, Hà Nội')),
      field(10, utf8('Nốt ruồi C:1cm dưới sau cánh mũi trái')),
      field(11, utf8('10/04/2021')),
      field(12, utf8('27/08/2039')),
      field(13, encodeTlv(0x30, utf8('Nguyễn Văn Bình'), utf8('Trần Thị Lựu'))),
      field(14, encodeTlv(0x30, utf8('Lê Minh Đức'))),
      field(15, utf8('012345678')),
      field(16, utf8('3F2A9C0D11E5B7A4')),
    );
    expect(parseDg13(bytes)).toEqual({ ...citizen, noExpiry: false, extra: { 16: '3F2A9C0D11E5B7A4' } });
  });

  it('reads what the fixture encoder writes (every field)', () => {
    const p = parseDg13(encodeDg13({ ...citizen, extraFields: [{ n: 16, value: 'ABCDEF0123456789' }] }));
    expect(p).toEqual({ ...citizen, noExpiry: false, extra: { 16: 'ABCDEF0123456789' } });
  });

  it('turns empty fields into null, including empty parents and spouse', () => {
    const bytes = dg13Of(
      field(1, utf8('079203000111')),
      field(2, utf8('Phạm Văn Tú')),
      field(7, utf8('')),
      field(10, utf8('   ')),
      field(13, encodeTlv(0x30, utf8(''), utf8('Đỗ Thị Mai'))),
      field(14, encodeTlv(0x30)),
      field(15),
    );
    const p = parseDg13(bytes);
    expect(p.idNumber).toBe('079203000111');
    expect(p.religion).toBeNull();
    expect(p.identifyingMarks).toBeNull();
    expect(p.fatherName).toBeNull();
    expect(p.motherName).toBe('Đỗ Thị Mai');
    expect(p.spouseName).toBeNull();
    expect(p.oldIdNumber).toBeNull();
    expect(p.sex).toBeNull();
    expect(p.dateOfBirth).toBeNull();
  });

  it('leaves absent fields null (spouse and old ID omitted as on unmarried citizens)', () => {
    const p = parseDg13(encodeDg13({ ...citizen, spouseName: null, oldIdNumber: null }, { omit: [6, 10] }));
    expect(p.spouseName).toBeNull();
    expect(p.oldIdNumber).toBeNull();
    expect(p.ethnicity).toBeNull();
    expect(p.identifyingMarks).toBeNull();
    expect(p.fullName).toBe(citizen.fullName);
  });

  it('keeps unknown field numbers in extra, whatever their value type', () => {
    const bytes = dg13Of(
      field(1, utf8('001099012345')),
      field(16, utf8('00AA11BB22CC33DD')),
      field(17, encodeTlv(0x30, utf8('a'), utf8('b'))),
      field(20, encodeTlv(0x04, te.encode('octets'))),
      field(21, Uint8Array.of(0x02, 0x02, 0x01, 0x00)),
    );
    expect(parseDg13(bytes).extra).toEqual({ 16: '00AA11BB22CC33DD', 17: 'a, b', 20: 'octets', 21: '256' });
  });

  it('finds fields by their INTEGER, not by position', () => {
    const inOrder = parseDg13(encodeDg13(citizen));
    const shuffled = parseDg13(encodeDg13(citizen, { order: [13, 9, 2, 15, 1, 12, 3, 14, 4] }));
    expect(shuffled).toEqual(inOrder);
    expect(shuffled.fullName).toBe(citizen.fullName);
  });

  it('reads "Không thời hạn" as no expiry', () => {
    const p = parseDg13(encodeDg13({ ...citizen, dateOfExpiry: null, noExpiry: true }));
    expect(p.noExpiry).toBe(true);
    expect(p.dateOfExpiry).toBeNull();
    // Also written decomposed or in another case.
    const q = parseDg13(dg13Of(field(12, utf8('KHÔNG THỜI HẠN'.normalize('NFD')))));
    expect(q.noExpiry).toBe(true);
    expect(q.dateOfExpiry).toBeNull();
  });

  it('normalises NFD text to NFC', () => {
    const nfd: Partial<PersonalData> = {};
    for (const [k, v] of Object.entries(citizen)) (nfd as Record<string, unknown>)[k] = typeof v === 'string' ? v.normalize('NFD') : v;
    const bytes = encodeDg13(nfd);
    expect(new TextDecoder().decode(bytes).includes('Nguyễn'.normalize('NFD'))).toBe(true); // really NFD on the wire
    const p = parseDg13(bytes);
    expect(p.fullName).toBe('Nguyễn Thị Thu Hằng'.normalize('NFC'));
    expect(p.fullName?.normalize('NFC')).toBe(p.fullName);
    expect(p.fatherName).toBe('Nguyễn Văn Bình'.normalize('NFC'));
    expect(p.sex).toBe('F');
  });

  it('accepts other string types: BMPString, IA5String, T61String', () => {
    const bmp = (s: string): Uint8Array => {
      const out = new Uint8Array(s.length * 2);
      for (let i = 0; i < s.length; i++) [out[2 * i], out[2 * i + 1]] = [s.charCodeAt(i) >> 8, s.charCodeAt(i) & 0xff];
      return encodeTlv(0x1e, out);
    };
    const p = parseDg13(
      dg13Of(field(2, bmp('Hồ Thị Ánh')), field(5, encodeTlv(0x16, te.encode('Viet Nam'))), field(6, encodeTlv(0x14, Uint8Array.of(0x4b, 0x69, 0x6e, 0x68)))),
    );
    expect(p.fullName).toBe('Hồ Thị Ánh');
    expect(p.nationality).toBe('Viet Nam');
    expect(p.ethnicity).toBe('Kinh');
  });

  it('reads a flat layout without the header SEQUENCE', () => {
    const p = parseDg13(encodeTlv(0x6d, field(1, utf8('001099012345')), field(4, utf8('Nam'))));
    expect(p.idNumber).toBe('001099012345');
    expect(p.sex).toBe('M');
  });

  it('keeps partial dates of birth at reduced precision', () => {
    expect(parseDg13(dg13Of(field(3, utf8('00/00/1945')))).dateOfBirth).toBe('1945');
    expect(parseDg13(dg13Of(field(3, utf8('00/07/1945')))).dateOfBirth).toBe('1945-07');
    expect(parseDg13(encodeDg13({ dateOfBirth: '1945' })).dateOfBirth).toBe('1945');
  });

  it('rejects other files and broken TLV with LDS_MALFORMED', () => {
    for (const bad of [fromHex('6E03020101'), fromHex('6D05300302'), new Uint8Array(0), fromHex('4D00')]) {
      let err: unknown;
      try {
        parseDg13(bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(EmrtdError);
      expect((err as EmrtdError).code).toBe('LDS_MALFORMED');
    }
  });
});

describe('cardDateToIso', () => {
  it('converts the card formats and rejects impossible dates', () => {
    expect(cardDateToIso('27/08/1999')).toBe('1999-08-27');
    expect(cardDateToIso('1/2/2003')).toBe('2003-02-01');
    expect(cardDateToIso('27081999')).toBe('1999-08-27');
    expect(cardDateToIso('27-08-1999')).toBe('1999-08-27');
    expect(cardDateToIso('1999-08-27')).toBe('1999-08-27');
    expect(cardDateToIso('29/02/2000')).toBe('2000-02-29');
    expect(cardDateToIso('29/02/2001')).toBeNull();
    expect(cardDateToIso('31/04/2020')).toBeNull();
    expect(cardDateToIso('12/13/2020')).toBeNull();
    expect(cardDateToIso('27/08/99')).toBeNull();
    expect(cardDateToIso('Không thời hạn')).toBeNull();
  });
});
