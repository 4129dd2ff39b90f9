// Turn image bytes (chip portrait, camera frame, photo) into RGB, by content not by file name: JPEG, PNG,
// JPEG 2000 (JP2 box file or raw J2K codestream). Size limits are checked on the header, before any pixel
// buffer is allocated, so a hostile or broken image costs a typed error, not the worker.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { FaceError } from './errors.ts';
import { decodeJpeg2000 } from './jpeg2000.ts';
import { rgbaToRgb, type RgbImage } from './image.ts';

export type ImageFormat = 'jpeg' | 'png' | 'jp2' | 'j2k';

export interface DecodeLimits {
  /** Largest encoded size accepted. */
  maxBytes: number;
  /** Largest width × height accepted. */
  maxPixels: number;
}

export function sniffFormat(b: Uint8Array): ImageFormat | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'png';
  // ISO/IEC 15444-1 Annex I: the JP2 signature box, 0000000C 6A502020 0D0A870A.
  if (b.length >= 12 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 0x0c && b[4] === 0x6a && b[5] === 0x50) return 'jp2';
  // Annex A: a bare codestream starts with SOC (FF4F) then SIZ (FF51).
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0x4f && b[2] === 0xff && b[3] === 0x51) return 'j2k';
  return null;
}

/** Width and height from a JPEG's SOFn segment (ITU-T T.81 B.2.2), or null when none is found. */
export function jpegSize(b: Uint8Array): { width: number; height: number } | null {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1; // fill byte
      continue;
    }
    const len = (b[i + 2] << 8) | b[i + 3];
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: (b[i + 5] << 8) | b[i + 6], width: (b[i + 7] << 8) | b[i + 8] };
    if (marker === 0xda || len < 2) return null;
    i += 2 + len;
  }
  return null;
}

function checkPixels(width: number, height: number, limits: DecodeLimits, what: string): void {
  if (width <= 0 || height <= 0) throw new FaceError('IMAGE_CORRUPT', `${what} has no size`);
  if (width * height > limits.maxPixels) {
    throw new FaceError('FRAME_TOO_LARGE', `${what} of ${width}×${height} exceeds ${limits.maxPixels} pixels`);
  }
}

function decodeJpeg(bytes: Uint8Array, limits: DecodeLimits): RgbImage {
  const size = jpegSize(bytes);
  if (!size) throw new FaceError('IMAGE_CORRUPT', 'JPEG without a frame header');
  checkPixels(size.width, size.height, limits, 'JPEG');
  try {
    const img = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      tolerantDecoding: true,
      maxResolutionInMP: limits.maxPixels / 1e6,
      maxMemoryUsageInMB: Math.ceil((limits.maxPixels * 8) / 1e6) + 16,
    });
    if (img.width * img.height * 3 !== img.data.length) throw new Error('short pixel buffer');
    return { width: img.width, height: img.height, data: img.data };
  } catch (err) {
    throw new FaceError('IMAGE_CORRUPT', 'JPEG does not decode', { cause: err });
  }
}

function decodePng(bytes: Uint8Array, limits: DecodeLimits): RgbImage {
  // IHDR is always first (ISO/IEC 15948 §11.2.2): width and height at bytes 16..23.
  if (bytes.length < 33) throw new FaceError('IMAGE_CORRUPT', 'PNG too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  checkPixels(view.getUint32(16), view.getUint32(20), limits, 'PNG');
  let png: { width: number; height: number; data: Uint8Array };
  try {
    png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw new FaceError('IMAGE_CORRUPT', 'PNG does not decode', { cause: err });
  }
  const rgb = rgbaToRgb(png.data, png.width, png.height);
  png.data.fill(0);
  return rgb;
}

export async function decodeImage(bytes: Uint8Array, limits: DecodeLimits): Promise<RgbImage> {
  if (bytes.length > limits.maxBytes) {
    throw new FaceError('FRAME_TOO_LARGE', `image of ${bytes.length} bytes exceeds ${limits.maxBytes}`);
  }
  switch (sniffFormat(bytes)) {
    case 'jpeg':
      return decodeJpeg(bytes, limits);
    case 'png':
      return decodePng(bytes, limits);
    case 'jp2':
    case 'j2k':
      return decodeJpeg2000(bytes, limits.maxPixels);
    default:
      throw new FaceError('IMAGE_CORRUPT', 'not a JPEG, PNG or JPEG 2000 image');
  }
}
