// Where the BAC / PACE password comes from (9303-11 §4.3.2 MRZ information, §9.7.3 CAN): the printed or
// scanned MRZ, the operator's ID number + dates, the card's QR code (one key per plausible expiry), or the
// 6-digit card access number.
import { EmrtdError } from '../errors.ts';
import { documentNumberFromIdNumber, isVnIdNumber } from '../mrz/cccd-layout.ts';
import { isValidMrzDate, isoToMrzDate, NO_EXPIRY } from '../mrz/dates.ts';
import { mrzInformation, mrzInformationFrom } from '../mrz/mrz-info.ts';
import { parseMrz } from '../mrz/parse.ts';
import { expiryCandidates, parseCccdQr } from './qr.ts';

export type AccessKey =
  | { kind: 'mrz'; mrzInformation: string; documentNumber: string; dateOfBirth: string; dateOfExpiry: string }
  | { kind: 'can'; can: string };

function invalid(message: string): never {
  throw new EmrtdError('INPUT_INVALID', message);
}

/** From a full MRZ (OCR or keyboard-wedge scan); MRZ_INVALID if it does not parse or a check digit fails. */
export function accessKeyFromMrz(text: string): AccessKey {
  const mrz = parseMrz(text);
  return {
    kind: 'mrz',
    mrzInformation: mrzInformation(mrz),
    documentNumber: mrz.documentNumber,
    dateOfBirth: mrz.dateOfBirth,
    dateOfExpiry: mrz.dateOfExpiry,
  };
}

/** From the 12-digit ID number and the dates (YYMMDD) printed on a CCCD; the document number is its last 9 digits. */
export function accessKeyFromTriple(idNumber12: string, dateOfBirth: string, dateOfExpiry: string): AccessKey {
  const id = typeof idNumber12 === 'string' ? idNumber12.trim() : '';
  if (!isVnIdNumber(id)) invalid('ID number: expected 12 digits');
  if (typeof dateOfBirth !== 'string' || !isValidMrzDate(dateOfBirth)) invalid('date of birth: expected a valid YYMMDD date');
  if (typeof dateOfExpiry !== 'string' || (dateOfExpiry !== NO_EXPIRY && !isValidMrzDate(dateOfExpiry))) {
    invalid('date of expiry: expected a valid YYMMDD date or 991231');
  }
  const documentNumber = documentNumberFromIdNumber(id);
  return {
    kind: 'mrz',
    mrzInformation: mrzInformationFrom(documentNumber, dateOfBirth, dateOfExpiry),
    documentNumber,
    dateOfBirth,
    dateOfExpiry,
  };
}

/** From the card's QR code: one key per plausible date of expiry (at most 5, most likely first). */
export function accessKeysFromQr(payload: string, today: Date = new Date()): AccessKey[] {
  const qr = parseCccdQr(payload);
  const dob = isoToMrzDate(qr.dateOfBirth);
  return expiryCandidates(qr.dateOfBirth, qr.dateOfIssue, today).map((doe) => accessKeyFromTriple(qr.idNumber, dob, doe));
}

/** From the 6-digit card access number printed on the card (PACE with CAN, 9303-11 §9.7.3). */
export function accessKeyFromCan(can: string): AccessKey {
  const c = typeof can === 'string' ? can.trim() : '';
  if (!/^[0-9]{6}$/.test(c)) invalid('CAN: expected 6 digits');
  return { kind: 'can', can: c };
}
