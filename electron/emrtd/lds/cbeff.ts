// The CBEFF wrapper of biometric data groups (9303-10 §4.7.2.1 Tables 41–42; ISO/IEC 19785-3 patron
// format, ISO/IEC 7816-11 tags): a Biometric Information Group Template 7F61 { 02 count, 7F60 BIT … },
// each BIT holding a Biometric Header Template A1 and a Biometric Data Block 5F2E (or constructed 7F2E).
import { EmrtdError } from '../errors.ts';
import type { Tlv } from '../tlv.ts';
import { decodeTlv, decodeTlvList } from '../tlv.ts';
import { readUint } from '../bytes.ts';

export const TAG_BIT_GROUP = 0x7f61;
export const TAG_BIT = 0x7f60;
export const TAG_BHT = 0xa1;
export const TAG_BDB = 0x5f2e;
export const TAG_BDB_CONSTRUCTED = 0x7f2e;

// BHT data elements (9303-10 Table 42).
export const BHT_ICAO_HEADER_VERSION = 0x80;
export const BHT_BIOMETRIC_TYPE = 0x81;
export const BHT_BIOMETRIC_SUBTYPE = 0x82;
export const BHT_CREATION_DATE = 0x83;
export const BHT_VALIDITY_PERIOD = 0x85;
export const BHT_CREATOR = 0x86;
export const BHT_FORMAT_OWNER = 0x87;
export const BHT_FORMAT_TYPE = 0x88;

/** CBEFF biometric type "facial features" (ISO/IEC 19785-1). */
export const BIOMETRIC_TYPE_FACE = 0x02;
/** ISO/IEC JTC 1/SC 37 as CBEFF format owner (registered with IBIA). */
export const FORMAT_OWNER_JTC1_SC37 = 0x0101;
/** IBIA format types of the owner 0101: the 19794-5 face record and the 39794-5 g3-binary-face-image. */
export const FORMAT_TYPE_FACE_19794_5 = 0x0008;
export const FORMAT_TYPE_FACE_39794_5 = 0x002a;

export interface BiometricHeader {
  /** Every BHT data element by tag, as encoded. */
  elements: Map<number, Uint8Array>;
  biometricType: number | null;
  formatOwner: number | null;
  formatType: number | null;
}

export interface BiometricInfoTemplate {
  header: BiometricHeader;
  /** The BDB TLV (5F2E or 7F2E); its value is a subarray of the parsed buffer. */
  bdb: Tlv;
}

function malformed(message: string, cause?: unknown): EmrtdError {
  return new EmrtdError('LDS_MALFORMED', `CBEFF: ${message}`, cause === undefined ? undefined : { cause });
}

function tlvList(value: Uint8Array, what: string): Tlv[] {
  try {
    return decodeTlvList(value);
  } catch (cause) {
    throw malformed(`${what}: ${cause instanceof Error ? cause.message : 'bad TLV'}`, cause);
  }
}

function smallUint(v: Uint8Array | undefined): number | null {
  return v && v.length >= 1 && v.length <= 4 ? readUint(v) : null;
}

export function parseBiometricHeader(value: Uint8Array): BiometricHeader {
  const elements = new Map<number, Uint8Array>();
  for (const t of tlvList(value, 'BHT')) elements.set(t.tag, t.value);
  return {
    elements,
    biometricType: smallUint(elements.get(BHT_BIOMETRIC_TYPE)),
    formatOwner: smallUint(elements.get(BHT_FORMAT_OWNER)),
    formatType: smallUint(elements.get(BHT_FORMAT_TYPE)),
  };
}

function parseBit(value: Uint8Array): BiometricInfoTemplate {
  let header: BiometricHeader | null = null;
  let bdb: Tlv | null = null;
  for (const t of tlvList(value, 'BIT')) {
    // ISO/IEC 7816-11 allows A1–AF for headers in a group; 9303 uses A1.
    if (t.tag >= 0xa1 && t.tag <= 0xaf && t.constructed) {
      if (header) throw malformed('BIT with two headers');
      header = parseBiometricHeader(t.value);
    } else if (t.tag === TAG_BDB || t.tag === TAG_BDB_CONSTRUCTED) {
      if (bdb) throw malformed('BIT with two data blocks');
      bdb = t;
    }
  }
  if (!header) throw malformed('BIT without header (A1)');
  if (!bdb) throw malformed('BIT without biometric data block (5F2E/7F2E)');
  return { header, bdb };
}

/**
 * Parse the content of a biometric data group (the value inside DG2's tag 75): the BIT group 7F61 and its
 * templates. The returned BDB values are subarrays of `content`.
 */
export function parseBitGroup(content: Uint8Array): BiometricInfoTemplate[] {
  let group: Tlv;
  try {
    group = decodeTlv(content, 0);
  } catch (cause) {
    throw malformed('BIT group does not decode', cause);
  }
  if (group.tag !== TAG_BIT_GROUP) throw malformed(`expected BIT group 7F61, found ${group.tag.toString(16)}`);
  const items = tlvList(group.value, 'BIT group');
  const countTlv = items.find((t) => t.tag === 0x02);
  if (!countTlv || countTlv.value.length !== 1) throw malformed('BIT group without instance count (02)');
  const count = countTlv.value[0];
  const templates = items.filter((t) => t.tag === TAG_BIT).map((t) => parseBit(t.value));
  if (count < 1 || templates.length !== count) {
    throw malformed(`BIT group announces ${count} templates, holds ${templates.length}`);
  }
  return templates;
}
