// Does the name on the booking belong to the citizen whose chip we just verified? Vietnamese order is
// family name first ("Đặng Thị Thu Hà" → DANG/THITHUHA). The rules, in the order they are tried:
//   exact             surname equal, given names equal once spaces are removed (title MR/MS/… ignored)
//   compound-surname  the same letters split at another word boundary (TON THAT/THUYET vs TON/THAT THUYET)
//   single-name       a one-word name booked as W/W, W/FNU or FNU/W
//   truncated         the booking field is full (BCBP 20 chars, PNR 29) and is a prefix of the chip name
//   abbreviated       every given name present, in order, some as initials, the last (called) name in full
// Anything else does not match and goes to staff, naming why: surname-mismatch, given-mismatch,
// name-order-swapped, middle-name-omitted, chip-mrz-disagree, empty-name. Nothing passes silently.
import { splitVietnameseName, toAsciiName } from './vietnamese-ascii.ts';

export type NameMatchRule =
  | 'exact'
  | 'compound-surname'
  | 'single-name'
  | 'truncated'
  | 'abbreviated'
  | 'surname-mismatch'
  | 'given-mismatch'
  | 'name-order-swapped'
  | 'middle-name-omitted'
  | 'chip-mrz-disagree'
  | 'empty-name';

export interface NameMatchResult {
  match: boolean;
  needsStaff: boolean;
  rule: NameMatchRule;
}

export interface NameMatchInput {
  /** Full name from DG13 (Unicode, family name first). */
  chip: string;
  /** MRZ name field (SURNAME<<GIVEN<NAMES), optional cross-check. */
  mrz?: string;
  /** Booking name: SURNAME/GIVEN NAMES [TITLE]. */
  booking: string;
  /** Where the booking name comes from: the BCBP field holds 20 characters, a PNR name 29. */
  source: 'bcbp' | 'pnr';
}

export const BCBP_NAME_LENGTH = 20;
export const PNR_NAME_LENGTH = 29;

const TITLES = ['MSTR', 'MISS', 'MRS', 'MR', 'MS', 'DR', 'PROF', 'CHD', 'INF'];
const UNKNOWN_GIVEN = 'FNU'; // "first name unknown", the IATA convention for one-word names

interface Booking {
  surname: string;
  /** Given-name words as written (title removed when it stood alone). */
  given: string[];
  /** Candidate given-name strings without spaces: as written, and with an appended title removed. */
  givenJoined: string[];
  /** Raw length of SURNAME/GIVEN as written, to decide whether the field was full. */
  rawLength: number;
}

function parseBooking(text: string): Booking | null {
  const raw = text.replace(/\s+$/, '');
  const slash = raw.indexOf('/');
  if (slash < 0) return null;
  const surname = toAsciiName(raw.slice(0, slash)).replace(/ /g, '');
  let given = toAsciiName(raw.slice(slash + 1))
    .split(' ')
    .filter(Boolean);
  if (given.length > 1 && TITLES.includes(given[given.length - 1])) given = given.slice(0, -1);
  const joined = given.join('');
  const candidates = [joined];
  for (const t of TITLES) {
    if (joined.length > t.length && joined.endsWith(t)) candidates.push(joined.slice(0, -t.length));
  }
  return { surname, given, givenJoined: candidates, rawLength: raw.length };
}

function result(rule: NameMatchRule, match: boolean): NameMatchResult {
  return { match, needsStaff: !match, rule };
}

function mrzAgrees(mrz: string, chipSurname: string, chipGiven: string[]): boolean {
  const field = mrz.trim().toUpperCase();
  const [sur = '', giv = ''] = field.split('<<');
  const mSurname = sur.replace(/</g, '');
  const mGiven = giv.replace(/</g, '');
  const cSurname = chipSurname;
  const cGiven = chipGiven.join('');
  // 9303-3 §4.6: a long name is truncated to fill the field (30 characters in TD1): prefix is enough then.
  const truncated = field.replace(/<+$/, '').length >= 28;
  if (mSurname !== cSurname && !(truncated && cSurname.startsWith(mSurname) && mGiven === '')) return false;
  return mGiven === cGiven || (truncated && cGiven.startsWith(mGiven));
}

/** Decides whether the booking name belongs to the chip holder, and names the rule that decided. */
export function matchNames(input: NameMatchInput): NameMatchResult {
  const chipAscii = toAsciiName(input.chip);
  const { surname, given } = splitVietnameseName(chipAscii);
  const booking = parseBooking(input.booking);
  if (!surname || !booking || !booking.surname) return result('empty-name', false);
  if (input.mrz !== undefined && !mrzAgrees(input.mrz, surname, given)) return result('chip-mrz-disagree', false);

  const chipGiven = given.join('');
  const limit = input.source === 'bcbp' ? BCBP_NAME_LENGTH : PNR_NAME_LENGTH;

  if (booking.surname === surname && booking.givenJoined.includes(chipGiven)) return result('exact', true);

  // The same letters, split between family and given names at another word boundary.
  const chipAll = surname + chipGiven;
  for (const g of booking.givenJoined) {
    if (booking.surname + g !== chipAll || given.length === 0) continue;
    const words = chipAscii.split(' ');
    for (let i = 1; i <= words.length; i++) {
      if (words.slice(0, i).join('') === booking.surname) return result('compound-surname', true);
    }
  }

  if (given.length === 0) {
    const b = booking.givenJoined[0];
    if (booking.surname === surname && (b === surname || b === UNKNOWN_GIVEN || b === '')) {
      return result('single-name', true);
    }
    if (booking.surname === UNKNOWN_GIVEN && b === surname) return result('single-name', true);
  }

  if (booking.surname === surname) {
    // A full field may have cut the name: accept a prefix of the chip name (without spaces), not an empty one.
    const full = booking.rawLength >= limit - 1;
    if (full && booking.givenJoined.some((g) => g.length > 0 && chipGiven.startsWith(g))) {
      return result('truncated', true);
    }

    if (booking.given.length === given.length && booking.given.length > 0) {
      const fits = booking.given.every((b, i) => b === given[i] || (b.length === 1 && given[i].startsWith(b)));
      const lastFull = booking.given[booking.given.length - 1] === given[given.length - 1];
      if (fits && lastFull) return result('abbreviated', true);
    }
    // Middle name(s) left out: the called name is there but not everything before it.
    const last = given[given.length - 1];
    if (given.length > 1 && booking.givenJoined.some((g) => g === last || (g.endsWith(last) && chipGiven.endsWith(g)))) {
      return result('middle-name-omitted', false);
    }
    return result('given-mismatch', false);
  }

  // Western order typed by mistake: a given name in the surname field, the family name among the given names.
  if (given.includes(booking.surname) && booking.givenJoined.some((g) => g.includes(surname))) {
    return result('name-order-swapped', false);
  }
  return result('surname-mismatch', false);
}
