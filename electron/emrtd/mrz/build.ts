// Building MRZs with all check digits: the Vietnamese CCCD TD1 layout (see cccd-layout.ts) and a TD3
// passport (9303-4 §4.2.2), for test fixtures and the software chip.
import { EmrtdError } from '../errors.ts';
import { checkDigit } from './check-digit.ts';
import { documentNumberFromIdNumber, isVnIdNumber, VN_ID_DOCUMENT_CODE, VN_ISSUER, vnOptionalData } from './cccd-layout.ts';
import { isValidMrzDate } from './dates.ts';
import { mrzNameField } from './names.ts';
import type { MrzSex } from './types.ts';

export interface Td1VnFields {
  /** The 12-digit personal ID number. */
  idNumber: string;
  /** YYMMDD. */
  dateOfBirth: string;
  sex: MrzSex;
  /** YYMMDD, '991231' for no expiry. */
  dateOfExpiry: string;
  /** ASCII or Vietnamese; transliterated to MRZ characters. */
  surname: string;
  givenNames: string;
}

export interface Td3Fields {
  /** 'P' unless told otherwise (9303-4 §4.2.2: P plus an optional second letter). */
  documentCode?: string;
  issuer: string;
  documentNumber: string;
  nationality: string;
  dateOfBirth: string;
  sex: MrzSex;
  dateOfExpiry: string;
  surname: string;
  givenNames: string;
  /** Up to 14 characters; Vietnamese passports put the 12-digit ID number here. */
  personalNumber?: string;
}

function bad(message: string): never {
  throw new EmrtdError('INPUT_INVALID', `MRZ build: ${message}`);
}

function sexChar(sex: MrzSex): string {
  if (sex === 'M' || sex === 'F') return sex;
  if (sex === 'X') return '<';
  return bad('sex must be M, F or X');
}

function checkDates(dateOfBirth: string, dateOfExpiry: string): void {
  if (!isValidMrzDate(dateOfBirth)) bad('the date of birth must be a valid YYMMDD date');
  if (!isValidMrzDate(dateOfExpiry)) bad('the date of expiry must be a valid YYMMDD date');
}

function code(value: string, width: number, what: string): string {
  const v = value.toUpperCase();
  if (v.length === 0 || v.length > width || !/^[A-Z<]+$/.test(v)) bad(`${what} must be 1–${width} letters`);
  return v.padEnd(width, '<');
}

/** The three 30-character lines of a Vietnamese CCCD MRZ. */
export function buildTd1Mrz(f: Td1VnFields): string[] {
  if (!isVnIdNumber(f.idNumber)) bad('the ID number must be 12 digits');
  checkDates(f.dateOfBirth, f.dateOfExpiry);
  const docNumber = documentNumberFromIdNumber(f.idNumber);
  const line1 = `${VN_ID_DOCUMENT_CODE}${VN_ISSUER}${docNumber}${checkDigit(docNumber)}${vnOptionalData(f.idNumber)}`;
  const dob = `${f.dateOfBirth}${checkDigit(f.dateOfBirth)}`;
  const doe = `${f.dateOfExpiry}${checkDigit(f.dateOfExpiry)}`;
  const optional2 = '<'.repeat(11);
  // 9303-5 §4.2.2 composite: line 1 positions 6–30, line 2 positions 1–7, 9–15, 19–29.
  const composite = checkDigit(line1.slice(5, 30) + dob + doe + optional2);
  const line2 = `${dob}${sexChar(f.sex)}${doe}${VN_ISSUER}${optional2}${composite}`;
  const line3 = mrzNameField(f.surname, f.givenNames, 30);
  return [line1, line2, line3];
}

/** The two 44-character lines of a TD3 (passport) MRZ. */
export function buildTd3Mrz(f: Td3Fields): string[] {
  const docNumber = f.documentNumber.toUpperCase();
  if (!/^[0-9A-Z<]{1,9}$/.test(docNumber)) bad('the TD3 document number must be 1–9 of 0–9, A–Z, <');
  checkDates(f.dateOfBirth, f.dateOfExpiry);
  const personal = (f.personalNumber ?? '').toUpperCase();
  if (!/^[0-9A-Z<]{0,14}$/.test(personal)) bad('the personal number must be at most 14 of 0–9, A–Z, <');
  const personalField = personal.padEnd(14, '<');
  // 9303-4 §4.2.2: an unused personal number takes '<' as its check digit.
  const personalDigit = /^<*$/.test(personalField) ? '<' : checkDigit(personalField);
  const doc = `${docNumber.padEnd(9, '<')}${checkDigit(docNumber.padEnd(9, '<'))}`;
  const dob = `${f.dateOfBirth}${checkDigit(f.dateOfBirth)}`;
  const doe = `${f.dateOfExpiry}${checkDigit(f.dateOfExpiry)}`;
  const composite = checkDigit(doc + dob + doe + personalField + personalDigit);
  const line1 = `${code(f.documentCode ?? 'P', 2, 'the document code')}${code(f.issuer, 3, 'the issuer')}${mrzNameField(f.surname, f.givenNames, 39)}`;
  const line2 = `${doc}${code(f.nationality, 3, 'the nationality')}${dob}${sexChar(f.sex)}${doe}${personalField}${personalDigit}${composite}`;
  return [line1, line2];
}
