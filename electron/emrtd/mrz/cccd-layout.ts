// The Vietnamese citizen identity card (CCCD, from 2021; "thẻ căn cước" from 2024) as a TD1 document.
//
// What real cards print (checked against MRZs of issued cards quoted in public code, e.g.
// `IDVNM0930470641001093047064<<2` / `9301054M3301052VNM<<<<<<<<<<<8` / `UNG<<HOANG<HIEP<<<<<<<<<<<<<<<`,
// every check digit recomputed):
//   line 1: `ID` `VNM`, positions 6–14 the last 9 digits of the 12-digit personal ID number, 15 its check digit,
//           16–27 the full 12-digit ID number, 28–29 `<<`, 30 the check digit of the 12-digit number
//           (the same value as a check digit over positions 16–29, since fillers weigh 0);
//   line 2: standard 9303-5 (DOB, sex, DOE, `VNM`, positions 19–29 all fillers, composite over the usual
//           ranges, which include the whole of line 1 positions 6–30); DOE `991231` on cards that never expire;
//   line 3: SURNAME<<MIDDLE<GIVEN, ASCII without diacritics (Đ → D).
// So the BAC document number is the 9-digit short form, never the 12-digit ID.
import { checkDigit, checkDigitMatches } from './check-digit.ts';

export const VN_ISSUER = 'VNM';
export const VN_ID_DOCUMENT_CODE = 'ID';

export function isVnIdNumber(s: string): boolean {
  return /^[0-9]{12}$/.test(s);
}

/** The MRZ document number of a CCCD: the last 9 digits of the 12-digit ID number. */
export function documentNumberFromIdNumber(idNumber12: string): string {
  return idNumber12.slice(3);
}

/** Line 1 positions 16–30 of a CCCD: the 12-digit ID, `<<`, its check digit. */
export function vnOptionalData(idNumber12: string): string {
  return `${idNumber12}<<${checkDigit(idNumber12)}`;
}

/**
 * The 12-digit ID number in TD1 line-1 optional data (positions 16–30, 15 characters) and whether its check
 * digit holds, or null when the optional data is not in the Vietnamese shape.
 */
export function parseVnOptionalData(optional15: string): { idNumber: string; check: boolean } | null {
  const m = /^([0-9]{12})<<([0-9<])$/.exec(optional15);
  if (!m) return null;
  return { idNumber: m[1], check: checkDigitMatches(m[1], m[2]) };
}

/**
 * The 12-digit ID number in a TD3 personal-number field (positions 29–42 of line 2, 14 characters), as
 * Vietnamese passports carry it, or null.
 */
export function parseVnPersonalNumber(personal14: string): string | null {
  const m = /^([0-9]{12})<<$/.exec(personal14);
  return m ? m[1] : null;
}
