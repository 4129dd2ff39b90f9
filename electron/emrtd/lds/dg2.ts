// DG2, the encoded face (9303-10 §4.7.2): 75 { 7F61 BIT group { 02 count, 7F60 { A1 BHT, 5F2E|7F2E BDB } … } }.
// A 5F2E BDB holds an ISO/IEC 19794-5:2005 record; a 7F2E BDB holds either the same record (some issuers)
// or an ISO/IEC 39794-5 block — the BHT format type (0008 vs 002A) and the 'FAC\0' magic tell them apart.
// Format and size come from the image bytes themselves, never from the declared header values.
import { EmrtdError } from '../errors.ts';
import { decodeTlv } from '../tlv.ts';
import type { Tlv } from '../tlv.ts';
import type { BiometricInfoTemplate } from './cbeff.ts';
import { BIOMETRIC_TYPE_FACE, FORMAT_TYPE_FACE_39794_5, TAG_BDB, parseBitGroup } from './cbeff.ts';
import type { ImageFormat } from './image-info.ts';
import { detectImageFormat, imageSize } from './image-info.ts';
import { isFaceRecord, parseFaceRecord } from './iso19794-5.ts';
import { parseFaceImageDataBlock } from './iso39794-5.ts';

export type FaceStandard = '19794-5' | '39794-5';

export interface Dg2Face {
  format: ImageFormat;
  /** The image exactly as embedded: a view into the DG2 bytes (wiping either wipes both). */
  image: Uint8Array;
  width: number;
  height: number;
  standard: FaceStandard;
  /** Offset of the image within the DG2 bytes. */
  imageOffset: number;
}

export interface Dg2 {
  faces: Dg2Face[];
}

function offsetIn(root: Uint8Array, view: Uint8Array): number {
  // Every TLV value is a subarray of the DG2 buffer, so the byte offsets differ by the position.
  return view.byteOffset - root.byteOffset;
}

function face(root: Uint8Array, image: Uint8Array, standard: FaceStandard, declared?: { width: number; height: number }): Dg2Face {
  const format = detectImageFormat(image);
  if (!format) throw new EmrtdError('UNSUPPORTED', 'DG2: portrait is neither JPEG nor JPEG 2000');
  const size = imageSize(image) ?? (declared && declared.width > 0 && declared.height > 0 ? declared : null);
  if (!size) throw new EmrtdError('LDS_MALFORMED', 'DG2: portrait size unreadable');
  return { format, image, width: size.width, height: size.height, standard, imageOffset: offsetIn(root, image) };
}

function facesOf(root: Uint8Array, bit: BiometricInfoTemplate): Dg2Face[] {
  const { header, bdb } = bit;
  if (header.biometricType !== null && header.biometricType !== BIOMETRIC_TYPE_FACE) {
    throw new EmrtdError('LDS_MALFORMED', `DG2: biometric type ${header.biometricType}, expected face (2)`);
  }
  const is19794 = bdb.tag === TAG_BDB || (isFaceRecord(bdb.value) && header.formatType !== FORMAT_TYPE_FACE_39794_5);
  if (is19794) {
    return parseFaceRecord(bdb.value).map((r) =>
      face(root, bdb.value.subarray(r.imageOffset, r.imageOffset + r.imageLength), '19794-5', r),
    );
  }
  return parseFaceImageDataBlock(bdb.value).map((f) => face(root, f.image, '39794-5'));
}

export function parseDg2(bytes: Uint8Array): Dg2 {
  let outer: Tlv;
  try {
    outer = decodeTlv(bytes, 0);
  } catch (cause) {
    throw new EmrtdError('LDS_MALFORMED', 'DG2: does not decode', { cause });
  }
  if (outer.tag !== 0x75) throw new EmrtdError('LDS_MALFORMED', `DG2: outer tag ${outer.tag.toString(16)}, expected 75`);
  const faces = parseBitGroup(outer.value).flatMap((bit) => facesOf(bytes, bit));
  if (faces.length === 0) throw new EmrtdError('LDS_MALFORMED', 'DG2: no face image');
  return { faces };
}
