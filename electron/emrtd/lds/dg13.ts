// DG13 of the Vietnamese CCCD: the citizen's personal data in a proprietary layout (DG13 is "optional
// details" in 9303-10 §4.7.13, its content left to the issuer). What public readers of real cards agree on
// (NghiaLio/NFC_CCCD_Reader's nfc_dg13_parser.dart, decoded from real cards; the INTEGER-keyed scanners in
// nguyenddat/ript-virtual-recep and others):
//   6D L                                    -- DG13
//     30 L                                  -- content
//       02 01 01                            -- version 1
//       06 06 28 D3 16 01 00 08             -- 1.0.10646.1.0.8, ISO/IEC 10646 UTF-8: the strings' encoding
//       31 L                                -- SET of fields, each SEQUENCE { INTEGER n, value }
//         30 L { 02 01 01, 0C 0C "001099012345" }      -- 1 ID number, UTF8String (PrintableString seen too)
//         …                                            -- 2 name … 12 expiry (dd/mm/yyyy or "Không thời hạn")
//         30 L { 02 01 0D, 30 L { 0C father, 0C mother } }  -- 13 parents: a nested SEQUENCE of two strings
//         30 L { 02 01 0E, 30 L { 0C spouse } }             -- 14 spouse: nested too, often empty or absent
//         30 L { 02 01 0F, 0C "123456789" }                -- 15 old 9-digit ID (CMND), absent when none
//         30 L { 02 01 10, 0C 16 chars }                   -- 16 unidentified (looks like a hex serial)
// Fields are found by their INTEGER, never by position; absent, empty and unknown fields are tolerated, and
// any string type is accepted. Flat layouts (field SEQUENCEs directly under 6D) are read the same way.
import { hex } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import type { Tlv } from '../tlv.ts';
import { decodeTlv, decodeTlvList } from '../tlv.ts';

export interface PersonalData {
  idNumber: string | null;
  fullName: string | null;
  /** ISO 8601; reduced precision ("1960", "1960-05") when the card records only part of the date. */
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'X' | null;
  nationality: string | null;
  ethnicity: string | null;
  religion: string | null;
  placeOfOrigin: string | null;
  placeOfResidence: string | null;
  identifyingMarks: string | null;
  dateOfIssue: string | null;
  /** Null when absent and also for a card without expiry (see noExpiry). */
  dateOfExpiry: string | null;
  noExpiry: boolean;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  oldIdNumber: string | null;
  /** Fields with an INTEGER this parser does not name (e.g. 16), as text. */
  extra: Record<number, string>;
}

/** Field numbers of the CCCD DG13. */
export const DG13_FIELD = {
  idNumber: 1,
  fullName: 2,
  dateOfBirth: 3,
  sex: 4,
  nationality: 5,
  ethnicity: 6,
  religion: 7,
  placeOfOrigin: 8,
  placeOfResidence: 9,
  identifyingMarks: 10,
  dateOfIssue: 11,
  dateOfExpiry: 12,
  parents: 13,
  spouse: 14,
  oldIdNumber: 15,
} as const;

/** The DG13 header: version 1 and the ISO/IEC 10646 UTF-8 encoding-form OID 1.0.10646.1.0.8. */
export const DG13_VERSION = 1;
export const DG13_UTF8_OID_DER = Uint8Array.of(0x06, 0x06, 0x28, 0xd3, 0x16, 0x01, 0x00, 0x08);
export const NO_EXPIRY_TEXT = 'Không thời hạn';

function malformed(message: string, cause?: unknown): EmrtdError {
  return new EmrtdError('LDS_MALFORMED', `DG13: ${message}`, cause === undefined ? undefined : { cause });
}

function childrenOf(t: Tlv): Tlv[] {
  try {
    return decodeTlvList(t.value, { skipPadding: true });
  } catch (cause) {
    throw malformed('nested TLV does not decode', cause);
  }
}

/** Children of a field's nested value, or null when they do not decode (that one field is skipped). */
function tryChildren(t: Tlv): Tlv[] | null {
  try {
    return decodeTlvList(t.value, { skipPadding: true });
  } catch {
    return null;
  }
}

/** A SEQUENCE { INTEGER n, value… } with a small non-negative n, or null. */
function fieldNumber(t: Tlv): { n: number; values: Tlv[] } | null {
  if (t.tag !== 0x30 || !t.constructed) return null;
  const items = tryChildren(t);
  if (!items) return null;
  const first = items[0];
  if (!first || first.tag !== 0x02 || first.value.length < 1 || first.value.length > 4 || first.value[0] & 0x80) return null;
  let n = 0;
  for (const b of first.value) n = n * 256 + b;
  return { n, values: items.slice(1) };
}

function isFieldEntry(t: Tlv): boolean {
  if (t.tag !== 0x30 || !t.constructed) return false;
  const items = tryChildren(t) ?? [];
  // The header SEQUENCE also starts with an INTEGER; its OID and SET tell it apart.
  return items.length >= 1 && items[0].tag === 0x02 && !items.some((x) => x.tag === 0x06 || x.tag === 0x31);
}

/** Find the list of field SEQUENCEs: inside the SET of the header SEQUENCE, or directly (flat layouts). */
function fieldEntries(top: Tlv[]): Tlv[] {
  let level = top;
  for (let depth = 0; depth < 3; depth++) {
    const set = level.find((t) => t.tag === 0x31 && t.constructed);
    if (set) return childrenOf(set);
    const seqs = level.filter((t) => t.tag === 0x30 && t.constructed);
    if (seqs.length === 1 && !isFieldEntry(seqs[0])) {
      level = childrenOf(seqs[0]);
      continue;
    }
    break;
  }
  return level;
}

const decoderUtf8 = new TextDecoder('utf-8', { fatal: true });
const decoderLatin1 = new TextDecoder('latin1');

function decodeUtf8OrLatin1(v: Uint8Array): string {
  try {
    return decoderUtf8.decode(v);
  } catch {
    return decoderLatin1.decode(v);
  }
}

function decodeUtf16be(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 1 < v.length; i += 2) s += String.fromCharCode((v[i] << 8) | v[i + 1]);
  return s;
}

function decodeUtf32be(v: Uint8Array): string {
  let s = '';
  for (let i = 0; i + 3 < v.length; i += 4) {
    const cp = ((v[i] << 24) >>> 0) + ((v[i + 1] << 16) | (v[i + 2] << 8) | v[i + 3]);
    s += cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) ? String.fromCodePoint(cp) : '\uFFFD';
  }
  return s;
}

function clean(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\u0000+$/g, '').normalize('NFC').trim();
}

/** Text of a primitive value, whatever string type the issuer chose. */
function primitiveText(t: Tlv): string {
  switch (t.tag) {
    case 0x1e: // BMPString
      return clean(decodeUtf16be(t.value));
    case 0x1c: // UniversalString
      return clean(decodeUtf32be(t.value));
    case 0x14: // T61String: treat as Latin-1
      return clean(decoderLatin1.decode(t.value));
    case 0x02: // INTEGER where text was expected: keep its digits
      return t.value.length <= 6 ? String(t.value.reduce((a, b) => a * 256 + b, 0)) : hex(t.value);
    default: {
      // UTF8String 0C, PrintableString 13, IA5String 16, VisibleString 1A, NumericString 12, OCTET STRING 04, …
      const s = decodeUtf8OrLatin1(t.value);
      return clean(s);
    }
  }
}

/** All text leaves of a field's values, in order (nested SEQUENCEs flattened; empty strings kept). */
function texts(values: Tlv[], depth = 0): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (v.constructed) {
      const inner = depth < 4 ? tryChildren(v) : null;
      if (inner) out.push(...texts(inner, depth + 1));
    } else out.push(primitiveText(v));
  }
  return out;
}

function orNull(s: string | undefined): string | null {
  return s === undefined || s === '' ? null : s;
}

function foldVietnamese(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * A card date to ISO 8601: "dd/mm/yyyy" (also with - or . or no separator), "mm/yyyy", "yyyy", or already ISO.
 * Day or month 00 (unknown, as on cards of people born before civil registration) gives reduced precision.
 */
export function cardDateToIso(text: string): string | null {
  const s = text.trim();
  let d: number;
  let m: number;
  let y: number;
  let match: RegExpMatchArray | null;
  if ((match = s.match(/^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/)) || (match = s.match(/^(\d{2})(\d{2})(\d{4})$/))) {
    [d, m, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = s.match(/^(\d{4})-(\d{2})-(\d{2})$/))) {
    [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = s.match(/^(\d{1,2})[/.-](\d{4})$/))) {
    [d, m, y] = [0, Number(match[1]), Number(match[2])];
  } else if ((match = s.match(/^(\d{4})$/))) {
    [d, m, y] = [0, 0, Number(match[1])];
  } else return null;
  if (y < 1800 || y > 9999 || m > 12 || d > 31) return null;
  if (m === 0) return d === 0 ? pad(y, 4) : null;
  if (d === 0) return `${pad(y, 4)}-${pad(m, 2)}`;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null; // 31/02 and the like
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

function sexOf(text: string | null): PersonalData['sex'] {
  if (text === null) return null;
  const f = foldVietnamese(text);
  if (f === 'nam' || f === 'm' || f === 'male') return 'M';
  if (f === 'nu' || f === 'f' || f === 'female') return 'F';
  return 'X';
}

export function parseDg13(bytes: Uint8Array): PersonalData {
  let outer: Tlv;
  try {
    outer = decodeTlv(bytes, 0);
  } catch (cause) {
    throw malformed('does not decode', cause);
  }
  if (outer.tag !== 0x6d) throw malformed(`outer tag ${outer.tag.toString(16)}, expected 6D`);
  if (!outer.constructed) throw malformed('outer tag 6D must be constructed');

  const fields = new Map<number, string[]>();
  for (const entry of fieldEntries(childrenOf(outer))) {
    const f = fieldNumber(entry);
    if (f && !fields.has(f.n)) fields.set(f.n, texts(f.values));
  }

  const text = (n: number): string | null => orNull(fields.get(n)?.find((s) => s !== '') ?? undefined);
  const date = (n: number): string | null => {
    const t = text(n);
    return t === null ? null : cardDateToIso(t);
  };

  const expiryText = text(DG13_FIELD.dateOfExpiry);
  const noExpiry = expiryText !== null && foldVietnamese(expiryText) === foldVietnamese(NO_EXPIRY_TEXT);
  const parents = fields.get(DG13_FIELD.parents) ?? [];
  const spouse = fields.get(DG13_FIELD.spouse) ?? [];

  const extra: Record<number, string> = {};
  const named = new Set<number>(Object.values(DG13_FIELD));
  for (const [n, values] of fields) {
    if (named.has(n)) continue;
    const joined = values.filter((s) => s !== '').join(', ');
    if (joined !== '') extra[n] = joined;
  }

  return {
    idNumber: text(DG13_FIELD.idNumber),
    fullName: text(DG13_FIELD.fullName),
    dateOfBirth: date(DG13_FIELD.dateOfBirth),
    sex: sexOf(text(DG13_FIELD.sex)),
    nationality: text(DG13_FIELD.nationality),
    ethnicity: text(DG13_FIELD.ethnicity),
    religion: text(DG13_FIELD.religion),
    placeOfOrigin: text(DG13_FIELD.placeOfOrigin),
    placeOfResidence: text(DG13_FIELD.placeOfResidence),
    identifyingMarks: text(DG13_FIELD.identifyingMarks),
    dateOfIssue: date(DG13_FIELD.dateOfIssue),
    dateOfExpiry: noExpiry ? null : date(DG13_FIELD.dateOfExpiry),
    noExpiry,
    fatherName: orNull(parents[0]),
    motherName: orNull(parents[1]),
    spouseName: orNull(spouse.find((s) => s !== '')),
    oldIdNumber: text(DG13_FIELD.oldIdNumber),
    extra,
  };
}
