// DG1: the MRZ on the chip, 9303-10 §4.7.1: tag 61 { 5F1F MRZ data elements } (ASCII, lines concatenated).
import { ascii, toAscii } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import { parseMrz } from '../mrz/parse.ts';
import type { Mrz } from '../mrz/types.ts';
import { expectTlv, findTlv, encodeTlv } from '../tlv.ts';

const TAG_DG1 = 0x61;
const TAG_MRZ = 0x5f1f;

export interface ParseDg1Options {
  /**
   * Throw MRZ_INVALID on a failed check digit. Off by default: DG1's integrity comes from its hash in
   * EF.SOD, and an issuer's check-digit slip must not lock a genuine holder out; `checks` reports it.
   */
  strict?: boolean;
}

export function parseDg1(bytes: Uint8Array, options: ParseDg1Options = {}): Mrz {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) throw new EmrtdError('LDS_MALFORMED', 'DG1: empty');
  const outer = expectTlv(bytes, TAG_DG1, 'DG1');
  const mrzTlv = findTlv(outer.value, TAG_MRZ);
  if (!mrzTlv) throw new EmrtdError('LDS_MALFORMED', 'DG1: no MRZ data element (5F1F)');
  const text = toAscii(mrzTlv.value);
  if (text.length === 72) throw new EmrtdError('UNSUPPORTED', 'DG1: TD2 MRZ (72 characters) is not supported');
  // Whitespace is not an MRZ character: on the chip the lines are concatenated with nothing between them.
  if (/[^0-9A-Z<]/.test(text)) throw new EmrtdError('MRZ_INVALID', 'DG1: the MRZ contains characters outside 0–9, A–Z, <');
  return parseMrz(text, { lenient: options.strict !== true });
}

export function encodeDg1(lines: string[]): Uint8Array {
  const text = Array.isArray(lines) ? lines.join('') : '';
  if (text.length !== 90 && text.length !== 88) {
    throw new EmrtdError('MRZ_INVALID', `DG1: expected a TD1 (90) or TD3 (88) MRZ, found ${text.length} characters`);
  }
  if (/[^0-9A-Z<]/.test(text)) throw new EmrtdError('MRZ_INVALID', 'DG1: the MRZ contains characters outside 0–9, A–Z, <');
  return encodeTlv(TAG_DG1, encodeTlv(TAG_MRZ, ascii(text)));
}
