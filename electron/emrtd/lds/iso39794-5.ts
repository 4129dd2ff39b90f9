// ISO/IEC 39794-5 (the ASN.1-tagged successor of 19794-5, allowed in DG2 by 9303-10 8th ed. for LDS 1.8
// documents), as the ICAO "Application Profile for eMRTDs" puts it under the constructed BDB 7F2E:
//   7F2E { A1 { 65 FaceImageDataBlock ::= [APPLICATION 5] SEQUENCE {
//     versionBlock [0], representationBlocks [1] SEQUENCE OF RepresentationBlock { representationId [0],
//       imageRepresentation [1] { base [0] { imageRepresentation2DBlock [0] {
//         representationData2D [0] OCTET STRING  -- the image --,
//         imageInformation2DBlock [1] { imageDataFormat [0] { code [0] } … } } } } … } } } }
// Structure learnt from JMRTD's org.jmrtd.lds.iso39794 (FaceImageDataBlock, FaceImageRepresentationBlock) and
// gmrtd's ASN.1 types. Only the 2D image and its declared format are taken; the rest is metadata.
import { EmrtdError } from '../errors.ts';
import type { Tlv } from '../tlv.ts';
import { decodeTlv, decodeTlvList } from '../tlv.ts';
import { readUint } from '../bytes.ts';

/** imageDataFormat codes for faces (39794-5 ImageDataFormatCode). */
export const IMAGE_DATA_FORMAT_39794 = { unknown: 0, jpeg: 2, jpeg2000Lossy: 3, jpeg2000Lossless: 4 } as const;

export interface FaceImage39794 {
  /** The representationData2D value: a subarray of the parsed buffer. */
  image: Uint8Array;
  dataFormatCode: number | null;
}

function malformed(message: string, cause?: unknown): EmrtdError {
  return new EmrtdError('LDS_MALFORMED', `ISO/IEC 39794-5 block: ${message}`, cause === undefined ? undefined : { cause });
}

function children(t: Tlv, what: string): Tlv[] {
  if (!t.constructed) throw malformed(`${what} must be constructed`);
  try {
    return decodeTlvList(t.value);
  } catch (cause) {
    throw malformed(`${what} does not decode`, cause);
  }
}

// Context-specific tag numbers as single-byte BER tags: [n] primitive 80+n, constructed A0+n.
function ctx(list: Tlv[], n: number): Tlv | undefined {
  return list.find((t) => t.tag === 0x80 + n || t.tag === 0xa0 + n);
}

function need(list: Tlv[], n: number, what: string): Tlv {
  const t = ctx(list, n);
  if (!t) throw malformed(`${what} [${n}] missing`);
  return t;
}

function representation2D(block: Tlv): FaceImage39794 {
  const imageRepresentation = need(children(block, 'RepresentationBlock'), 1, 'imageRepresentation');
  const base = ctx(children(imageRepresentation, 'imageRepresentation'), 0);
  if (!base) throw new EmrtdError('UNSUPPORTED', 'ISO/IEC 39794-5: representation is an extension block, not an image');
  const twoD = ctx(children(base, 'ImageRepresentationBase'), 0);
  if (!twoD) throw new EmrtdError('UNSUPPORTED', 'ISO/IEC 39794-5: not a 2D image representation (3D shape?)');
  const parts = children(twoD, 'ImageRepresentation2DBlock');
  const data = need(parts, 0, 'representationData2D');
  if (data.constructed) throw malformed('representationData2D must be a primitive OCTET STRING');
  let dataFormatCode: number | null = null;
  const info = ctx(parts, 1);
  if (info?.constructed) {
    const format = ctx(children(info, 'imageInformation2DBlock'), 0);
    if (format?.constructed) {
      const code = ctx(children(format, 'imageDataFormat'), 0);
      if (code && !code.constructed && code.value.length >= 1 && code.value.length <= 4) dataFormatCode = readUint(code.value);
    }
  }
  return { image: data.value, dataFormatCode };
}

/** Images of a 39794-5 BDB (the value of 7F2E). */
export function parseFaceImageDataBlock(bdbValue: Uint8Array): FaceImage39794[] {
  let top: Tlv;
  try {
    top = decodeTlv(bdbValue, 0);
  } catch (cause) {
    throw malformed('does not decode', cause);
  }
  // The profile wraps the block in A1; tolerate its absence as JMRTD does.
  let block = top;
  if (top.tag === 0xa1) {
    const inner = children(top, 'A1 wrapper');
    if (inner.length !== 1) throw malformed('A1 wrapper must hold one FaceImageDataBlock');
    block = inner[0];
  }
  if (block.tag !== 0x65) throw malformed(`expected FaceImageDataBlock [APPLICATION 5], found ${block.tag.toString(16)}`);
  const fields = children(block, 'FaceImageDataBlock');
  need(fields, 0, 'versionBlock');
  const blocks = need(fields, 1, 'representationBlocks');
  const list = children(blocks, 'representationBlocks');
  // SEQUENCE OF RepresentationBlock; some encoders put the single block's fields directly under [1].
  const reps = list.length > 0 && list.every((t) => t.tag === 0x30) ? list : [blocks];
  if (reps.length === 0) throw malformed('no representation blocks');
  return reps.map(representation2D);
}
