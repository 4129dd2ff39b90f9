// Parsing the MRZ of TD1 (9303-5 §4.2.2, 3 × 30) and TD3 (9303-4 §4.2.2, 2 × 44) documents, with every
// check digit verified (9303-3 §4.9) and the Vietnamese CCCD's 12-digit ID number picked out of the
// optional data (see cccd-layout.ts).
import { EmrtdError } from '../errors.ts';
import { checkDigit, checkDigitMatches } from './check-digit.ts';
import { parseVnOptionalData, parseVnPersonalNumber, VN_ISSUER } from './cccd-layout.ts';
import { isValidMrzDate } from './dates.ts';
import { parseMrzName } from './names.ts';
import type { Mrz, MrzChecks, MrzFormat, MrzSex } from './types.ts';

export interface ParseMrzOptions {
  /** Return check-digit failures in `checks` instead of throwing. Shape errors still throw. */
  lenient?: boolean;
}

const SHAPES: Record<MrzFormat, { lines: number; width: number }> = {
  TD1: { lines: 3, width: 30 },
  TD3: { lines: 2, width: 44 },
};

function invalid(message: string): never {
  throw new EmrtdError('MRZ_INVALID', `MRZ: ${message}`);
}

/** Split raw text (lines joined, or separated by newlines, CR or spaces; any case) into MRZ lines. */
export function normalizeMrzLines(text: string): { format: MrzFormat; lines: string[] } {
  if (typeof text !== 'string') invalid('not text');
  const pieces = text.split(/\s+/).filter((p) => p !== '');
  const joined = pieces.join('').replace(/[a-z]/g, (c) => c.toUpperCase());
  let format: MrzFormat;
  if (joined.length === 90) format = 'TD1';
  else if (joined.length === 88) format = 'TD3';
  else if (joined.length === 72) invalid('72 characters is a TD2 MRZ, which is not supported (TD1 and TD3 only)');
  else {
    const detail = pieces.length > 1 ? ` (line lengths ${pieces.map((p) => p.length).join(', ')})` : '';
    invalid(`expected 90 characters (TD1, 3 × 30) or 88 (TD3, 2 × 44), found ${joined.length}${detail}`);
  }
  const { lines: n, width } = SHAPES[format];
  // Separated lines must each have the right width: a mis-split points at an OCR error.
  if (pieces.length > 1 && (pieces.length !== n || pieces.some((p) => p.length !== width))) {
    invalid(`${format} needs ${n} lines of ${width} characters, found lines of ${pieces.map((p) => p.length).join(', ')}`);
  }
  const bad = /[^0-9A-Z<]/.exec(joined);
  if (bad) {
    const line = Math.floor(bad.index / width) + 1;
    const pos = (bad.index % width) + 1;
    invalid(`character ${JSON.stringify(bad[0])} at line ${line} position ${pos} is not an MRZ character`);
  }
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(joined.slice(i * width, (i + 1) * width));
  return { format, lines };
}

function trimFiller(s: string): string {
  return s.replace(/<+$/, '');
}

function readSex(ch: string, lenient: boolean): MrzSex {
  if (ch === 'M' || ch === 'F') return ch;
  if (ch === '<' || ch === 'X') return 'X';
  if (lenient) return 'X';
  return invalid(`sex ${JSON.stringify(ch)} is not M, F or <`);
}

function checkDate(value: string, what: string, lenient: boolean): void {
  // 9303-3 §4.7: an unknown part of a date (YY, MM or DD) is two fillers; anything else must be a real
  // calendar date. A lone '<' inside a part is a misread, not an unknown part ('<' counts 0 in check digits).
  if (/</.test(value) && /^([0-9]{2}|<<){3}$/.test(value)) return;
  if (!isValidMrzDate(value) && !lenient) invalid(`${what} is not a valid YYMMDD date`);
}

/**
 * TD1 document number (9303-5 §4.2.4): up to 9 characters in positions 6–14 with the check digit in 15; a
 * longer number puts '<' in 15 and continues in the optional data, its last digit there being the check digit.
 */
function td1DocumentNumber(line1: string): { documentNumber: string; digit: string; optionalStart: number } {
  const first = line1.slice(5, 14);
  if (line1[14] !== '<') return { documentNumber: trimFiller(first), digit: line1[14], optionalStart: 15 };
  const ext = /^([0-9A-Z]+)/.exec(line1.slice(15));
  if (!ext || ext[1].length < 2) return { documentNumber: trimFiller(first), digit: '<', optionalStart: 15 };
  const rest = ext[1];
  return {
    documentNumber: first + rest.slice(0, -1),
    digit: rest.slice(-1),
    optionalStart: 15 + rest.length,
  };
}

/** The field and printed digit behind each check, for a precise message (values never go into messages). */
type CheckedFields = Partial<Record<keyof MrzChecks, { field: string; digit: string }>>;

function parseTd1(lines: string[], lenient: boolean, seen: CheckedFields): Mrz {
  const [l1, l2, l3] = lines;
  const doc = td1DocumentNumber(l1);
  const dateOfBirth = l2.slice(0, 6);
  const dateOfExpiry = l2.slice(8, 14);
  const issuer = trimFiller(l1.slice(2, 5));
  const optional15 = l1.slice(15, 30);
  const vn = issuer === VN_ISSUER ? parseVnOptionalData(optional15) : null;
  const composite = l1.slice(5, 30) + l2.slice(0, 7) + l2.slice(8, 15) + l2.slice(18, 29);
  Object.assign(seen, {
    documentNumber: { field: doc.documentNumber, digit: doc.digit },
    dateOfBirth: { field: dateOfBirth, digit: l2[6] },
    dateOfExpiry: { field: dateOfExpiry, digit: l2[14] },
    composite: { field: composite, digit: l2[29] },
    idNumber: vn ? { field: optional15.slice(0, 12), digit: optional15[14] } : undefined,
  });
  const checks: MrzChecks = {
    documentNumber: checkDigitMatches(doc.documentNumber, doc.digit),
    dateOfBirth: checkDigitMatches(dateOfBirth, l2[6]),
    dateOfExpiry: checkDigitMatches(dateOfExpiry, l2[14]),
    composite: checkDigitMatches(composite, l2[29]),
    idNumber: vn ? vn.check : null,
    optionalData: null,
  };
  const { surname, givenNames } = parseMrzName(l3);
  return {
    format: 'TD1',
    documentCode: trimFiller(l1.slice(0, 2)),
    issuer,
    documentNumber: doc.documentNumber,
    idNumber: vn ? vn.idNumber : null,
    dateOfBirth,
    sex: readSex(l2[7], lenient),
    dateOfExpiry,
    nationality: trimFiller(l2.slice(15, 18)),
    surname,
    givenNames,
    optionalData1: trimFiller(l1.slice(doc.optionalStart, 30)),
    optionalData2: trimFiller(l2.slice(18, 29)),
    lines,
    checks,
  };
}

function parseTd3(lines: string[], lenient: boolean, seen: CheckedFields): Mrz {
  const [l1, l2] = lines;
  const documentNumber = trimFiller(l2.slice(0, 9));
  const dateOfBirth = l2.slice(13, 19);
  const dateOfExpiry = l2.slice(21, 27);
  const issuer = trimFiller(l1.slice(2, 5));
  const personal = l2.slice(28, 42);
  const idNumber = issuer === VN_ISSUER ? parseVnPersonalNumber(personal) : null;
  // 9303-4 §4.2.2: an unused personal number may carry '<' (or 0) as its check digit.
  const optionalData = checkDigitMatches(personal, l2[42], true);
  const composite = l2.slice(0, 10) + l2.slice(13, 20) + l2.slice(21, 43);
  Object.assign(seen, {
    documentNumber: { field: l2.slice(0, 9), digit: l2[9] },
    dateOfBirth: { field: dateOfBirth, digit: l2[19] },
    dateOfExpiry: { field: dateOfExpiry, digit: l2[27] },
    composite: { field: composite, digit: l2[43] },
    idNumber: idNumber ? { field: personal, digit: l2[42] } : undefined,
    optionalData: { field: personal, digit: l2[42] },
  });
  const checks: MrzChecks = {
    documentNumber: checkDigitMatches(l2.slice(0, 9), l2[9]),
    dateOfBirth: checkDigitMatches(dateOfBirth, l2[19]),
    dateOfExpiry: checkDigitMatches(dateOfExpiry, l2[27]),
    composite: checkDigitMatches(composite, l2[43]),
    idNumber: idNumber ? optionalData : null,
    optionalData,
  };
  const { surname, givenNames } = parseMrzName(l1.slice(5));
  return {
    format: 'TD3',
    documentCode: trimFiller(l1.slice(0, 2)),
    issuer,
    documentNumber,
    idNumber,
    dateOfBirth,
    sex: readSex(l2[20], lenient),
    dateOfExpiry,
    nationality: trimFiller(l2.slice(10, 13)),
    surname,
    givenNames,
    optionalData1: trimFiller(personal),
    optionalData2: '',
    lines,
    checks,
  };
}

const CHECK_NAMES: [keyof MrzChecks, string][] = [
  ['documentNumber', 'document number'],
  ['dateOfBirth', 'date of birth'],
  ['dateOfExpiry', 'date of expiry'],
  ['idNumber', 'ID number (optional data)'],
  ['optionalData', 'personal number'],
  ['composite', 'composite'],
];

/** Parse a TD1 or TD3 MRZ; throws MRZ_INVALID on a wrong shape or (unless lenient) a failed check digit. */
export function parseMrz(text: string, options: ParseMrzOptions = {}): Mrz {
  const lenient = options.lenient === true;
  const { format, lines } = normalizeMrzLines(text);
  const seen: CheckedFields = {};
  const mrz = format === 'TD1' ? parseTd1(lines, lenient, seen) : parseTd3(lines, lenient, seen);
  if (mrz.documentNumber === '' && !lenient) invalid('the document number is empty');
  checkDate(mrz.dateOfBirth, 'date of birth', lenient);
  checkDate(mrz.dateOfExpiry, 'date of expiry', lenient);
  if (!lenient) {
    for (const [key, name] of CHECK_NAMES) {
      const c = seen[key];
      if (mrz.checks[key] === false && c) {
        invalid(`${format} ${name} check digit is ${JSON.stringify(c.digit)}, expected ${checkDigit(c.field)}`);
      }
    }
  }
  return mrz;
}
