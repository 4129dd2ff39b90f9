// The MRZ information that seeds the BAC / PACE-with-MRZ key, 9303-11 §4.3.2 (Appendix D.2):
// document number (at least 9 characters, filler-padded) ‖ its check digit ‖ date of birth ‖ check digit ‖
// date of expiry ‖ check digit. A TD1 long document number (9303-5 §4.2.4) is used in full with its own
// check digit (9303-11 §4.3.2 Note).
import { EmrtdError } from '../errors.ts';
import { checkDigit } from './check-digit.ts';
import type { Mrz } from './types.ts';

function bad(message: string): never {
  throw new EmrtdError('INPUT_INVALID', `MRZ information: ${message}`);
}

export function mrzInformationFrom(documentNumber: string, dateOfBirth: string, dateOfExpiry: string): string {
  if (typeof documentNumber !== 'string' || typeof dateOfBirth !== 'string' || typeof dateOfExpiry !== 'string') {
    bad('fields must be strings');
  }
  const doc = documentNumber.trim().toUpperCase().replace(/<+$/, '');
  if (doc === '' || !/^[0-9A-Z<]+$/.test(doc)) bad('the document number must be 1 or more of 0–9, A–Z, <');
  if (!/^[0-9]{6}$/.test(dateOfBirth)) bad('the date of birth must be YYMMDD');
  if (!/^[0-9]{6}$/.test(dateOfExpiry)) bad('the date of expiry must be YYMMDD');
  const padded = doc.padEnd(9, '<');
  return `${padded}${checkDigit(padded)}${dateOfBirth}${checkDigit(dateOfBirth)}${dateOfExpiry}${checkDigit(dateOfExpiry)}`;
}

export function mrzInformation(mrz: Mrz): string {
  return mrzInformationFrom(mrz.documentNumber, mrz.dateOfBirth, mrz.dateOfExpiry);
}
