// MRZ dates (9303-3 §4.7: YYMMDD, two-digit year) and their ISO 8601 calendar form.
import { EmrtdError } from '../errors.ts';
import type { EmrtdErrorCode } from '../errors.ts';

/** Printed as the date of expiry on Vietnamese cards that never expire (issued at 58 or later). */
export const NO_EXPIRY = '991231';

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isValidCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

/** Today's date as YYYY-MM-DD in UTC (a birth decision one day off at midnight does not matter). */
export function todayIso(today: Date = new Date()): string {
  return isoDate(today.getUTCFullYear(), today.getUTCMonth() + 1, today.getUTCDate());
}

/**
 * True for six digits forming a real calendar date. The century is unknown, so 29 February is accepted in
 * any year divisible by four ('00' counts as 2000).
 */
export function isValidMrzDate(yymmdd: string): boolean {
  if (!/^[0-9]{6}$/.test(yymmdd)) return false;
  const yy = Number(yymmdd.slice(0, 2));
  return isValidCalendarDate(2000 + yy, Number(yymmdd.slice(2, 4)), Number(yymmdd.slice(4, 6)));
}

// Messages name the field, never its value: dates of birth are personal data and errors may be logged.
function fail(code: EmrtdErrorCode, what: string): never {
  throw new EmrtdError(code, `${what} is not a valid date`);
}

/**
 * ISO date of an MRZ date. Birth: the century that puts the date in the past (on or before `today`).
 * Expiry: '991231' means no expiry (null), otherwise 20YY.
 */
export function mrzDateToIso(yymmdd: string, kind: 'birth' | 'expiry', today: Date = new Date()): string | null {
  if (!isValidMrzDate(yymmdd)) fail('MRZ_INVALID', `MRZ date of ${kind}`);
  if (kind === 'expiry' && yymmdd === NO_EXPIRY) return null;
  const yy = Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  let year = 2000 + yy;
  if (kind === 'birth' && isoDate(year, month, day) > todayIso(today)) year -= 100;
  // 29 February of a century year that is not a leap year (1900) does not exist.
  if (!isValidCalendarDate(year, month, day)) fail('MRZ_INVALID', `MRZ date of ${kind}`);
  return isoDate(year, month, day);
}

/** Split a strict YYYY-MM-DD calendar date, or null. */
export function parseIsoDate(iso: string): { year: number; month: number; day: number } | null {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(iso);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return isValidCalendarDate(year, month, day) ? { year, month, day } : null;
}

/** YYMMDD of an ISO calendar date (YYYY-MM-DD). */
export function isoToMrzDate(iso: string): string {
  const d = typeof iso === 'string' ? parseIsoDate(iso) : null;
  if (!d) fail('INPUT_INVALID', 'ISO date');
  return `${pad2(d.year % 100)}${pad2(d.month)}${pad2(d.day)}`;
}
