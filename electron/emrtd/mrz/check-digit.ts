// MRZ check digits, ICAO 9303-3 §4.9: weights 7,3,1 repeating; digits count as their value, A–Z as 10–35,
// the filler '<' as 0; the check digit is the weighted sum modulo 10.
import { EmrtdError } from '../errors.ts';

const WEIGHTS = [7, 3, 1] as const;

/** The numeric value of one MRZ character (9303-3 §4.9), or -1 if it is not an MRZ character. */
export function mrzCharValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (ch.length !== 1) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  if (c === 0x3c) return 0;
  return -1;
}

/** The check digit ('0'–'9') over `field`, which must consist of MRZ characters (0–9, A–Z, '<'). */
export function checkDigit(field: string): string {
  let sum = 0;
  for (let i = 0; i < field.length; i++) {
    const v = mrzCharValue(field[i]);
    if (v < 0) {
      throw new EmrtdError('MRZ_INVALID', `MRZ: character ${JSON.stringify(field[i])} at ${i + 1} is not an MRZ character`);
    }
    sum += v * WEIGHTS[i % 3];
  }
  return String(sum % 10);
}

/** True when `digit` is the check digit of `field` (a '<' never is, unless `fillerAllowed` and the field is all fillers). */
export function checkDigitMatches(field: string, digit: string, fillerAllowed = false): boolean {
  if (digit === '<') return fillerAllowed && /^<*$/.test(field);
  return /^[0-9]$/.test(digit) && checkDigit(field) === digit;
}
