// ISO/IEC 19794-5:2005 face image records, the biometric data block of DG2 (9303-10 §4.7.2.1 "BDB":
// the 2005 edition is the one ICAO references). Layout (big-endian):
//   record header  (14): 'FAC\0', version '010\0', record length (4), number of facial images (2)
//   per image: facial information (20): block length (4), feature points (2), gender (1), eye colour (1),
//              hair colour (1), feature mask (3), expression (2), pose angles (3), pose uncertainty (3)
//              feature points (8 each), image information (12): face image type (1), image data type (1),
//              width (2), height (2), colour space (1), source type (1), device type (2), quality (2)
//              image data (the rest of the block)
import { EmrtdError } from '../errors.ts';

export const FAC_MAGIC = Uint8Array.of(0x46, 0x41, 0x43, 0x00); // 'FAC\0'
export const FAC_VERSION_2005 = Uint8Array.of(0x30, 0x31, 0x30, 0x00); // '010\0'
export const RECORD_HEADER_LENGTH = 14;
export const FACIAL_INFO_LENGTH = 20;
export const FEATURE_POINT_LENGTH = 8;
export const IMAGE_INFO_LENGTH = 12;

export const IMAGE_DATA_TYPE_JPEG = 0;
export const IMAGE_DATA_TYPE_JPEG2000 = 1;

/** Gender codes (19794-5:2005 §5.5.3). */
export const GENDER_CODES = { unspecified: 0x00, M: 0x01, F: 0x02, unknown: 0xff } as const;

export interface FaceImageRecord {
  gender: 'M' | 'F' | 'X' | null;
  featurePointCount: number;
  faceImageType: number;
  /** 0 JPEG, 1 JPEG 2000 (as declared by the record; the bytes decide). */
  imageDataType: number;
  width: number;
  height: number;
  colourSpace: number;
  sourceType: number;
  /** Offset and length of the image data within the record. */
  imageOffset: number;
  imageLength: number;
}

function malformed(message: string): EmrtdError {
  return new EmrtdError('LDS_MALFORMED', `ISO/IEC 19794-5 record: ${message}`);
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}

function prefixed(b: Uint8Array, prefix: Uint8Array, at = 0): boolean {
  for (let i = 0; i < prefix.length; i++) if (b[at + i] !== prefix[i]) return false;
  return b.length >= at + prefix.length;
}

export function isFaceRecord(bytes: Uint8Array): boolean {
  return prefixed(bytes, FAC_MAGIC);
}

function genderOf(code: number): FaceImageRecord['gender'] {
  if (code === GENDER_CODES.M) return 'M';
  if (code === GENDER_CODES.F) return 'F';
  if (code === GENDER_CODES.unknown) return 'X';
  return null;
}

export function parseFaceRecord(record: Uint8Array): FaceImageRecord[] {
  if (record.length < RECORD_HEADER_LENGTH) throw malformed('shorter than its header');
  if (!isFaceRecord(record)) throw malformed("does not start with 'FAC\\0'");
  if (!prefixed(record, FAC_VERSION_2005, 4)) {
    throw new EmrtdError('UNSUPPORTED', 'ISO/IEC 19794-5 record: only the 2005 edition (version 010) is supported');
  }
  const recordLength = u32(record, 8);
  if (recordLength < RECORD_HEADER_LENGTH || recordLength > record.length) {
    throw malformed(`record length ${recordLength} does not fit the ${record.length}-byte block`);
  }
  const count = u16(record, 12);
  if (count < 1) throw malformed('no facial images');

  const images: FaceImageRecord[] = [];
  let p = RECORD_HEADER_LENGTH;
  for (let n = 0; n < count; n++) {
    if (p + FACIAL_INFO_LENGTH > recordLength) throw malformed(`image ${n + 1} runs past the record`);
    const blockLength = u32(record, p);
    const featurePointCount = u16(record, p + 4);
    const gender = genderOf(record[p + 6]);
    const fixed = FACIAL_INFO_LENGTH + featurePointCount * FEATURE_POINT_LENGTH + IMAGE_INFO_LENGTH;
    if (blockLength <= fixed || p + blockLength > recordLength) {
      throw malformed(`image ${n + 1} block length ${blockLength} is inconsistent`);
    }
    const info = p + FACIAL_INFO_LENGTH + featurePointCount * FEATURE_POINT_LENGTH;
    images.push({
      gender,
      featurePointCount,
      faceImageType: record[info],
      imageDataType: record[info + 1],
      width: u16(record, info + 2),
      height: u16(record, info + 4),
      colourSpace: record[info + 6],
      sourceType: record[info + 7],
      imageOffset: info + IMAGE_INFO_LENGTH,
      imageLength: blockLength - fixed,
    });
    p += blockLength;
  }
  return images;
}
