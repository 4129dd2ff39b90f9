// The QR code on the Vietnamese chip ID card (CCCD, since 2021) and the dates of expiry it implies.
//
// Payload seen on real cards (UTF-8, '|' separated, dates ddMMyyyy):
//   ID12|oldID9|Full name|DOB|Sex|Address|Issue date    e.g. `001090123456|123456789|Nguyễn Văn An|15011990|Nam|…|20042021`
// with the old 9-digit ID (CMND) field empty when the holder never had one (`…||Trần Thị …|…`). Readers and apps
// also hand over variants: a BOM, CR/LF or spaces around the payload or fields, the broken bar '¦' or a
// full-width '｜' for '|', dd/MM/yyyy dates, and 6 fields (the old-ID field or the issue date missing).
// Trailing fields beyond the seventh are ignored, so a later card generation that appends data still reads.
// The QR carries no date of expiry: expiryCandidates derives it from the renewal ages (see there).
import { EmrtdError } from '../errors.ts';
import { isoDate, isoToMrzDate, isValidCalendarDate, NO_EXPIRY, parseIsoDate, todayIso } from '../mrz/dates.ts';
import type { MrzSex } from '../mrz/types.ts';

export interface CccdQr {
  idNumber: string;
  oldIdNumber: string | null;
  /** NFC, inner whitespace collapsed. */
  fullName: string;
  /** ISO YYYY-MM-DD. */
  dateOfBirth: string;
  sex: MrzSex;
  address: string | null;
  /** ISO YYYY-MM-DD, null when the payload has none. */
  dateOfIssue: string | null;
}

/** Longer than any real payload (name + address are well under 300 characters); refuses pasted junk early. */
const MAX_PAYLOAD = 2048;

function invalid(message: string): never {
  throw new EmrtdError('QR_INVALID', `CCCD QR: ${message}`);
}

function clean(field: string): string {
  return field.replace(/\s+/g, ' ').trim();
}

/** ddMMyyyy (or dd/MM/yyyy, dd-MM-yyyy, dd.MM.yyyy) → ISO, or null. */
function qrDate(field: string): string | null {
  const m = /^([0-9]{2})[/.-]?([0-9]{2})[/.-]?([0-9]{4})$/.exec(field);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1900 || year > 2199 || !isValidCalendarDate(year, month, day)) return null;
  return isoDate(year, month, day);
}

function qrSex(field: string): MrzSex | null {
  const plain = field.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  if (plain === 'nam') return 'M';
  if (plain === 'nu') return 'F';
  if (plain === 'khac') return 'X';
  return null;
}

/** Parse a CCCD QR payload; anything that is not one throws QR_INVALID (messages carry no personal data). */
export function parseCccdQr(payload: string): CccdQr {
  if (typeof payload !== 'string') invalid('not text');
  if (payload.length > MAX_PAYLOAD) invalid(`longer than ${MAX_PAYLOAD} characters`);
  const text = payload.normalize('NFC').replace(/^[\uFEFF\s]+|[\uFEFF\s]+$/g, '');
  const fields = text.split(/[|¦｜]/).map(clean);
  if (fields.length < 6) invalid(`expected 7 fields separated by '|', found ${fields.length}`);
  // Anchor on "DOB|Sex": index 4 in the full layout, 3 when the old-ID field is missing.
  const sexAt = [4, 3].find((i) => qrSex(fields[i] ?? '') !== null && qrDate(fields[i - 1]) !== null);
  if (sexAt === undefined) invalid('no date of birth followed by the sex (Nam/Nữ) in fields 3–5');
  const idNumber = fields[0];
  if (!/^[0-9]{12}$/.test(idNumber)) invalid('the first field is not a 12-digit ID number');
  let oldIdNumber: string | null = null;
  if (sexAt === 4) {
    const old = fields[1];
    // CMND numbers were 9 digits, and 12 digits on the 2012–2016 cards.
    if (old !== '' && !/^(?:[0-9]{9}|[0-9]{12})$/.test(old)) invalid('the second field is not an old 9- or 12-digit ID');
    oldIdNumber = old === '' ? null : old;
  }
  const fullName = fields[sexAt - 2];
  if (fullName === '' || fullName.length > 120 || /[0-9]/.test(fullName) || !/\p{L}/u.test(fullName)) {
    invalid('the name field is not a name');
  }
  const dateOfBirth = qrDate(fields[sexAt - 1]) as string;
  const address = fields[sexAt + 1] ?? '';
  const issueField = fields[sexAt + 2] ?? '';
  let dateOfIssue: string | null = null;
  if (issueField !== '') {
    dateOfIssue = qrDate(issueField);
    if (dateOfIssue === null) invalid('the date of issue is not a date');
    if (dateOfIssue < dateOfBirth) invalid('the date of issue is before the date of birth');
  }
  return {
    idNumber,
    oldIdNumber,
    fullName,
    dateOfBirth,
    sex: qrSex(fields[sexAt]) as MrzSex,
    address: address === '' ? null : address,
    dateOfIssue,
  };
}

// ---- Date of expiry from the renewal ages -------------------------------------------------------------
//
// Law on Identification 2023 art. 21 (as the 2014 Law on Citizen Identification art. 21 before it): a card
// must be renewed when the holder turns 14, 25, 40 and 60; a card issued, renewed or replaced within the
// 2 years before one of those ages stays valid until the next one; after the last (issued at 58 or later)
// it never expires and the MRZ prints 991231. The printed expiry is the holder's birthday in that year.

const RENEWAL_AGES = [14, 25, 40, 60] as const;
/** Chip CCCDs (the only ones with a QR and a chip) are issued since 2021: an earlier expiry is impossible. */
const CHIP_CARD_EPOCH = '2021-01-01';
/** 991231 is offered only to holders this old at issue (58 by law, with a margin for an unread issue date). */
const NO_EXPIRY_PLAUSIBLE_AGE = 56;
const MAX_CANDIDATES = 5;

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The birthday at `age` as ISO dates: one date, or 28 February then 1 March for a 29 February birth. */
function birthdays(dob: { year: number; month: number; day: number }, age: number): string[] {
  const year = dob.year + age;
  if (dob.month === 2 && dob.day === 29 && !isLeap(year)) return [isoDate(year, 2, 28), isoDate(year, 3, 1)];
  return [isoDate(year, dob.month, dob.day)];
}

function inputInvalid(message: string): never {
  throw new EmrtdError('INPUT_INVALID', `expiry candidates: ${message}`);
}

/**
 * Likely MRZ dates of expiry (YYMMDD, at most 5, most likely first, no duplicates) of a CCCD whose holder was
 * born on `dateOfBirthIso` and whose card was issued on `dateOfIssueIso` (null: unknown, then the card is
 * assumed valid `today`). The computed one comes first, then the neighbouring milestones, 991231 where the
 * holder's age makes it plausible.
 */
export function expiryCandidates(dateOfBirthIso: string, dateOfIssueIso: string | null, today: Date = new Date()): string[] {
  const dob = parseIsoDate(dateOfBirthIso);
  if (!dob) inputInvalid('the date of birth is not an ISO date');
  if (dateOfIssueIso !== null && !parseIsoDate(dateOfIssueIso)) inputInvalid('the date of issue is not an ISO date');
  if (dateOfIssueIso !== null && dateOfIssueIso < dateOfBirthIso) inputInvalid('issued before birth');
  const now = todayIso(today);
  const reference = dateOfIssueIso ?? now;
  if (reference < dateOfBirthIso) inputInvalid('the date of birth is in the future');

  // Options in age order: the four milestones, then "no expiry".
  const options: (string[] | null)[] = [...RENEWAL_AGES.map((age) => birthdays(dob, age)), null];
  const first = (i: number) => (options[i] as string[])[0];
  let primary: number = RENEWAL_AGES.length;
  let shifted = false;
  for (let i = 0; i < RENEWAL_AGES.length; i++) {
    if (reference < first(i)) {
      primary = i;
      // The 2-year rule needs the issue date; with only `today` the card is taken as valid until the next age.
      if (dateOfIssueIso !== null && dateOfIssueIso >= birthdays(dob, RENEWAL_AGES[i] - 2)[0]) {
        primary = i + 1;
        shifted = true;
      }
      break;
    }
  }

  // Neighbours alternate around the computed option; after a 2-year shift the skipped age comes first.
  const order: number[] = [primary];
  for (let d = 1; d < options.length; d++) {
    const pair = shifted ? [primary - d, primary + d] : [primary + d, primary - d];
    order.push(...pair);
  }
  const lowerBound = dateOfIssueIso ?? CHIP_CARD_EPOCH;
  const noExpiryPlausible = reference >= birthdays(dob, NO_EXPIRY_PLAUSIBLE_AGE)[0];
  const out: string[] = [];
  for (const i of order) {
    if (i < 0 || i >= options.length) continue;
    const dates = options[i];
    if (dates === null) {
      if (noExpiryPlausible || i === primary) out.push(NO_EXPIRY);
      continue;
    }
    for (const d of dates) if (d > lowerBound) out.push(isoToMrzDate(d));
  }
  return [...new Set(out)].slice(0, MAX_CANDIDATES);
}
