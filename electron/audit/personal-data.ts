// Guards that keep personal data out of audit events and logs (ARCHITECTURE: "a keyed hash of the ID number
// where correlation is needed"). The guard is a tripwire, not a classifier: it rejects values that look like
// an ID number (9 or more consecutive digits: CMND has 9, CCCD 12) so a slip is caught by tests.
import { createHmac } from 'node:crypto';

const ID_LIKE = /\d{9,}/;
// Random UUIDs (record ids, request ids) often hold long digit runs by chance; they are not personal.
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** True if a string carries a run of digits as long as a Vietnamese ID number (UUIDs aside). */
export function looksLikeIdNumber(text: string): boolean {
  return ID_LIKE.test(text.replace(UUID, '-'));
}

/**
 * A keyed, truncated hash of an ID number (HMAC-SHA-256, 128 bits, base64url) for correlating events of one
 * citizen without storing the number. Without the key the value cannot be reversed by enumerating the
 * 10^12 possible CCCD numbers, which a plain hash would allow. base64url, not hex: hex text has long digit
 * runs often enough to trip the ID-number guard.
 */
export function pseudonymizeId(idNumber: string, key: Uint8Array): string {
  return createHmac('sha256', key).update(idNumber, 'utf8').digest().subarray(0, 16).toString('base64url');
}
