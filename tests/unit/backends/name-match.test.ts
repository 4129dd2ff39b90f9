import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { matchNames, type NameMatchRule } from '../../../electron/backends/airport/name-match.ts';
import { toAsciiName } from '../../../electron/backends/airport/vietnamese-ascii.ts';

type Case = [chip: string, booking: string, source: 'bcbp' | 'pnr', match: boolean, rule: NameMatchRule, mrz?: string];

// Real-world shapes of Vietnamese names on bookings: as agents and airline web sites write them.
const cases: Case[] = [
  ['Nguyễn Văn An', 'NGUYEN/VAN AN MR', 'pnr', true, 'exact'],
  ['Nguyễn Văn An', 'NGUYEN/VANAN MR', 'pnr', true, 'exact'],
  ['Nguyễn Văn An', 'NGUYEN/VANANMR', 'bcbp', true, 'exact'],
  ['Đặng Thị Thu Hà', 'DANG/THITHUHA MS', 'pnr', true, 'exact'],
  ['Đặng Văn Đức', 'DANG/VAN DUC MR', 'bcbp', true, 'exact'],
  ['Đỗ Đức Đạt', 'DO/DUCDAT', 'pnr', true, 'exact'],
  ['Ðinh Công Đoàn', 'DINH/CONG DOAN MR', 'pnr', true, 'exact'], // U+00D0 look-alike typed for Đ
  ['Trần Thị Ngọc Ánh', 'TRAN/THI NGOC ANH MRS', 'pnr', true, 'exact'],
  ['Lê Nguyễn Hoàng Phương', 'LE/NGUYEN HOANG PHUONG', 'pnr', true, 'exact'],
  ['Phạm Hữu Nghĩa', 'PHAM/HUUNGHIA MR', 'bcbp', true, 'exact'],
  ['Ưng Hoàng Phúc', 'UNG/HOANG PHUC', 'pnr', true, 'exact'],
  ['Bùi Thị Xuân', 'BUI/THI XUAN MISS', 'pnr', true, 'exact'],
  ['Nguyễn Văn An', 'nguyễn/văn an', 'pnr', true, 'exact'],
  ['Nguye\u0302\u0303n Va\u0306n An', 'NGUYEN/VAN AN', 'pnr', true, 'exact'], // decomposed (NFD) input
  ['Nguyễn Thị Thanh Hương', 'NGUYEN/THITHANHHUONG', 'bcbp', true, 'exact'], // title fell off the 20 chars
  ['Tôn Thất Thuyết', 'TON/THAT THUYET MR', 'pnr', true, 'exact'],
  ['Tôn Thất Thuyết', 'TON THAT/THUYET MR', 'pnr', true, 'compound-surname'],
  ['Nguyễn Phúc Bửu Chánh', 'NGUYENPHUC/BUU CHANH', 'pnr', true, 'compound-surname'],
  ['Âu Dương Lâm', 'AU DUONG/LAM', 'pnr', true, 'compound-surname'],
  ['Trương Nguyễn Hoàng Phương Thảo', 'TRUONG/NGUYENHOANGPH', 'bcbp', true, 'truncated'],
  ['Trương Nguyễn Hoàng Phương Thảo', 'TRUONG/NGUYEN HOANG ', 'bcbp', true, 'truncated'],
  ['Nguyễn Thị Thanh Hương', 'NGUYEN/THI THANH HUO', 'bcbp', true, 'truncated'],
  ['Nguyễn Trần Bảo Ngọc Phương Thảo', 'NGUYEN/TRAN BAO NGOC PHUONG T', 'pnr', true, 'truncated'],
  ['Trương Nguyễn Hoàng Phương Thảo', 'TRUONG/NGUYENHOANGPX', 'bcbp', false, 'given-mismatch'],
  ['Nguyễn Trần Bảo Ngọc', 'NGUYEN/TRAN BAO', 'pnr', false, 'given-mismatch'], // short, so not a truncation
  ['Nguyễn Văn An', 'NGUYEN/V AN MR', 'pnr', true, 'abbreviated'],
  ['Trần Thị Thu Hà', 'TRAN/T T HA MS', 'pnr', true, 'abbreviated'],
  ['Nguyễn Văn An', 'NGUYEN/VAN A', 'pnr', false, 'given-mismatch'], // the called name may not be an initial
  ['Nguyễn Văn An', 'NGUYEN/AN MR', 'pnr', false, 'middle-name-omitted'],
  ['Phạm Minh Chính', 'PHAM/CHINHMR', 'bcbp', false, 'middle-name-omitted'],
  ['Thạch', 'THACH/THACH', 'pnr', true, 'single-name'],
  ['Thạch', 'THACH/FNU', 'bcbp', true, 'single-name'],
  ['Thạch', 'FNU/THACH', 'pnr', true, 'single-name'],
  ['Thạch', 'THACH/AN', 'pnr', false, 'given-mismatch'],
  ["H'Hen Niê", 'HHEN/NIE', 'pnr', true, 'exact'],
  ["H'Hen Niê", 'NIE/HHEN MS', 'pnr', false, 'name-order-swapped'],
  ['Nguyễn Văn An', 'AN/NGUYEN VAN MR', 'pnr', false, 'name-order-swapped'],
  ['Nguyễn Văn An', 'TRAN/VAN AN', 'pnr', false, 'surname-mismatch'],
  ['Võ Thị Sáu', 'VU/THI SAU', 'pnr', false, 'surname-mismatch'], // Võ and Vũ are different family names
  ['Nguyễn Văn An', 'NGUYEN/VAN ANH', 'pnr', false, 'given-mismatch'],
  ['Nguyễn Văn Anh', 'NGUYEN/VAN AN', 'pnr', false, 'given-mismatch'],
  ['Nguyễn Văn An', 'NGUYEN VAN AN', 'pnr', false, 'empty-name'],
  ['Đặng Thị Thu Hà', 'DANG/THI THU HA MS', 'pnr', true, 'exact', 'DANG<<THI<THU<HA<<<<<<<<<<<<<<'],
  ['Đặng Thị Thu Hà', 'DANG/THI THU HA MS', 'pnr', false, 'chip-mrz-disagree', 'DANG<<THI<THU<HOA<<<<<<<<<<<<<'],
  ['Nguyễn Trần Bảo Ngọc Phương Thảo', 'NGUYEN/TRANBAONGOCPHUONGTHAO MS', 'pnr', true, 'exact', 'NGUYEN<<TRAN<BAO<NGOC<PHUONG<T'],
];

describe('Vietnamese name matching (chip vs booking)', () => {
  it('has a table of at least 30 cases', () => expect(cases.length).toBeGreaterThanOrEqual(30));

  it.each(cases)('%s vs %s (%s) → match %s by %s', (chip, booking, source, match, rule, mrz) => {
    expect(matchNames({ chip, booking, source, mrz })).toEqual({ match, needsStaff: !match, rule });
  });

  it('maps Đ/đ explicitly, which NFD alone leaves in place', () => {
    expect('Đ'.normalize('NFD')).toBe('Đ');
    expect(toAsciiName('Đặng đức')).toBe('DANG DUC');
  });

  const syllable = fc.constantFrom('Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng',
    'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Văn', 'Thị', 'Hữu', 'Đức', 'Thu', 'Ngọc', 'Minh', 'Thanh', 'Hương',
    'Phương', 'Thảo', 'Quỳnh', 'Nghĩa', 'Tuấn', 'Anh', 'Hà', 'Ánh', 'Trường', 'Khoa', 'Yến', 'Lộc', 'Đạt');
  const name = fc.array(syllable, { minLength: 2, maxLength: 7 }).map((w) => w.join(' '));

  it('property: the ASCII booking of a name always matches, and so does its BCBP truncation', () => {
    fc.assert(
      fc.property(name, fc.boolean(), (full, spaced) => {
        const [sur, ...given] = toAsciiName(full).split(' ');
        const booking = `${sur}/${given.join(spaced ? ' ' : '')}`;
        expect(matchNames({ chip: full, booking, source: 'pnr' }).match).toBe(true);
        const bcbp = booking.padEnd(20, ' ').slice(0, 20);
        expect(matchNames({ chip: full, booking: bcbp, source: 'bcbp' }).match).toBe(true);
      }),
    );
  });

  it('property: a different family name never matches', () => {
    fc.assert(
      fc.property(name, syllable, (full, other) => {
        const [sur, ...given] = toAsciiName(full).split(' ');
        const otherSur = toAsciiName(other);
        fc.pre(otherSur !== sur && !given.includes(otherSur));
        const r = matchNames({ chip: full, booking: `${otherSur}/${given.join(' ')}`, source: 'pnr' });
        expect(r.match).toBe(false);
        expect(r.needsStaff).toBe(true);
      }),
    );
  });
});
