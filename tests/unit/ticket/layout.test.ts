import { describe, it, expect } from 'vitest';
import { blackDots, getDot, type MonoBitmap } from '../../../electron/ticket/bitmap.ts';
import { formatTime, givenName, localTime, renderTicket, type TicketInput } from '../../../electron/ticket/layout.ts';
import type { ResultView } from '../../../electron/contract/view.ts';

const AT = new Date('2026-11-23T01:30:00Z'); // 08:30 in Hà Nội

const HOSPITAL: ResultView = {
  kind: 'hospital-ticket',
  holderName: 'Nguyễn Thị Hồng Ưng',
  ticket: { number: 'KB-007', department: 'Khoa Nội', room: 'Phòng 203', time: '08:30' },
  coverage: { benefit: '80%', validTo: '31/12/2026' },
  staffVerified: false,
};
const BOARDING: ResultView = { kind: 'boarding', holderName: 'Đặng Quốc Đức', seat: '12A', flight: 'VN123 SGN→HAN', gate: '5', boardingTime: '09:40', staffVerified: false };
const QUEUED: ResultView = { kind: 'queued', service: 'hospital', staffVerified: false };

function render(result: ResultView, extra: Partial<TicketInput> = {}, widthDots = 576): MonoBitmap {
  return renderTicket({ result, language: 'vi', kioskName: null, printedAt: AT, ...extra }, { widthDots });
}

function same(a: MonoBitmap, b: MonoBitmap): boolean {
  return a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));
}

/** Rows that carry any ink. */
function inkRows(b: MonoBitmap): number {
  let n = 0;
  for (let y = 0; y < b.height; y++) if (b.data.subarray(y * b.rowBytes, (y + 1) * b.rowBytes).some((v) => v !== 0)) n++;
  return n;
}

describe('ticket layout', () => {
  it('diacritics are drawn: the same line with and without its marks rasterizes differently', () => {
    const withMarks = render({ ...HOSPITAL, holderName: 'Ưng', ticket: { number: '1', department: 'Khoa Nội', room: null, time: null }, coverage: null });
    const without = render({ ...HOSPITAL, holderName: 'Ung', ticket: { number: '1', department: 'Khoa Noi', room: null, time: null }, coverage: null });
    expect(withMarks.width).toBe(without.width);
    expect(same(withMarks, without)).toBe(false);
    // The marks add ink (the dot under ộ, the horn of Ư), they do not replace letters with boxes of equal weight.
    expect(blackDots(withMarks)).toBeGreaterThan(blackDots(without));

    const name = (n: string): MonoBitmap => render({ ...HOSPITAL, holderName: `Nguyễn Thị Hồng ${n}`, coverage: null });
    expect(same(name('Ưng'), name('Ung'))).toBe(false);
  });

  it('no mark is dropped: every marked Vietnamese letter rasterizes unlike its bare letter, lower and upper case', () => {
    const marked = 'àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ';
    const bare = (c: string): string => (c === 'đ' ? 'd' : c === 'Đ' ? 'D' : c.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
    const line = (s: string): MonoBitmap => render({ kind: 'boarding', holderName: null, seat: '1', flight: `x${s}x`, gate: null, boardingTime: null, staffVerified: false });
    const plain = new Map<string, MonoBitmap>();
    const dropped: string[] = [];
    for (const c of [...marked, ...marked.toUpperCase()]) {
      const b = bare(c);
      expect(b).toMatch(/^[a-zA-Z]$/);
      if (!plain.has(b)) plain.set(b, line(b));
      if (same(line(c), plain.get(b)!)) dropped.push(c);
    }
    expect(dropped).toEqual([]);
  });

  it('prints at most the given name: a full name and the given name alone give the same ticket', () => {
    const full = render(HOSPITAL);
    const given = render({ ...HOSPITAL, holderName: 'Ưng' });
    const none = renderTicket({ result: HOSPITAL, language: 'vi', kioskName: null, printedAt: AT }, { holderName: 'none' });
    const noName = render({ ...HOSPITAL, holderName: null });
    expect(same(full, given)).toBe(true);
    expect(same(none, noName)).toBe(true);
    expect(same(full, none)).toBe(false);
    expect(givenName('NGUYỄN VĂN AN')).toBe('AN');
    expect(givenName('  ')).toBeNull();
  });

  it('each result kind lays out at both paper widths, the width a multiple of 8 and the height content-sized', () => {
    for (const widthDots of [576, 384]) {
      const sizes = [HOSPITAL, BOARDING, QUEUED].map((r) => render(r, {}, widthDots));
      for (const b of sizes) {
        expect(b.width).toBe(widthDots);
        expect(b.rowBytes).toBe(widthDots / 8);
        expect(b.height).toBeGreaterThan(300);
        expect(b.height).toBeLessThan(2000);
        expect(inkRows(b)).toBeGreaterThan(100);
        // Margins stay paper: nothing is drawn in the outer 8 dots.
        for (let y = 0; y < b.height; y++) for (const x of [0, 7, widthDots - 8, widthDots - 1]) expect(getDot(b, x, y)).toBe(false);
      }
      // Three different tickets.
      expect(same(sizes[0], sizes[1]) || same(sizes[1], sizes[2]) || same(sizes[0], sizes[2])).toBe(false);
    }
  });

  it('the big number is the widest line: a ticket number changes a tall band of rows', () => {
    const a = render({ ...HOSPITAL, ticket: { ...HOSPITAL.ticket!, number: '0123' } });
    const b = render({ ...HOSPITAL, ticket: { ...HOSPITAL.ticket!, number: '0124' } });
    expect(a.height).toBe(b.height);
    const rows: number[] = [];
    for (let y = 0; y < a.height; y++) {
      const r = (x: MonoBitmap): Buffer => Buffer.from(x.data.subarray(y * x.rowBytes, (y + 1) * x.rowBytes));
      if (!r(a).equals(r(b))) rows.push(y);
    }
    // A 170-dot numeral: the differing rows span more than 90 dots (a normal text line is under 50).
    expect(rows.at(-1)! - rows[0]).toBeGreaterThan(90);
  });

  it('a long queue number shrinks to fit instead of running off the paper', () => {
    const b = render({ ...HOSPITAL, ticket: { ...HOSPITAL.ticket!, number: 'KB-0000123456' } }, {}, 384);
    for (let y = 0; y < b.height; y++) for (const x of [0, 383]) expect(getDot(b, x, y)).toBe(false);
  });

  it('the chosen language changes the ticket (heavier English when English is chosen)', () => {
    expect(same(render(HOSPITAL, { language: 'vi' }), render(HOSPITAL, { language: 'en' }))).toBe(false);
  });

  it('printed time is local (Asia/Ho_Chi_Minh) and the width is validated', () => {
    expect(formatTime(AT, 'Asia/Ho_Chi_Minh')).toBe('23/11/2026 08:30');
    expect(formatTime(new Date('2026-12-31T17:05:00Z'), 'Asia/Ho_Chi_Minh')).toBe('01/01/2027 00:05');
    expect(() => render(HOSPITAL, {}, 580)).toThrow(RangeError);
    // A backend's ISO appointment time prints as local time; free text stays as it is.
    expect(localTime('2026-11-23T02:09:26.365Z', 'Asia/Ho_Chi_Minh')).toBe('23/11/2026 09:09');
    expect(localTime('08:30', 'Asia/Ho_Chi_Minh')).toBe('08:30');
    expect(same(render({ ...HOSPITAL, ticket: { ...HOSPITAL.ticket!, time: '2026-11-23T01:30:00Z' } }), render({ ...HOSPITAL, ticket: { ...HOSPITAL.ticket!, time: '23/11/2026 08:30' } }))).toBe(true);
  });
});
