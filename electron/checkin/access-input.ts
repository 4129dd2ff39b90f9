// What the person typed on the keypad (12-digit ID, dates as printed: day/month/year) or what the camera read
// from the card's QR code, turned into BAC/PACE access keys. Input slips are ACCESS_KEY_INVALID (shown on the
// key screen), never a protocol error.
import type { AccessKeyInput } from '../contract/kiosk-api.ts';
import { KioskError } from '../contract/errors.ts';
import { accessKeyFromTriple, accessKeysFromQr, type AccessKey } from '../emrtd/access/access-key.ts';
import { NO_EXPIRY } from '../emrtd/mrz/dates.ts';

/** ddMMyyyy (separators allowed) → YYMMDD, or null when it is not a calendar date. */
export function printedDateToMrz(text: string): string | null {
  const m = /^([0-9]{2})[/.\- ]?([0-9]{2})[/.\- ]?([0-9]{4})$/.exec(text.trim());
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${String(year % 100).padStart(2, '0')}${m[2]}${m[1]}`;
}

export function accessKeysFromInput(input: AccessKeyInput, today: Date = new Date()): AccessKey[] {
  try {
    if (input.kind === 'qr') return accessKeysFromQr(input.payload, today);
    const id = input.idNumber.replace(/\s+/g, '');
    if (!/^[0-9]{12}$/.test(id)) throw new KioskError('ACCESS_KEY_INVALID', 'ID number: 12 digits');
    const dob = printedDateToMrz(input.dateOfBirth);
    if (!dob) throw new KioskError('ACCESS_KEY_INVALID', 'date of birth');
    const doe = input.dateOfExpiry === 'none' ? NO_EXPIRY : printedDateToMrz(input.dateOfExpiry);
    if (!doe) throw new KioskError('ACCESS_KEY_INVALID', 'date of expiry');
    return [accessKeyFromTriple(id, dob, doe)];
  } catch (e) {
    if (e instanceof KioskError) throw e;
    // EmrtdError INPUT_INVALID / QR_INVALID: a slip in what was typed or scanned.
    throw new KioskError('ACCESS_KEY_INVALID', 'access key input', { cause: e });
  }
}
