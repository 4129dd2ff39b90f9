import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { expiryCandidates, parseCccdQr } from '../../../../electron/emrtd/access/qr.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

// Fictitious holders in the shape of real CCCD QR payloads (ID|old ID|name|DOB ddMMyyyy|sex|address|issue date).
const FULL = '001090123456|123456789|Nguyễn Văn An|15011990|Nam|Số 12 ngõ 34 Láng Hạ, Láng Hạ, Đống Đa, Hà Nội|20042021';
const NO_OLD_ID = '079304001234||Trần Thị Mai Anh|29022004|Nữ|Tổ 5, Phường Bến Nghé, Quận 1, TP Hồ Chí Minh|01072021';

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof EmrtdError ? e.code : `not an EmrtdError: ${String(e)}`;
  }
  return undefined;
}

describe('parseCccdQr', () => {
  it('reads a full payload with Vietnamese diacritics', () => {
    expect(parseCccdQr(FULL)).toEqual({
      idNumber: '001090123456',
      oldIdNumber: '123456789',
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1990-01-15',
      sex: 'M',
      address: 'Số 12 ngõ 34 Láng Hạ, Láng Hạ, Đống Đa, Hà Nội',
      dateOfIssue: '2021-04-20',
    });
  });

  it('reads an empty old-ID field as null and Nữ as F', () => {
    const q = parseCccdQr(NO_OLD_ID);
    expect(q.oldIdNumber).toBeNull();
    expect(q.sex).toBe('F');
    expect(q.dateOfBirth).toBe('2004-02-29');
    expect(q.dateOfIssue).toBe('2021-07-01');
  });

  it('returns the name in NFC whatever normalization the reader delivered', () => {
    const q = parseCccdQr(NO_OLD_ID.normalize('NFD'));
    expect(q.fullName).toBe('Trần Thị Mai Anh'.normalize('NFC'));
    expect(q.fullName.normalize('NFC')).toBe(q.fullName);
    expect(q.sex).toBe('F');
  });

  it('tolerates a BOM, CR/LF, spaces around fields, other bars and dd/MM/yyyy dates', () => {
    const want = parseCccdQr(FULL);
    expect(parseCccdQr(`\uFEFF${FULL}\r\n`)).toEqual(want);
    expect(parseCccdQr(FULL.split('|').map((f) => `  ${f} `).join('|'))).toEqual(want);
    expect(parseCccdQr(FULL.replaceAll('|', '¦'))).toEqual(want);
    expect(parseCccdQr(FULL.replace('15011990', '15/01/1990').replace('20042021', '20-04-2021'))).toEqual(want);
    expect(parseCccdQr(`${FULL}|`)).toEqual(want);
    expect(parseCccdQr(FULL.replace('Nguyễn Văn An', 'Nguyễn   Văn  An'))).toEqual(want);
  });

  it('reads the 6-field variants: issue date missing, or old-ID field missing', () => {
    const noIssue = parseCccdQr(FULL.split('|').slice(0, 6).join('|'));
    expect(noIssue.dateOfIssue).toBeNull();
    expect(noIssue.oldIdNumber).toBe('123456789');
    expect(noIssue.fullName).toBe('Nguyễn Văn An');

    const noOld = parseCccdQr('001090123456|Nguyễn Văn An|15011990|Nam|Hà Nội|20042021');
    expect(noOld.oldIdNumber).toBeNull();
    expect(noOld.fullName).toBe('Nguyễn Văn An');
    expect(noOld.dateOfIssue).toBe('2021-04-20');
    expect(noOld.address).toBe('Hà Nội');

    expect(parseCccdQr('001090123456|123456789|Nguyễn Văn An|15011990|Nam||20042021').address).toBeNull();
    expect(parseCccdQr('001090123456|123456789012|Nguyễn Văn An|15011990|Nam|Hà Nội|').oldIdNumber).toBe('123456789012');
  });

  it('rejects garbage with QR_INVALID', () => {
    const garbage = [
      '',
      'hello',
      'https://dichvucong.gov.vn/',
      '001090123456',
      '001090123456|Nguyễn Văn An|15011990|Nam|Hà Nội', // 5 fields
      FULL.replace('001090123456', '00109012345'), // 11-digit ID
      FULL.replace('001090123456', 'A01090123456'),
      FULL.replace('123456789', '12345678'), // 8-digit old ID
      FULL.replace('15011990', '31021990'), // 31 February
      FULL.replace('15011990', '1990-01-15'),
      FULL.replace('|Nam|', '|Male|'),
      FULL.replace('20042021', '20042O21'),
      FULL.replace('20042021', '20041980'), // issued before birth
      FULL.replace('Nguyễn Văn An', 'Nguyễn V4n An'),
      FULL.replace('Nguyễn Văn An', ''),
      FULL.replaceAll('|', ','),
      'x'.repeat(5000),
    ];
    for (const g of garbage) expect(codeOf(() => parseCccdQr(g)), g.slice(0, 40)).toBe('QR_INVALID');
    expect(codeOf(() => parseCccdQr(undefined as unknown as string))).toBe('QR_INVALID');
  });

  it('keeps personal data out of error messages', () => {
    try {
      parseCccdQr(FULL.replace('20042021', '20041980'));
      expect.unreachable();
    } catch (e) {
      const msg = (e as Error).message;
      for (const secret of ['001090123456', 'Nguyễn', '1990', '1980']) expect(msg).not.toContain(secret);
    }
  });

  it('never throws anything but QR_INVALID on random text or mutated payloads (property)', () => {
    const mutated = fc
      .tuple(fc.constantFrom(FULL, NO_OLD_ID), fc.nat(), fc.string({ unit: 'binary', maxLength: 3 }), fc.nat(4))
      .map(([p, at, ins, del]) => {
        const i = at % (p.length + 1);
        return p.slice(0, i) + ins + p.slice(i + del);
      });
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), mutated), (s) => {
        try {
          const q = parseCccdQr(s);
          expect(q.idNumber).toMatch(/^[0-9]{12}$/);
          expect(q.dateOfBirth).toMatch(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/);
          expect(['M', 'F', 'X']).toContain(q.sex);
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
          expect((e as EmrtdError).code).toBe('QR_INVALID');
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('expiryCandidates (renewal at 14, 25, 40, 60; 2-year rule; 991231 from 58)', () => {
  const TODAY = new Date('2025-06-15T00:00:00Z');

  it('child issued at 11: expires at 14', () => {
    expect(expiryCandidates('2012-03-10', '2023-06-01', TODAY)).toEqual(['260310', '370310', '520310', '720310']);
  });

  it('child issued at 13: within 2 years of 14, so valid until 25 (14 is the next guess)', () => {
    expect(expiryCandidates('2010-05-20', '2023-08-01', TODAY)).toEqual(['350520', '240520', '500520', '700520']);
  });

  it('adult issued at 21: expires at 25', () => {
    expect(expiryCandidates('2000-07-01', '2021-09-01', TODAY)).toEqual(['250701', '400701', '600701']);
  });

  it('adults issued at 23 and 24: 2-year rule, valid until 40', () => {
    expect(expiryCandidates('2000-07-01', '2023-09-01', TODAY)).toEqual(['400701', '250701', '600701']);
    expect(expiryCandidates('1997-12-31', '2022-06-15', TODAY)).toEqual(['371231', '221231', '571231']);
  });

  it('the 2-year window starts on the birthday two years before the renewal age', () => {
    expect(expiryCandidates('2000-07-01', '2023-06-30', TODAY)[0]).toBe('250701');
    expect(expiryCandidates('2000-07-01', '2023-07-01', TODAY)[0]).toBe('400701');
  });

  it('issued at 36 → 40; issued at 38 → 60 (2-year rule)', () => {
    expect(expiryCandidates('1985-02-10', '2021-04-01', TODAY)).toEqual(['250210', '450210']);
    expect(expiryCandidates('1984-02-10', '2022-04-01', TODAY)).toEqual(['440210', '240210']);
  });

  it('issued at 57 → 60 with 991231 next; at 59 → no expiry; at 70 → only 991231', () => {
    expect(expiryCandidates('1965-01-01', '2022-01-01', TODAY)).toEqual(['250101', '991231']);
    expect(expiryCandidates('1963-05-05', '2022-07-01', TODAY)).toEqual(['991231', '230505']);
    expect(expiryCandidates('1951-11-11', '2021-03-01', TODAY)).toEqual(['991231']);
  });

  it('without an issue date, takes the card as valid today', () => {
    // 35 today: the 40th birthday, then 60; the 25th (2015) predates chip cards.
    expect(expiryCandidates('1990-01-15', null, TODAY)).toEqual(['300115', '500115']);
    // 59 today: 60, or no expiry if issued at 58 (the 40th birthday, 2006, predates chip cards).
    expect(expiryCandidates('1966-01-01', null, TODAY)).toEqual(['260101', '991231']);
    // 75 today.
    expect(expiryCandidates('1950-01-01', null, TODAY)).toEqual(['991231']);
  });

  it('offers 28 February and 1 March for a 29 February birthday in a common year', () => {
    expect(expiryCandidates('2000-02-29', '2021-05-01', TODAY)).toEqual(['250228', '250301', '400229', '600229']);
  });

  it('stays within 5 distinct candidates for any birth and issue date (property)', () => {
    const day = fc.integer({ min: Date.UTC(1920, 0, 1), max: Date.UTC(2025, 5, 1) }).map((t) => new Date(t).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 3650 * 3 }), fc.boolean(), (dob, days, known) => {
        const issue = new Date(Date.parse(dob) + days * 86_400_000).toISOString().slice(0, 10);
        const c = expiryCandidates(dob, known ? issue : null, TODAY);
        expect(c.length).toBeGreaterThanOrEqual(1);
        expect(c.length).toBeLessThanOrEqual(5);
        expect(new Set(c).size).toBe(c.length);
        for (const d of c) expect(d).toMatch(/^[0-9]{6}$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('rejects impossible inputs with INPUT_INVALID', () => {
    expect(codeOf(() => expiryCandidates('1990-02-30', null, TODAY))).toBe('INPUT_INVALID');
    expect(codeOf(() => expiryCandidates('1990-01-15', '1989-01-01', TODAY))).toBe('INPUT_INVALID');
    expect(codeOf(() => expiryCandidates('2030-01-01', null, TODAY))).toBe('INPUT_INVALID');
    expect(codeOf(() => expiryCandidates('15011990', null, TODAY))).toBe('INPUT_INVALID');
  });
});
