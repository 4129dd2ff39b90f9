// JPEG 2000 portraits (ISO/IEC 15444-1; 9303-10 allows JPEG 2000 in DG2): decoded with OpenJPEG compiled to
// WASM (@cornerstonejs/codec-openjpeg). The .wasm is read from the installed package, never fetched.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FaceError } from './errors.ts';
import { grayToRgb, type RgbImage } from './image.ts';

interface FrameInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned: boolean;
}

interface J2KDecoder {
  getEncodedBuffer(length: number): Uint8Array;
  getDecodedBuffer(): Uint8Array;
  decode(): void;
  getFrameInfo(): FrameInfo;
  delete(): void;
}

interface OpenJpegModule {
  J2KDecoder: new () => J2KDecoder;
}

type OpenJpegFactory = (opts: {
  wasmBinary: Uint8Array;
  print: (s: string) => void;
  printErr: (s: string) => void;
}) => Promise<OpenJpegModule>;

let modulePromise: Promise<OpenJpegModule> | null = null;

function openJpeg(): Promise<OpenJpegModule> {
  if (!modulePromise) {
    const require = createRequire(import.meta.url);
    const factory = require('@cornerstonejs/codec-openjpeg/decodewasmjs') as OpenJpegFactory;
    const wasmBinary = readFileSync(require.resolve('@cornerstonejs/codec-openjpeg/decodewasm'));
    // OpenJPEG prints progress on stdout; silence it (it would never contain image data, but it is noise).
    modulePromise = factory({ wasmBinary, print: () => {}, printErr: () => {} });
    modulePromise.catch(() => {
      modulePromise = null;
    });
  }
  return modulePromise;
}

/**
 * Image size from the codestream's SIZ marker segment (ISO/IEC 15444-1 A.5.1), found after SOC (FF4F FF51)
 * whether the codestream is bare or inside a JP2 'jp2c' box: Xsiz − XOsiz by Ysiz − YOsiz.
 */
export function jpeg2000Size(b: Uint8Array): { width: number; height: number } | null {
  for (let i = 0; i + 24 <= b.length; i++) {
    if (b[i] !== 0xff || b[i + 1] !== 0x4f || b[i + 2] !== 0xff || b[i + 3] !== 0x51) continue;
    const v = new DataView(b.buffer, b.byteOffset + i + 4, 20);
    // Lsiz(2) Rsiz(2) Xsiz(4) Ysiz(4) XOsiz(4) YOsiz(4)
    const width = v.getUint32(4) - v.getUint32(12);
    const height = v.getUint32(8) - v.getUint32(16);
    return width > 0 && height > 0 ? { width, height } : null;
  }
  return null;
}

/** Decode a JP2 file or a raw J2K codestream into RGB, refusing more than `maxPixels` before decoding. */
export async function decodeJpeg2000(bytes: Uint8Array, maxPixels: number): Promise<RgbImage> {
  const mod = await openJpeg();
  const dec = new mod.J2KDecoder();
  let decoded: Uint8Array | null = null;
  try {
    dec.getEncodedBuffer(bytes.length).set(bytes);
    const size = jpeg2000Size(bytes);
    if (!size) throw new FaceError('IMAGE_CORRUPT', 'JPEG 2000 without a SIZ marker');
    if (size.width * size.height > maxPixels) {
      throw new FaceError('FRAME_TOO_LARGE', `JPEG 2000 image of ${size.width}×${size.height} exceeds ${maxPixels} pixels`);
    }
    let info: FrameInfo;
    try {
      dec.decode();
      info = dec.getFrameInfo();
    } catch (err) {
      throw new FaceError('IMAGE_CORRUPT', 'JPEG 2000 codestream does not decode', { cause: err });
    }
    const { width, height, componentCount, bitsPerSample, isSigned } = info;
    if (width <= 0 || height <= 0) throw new FaceError('IMAGE_CORRUPT', 'JPEG 2000 codestream does not decode');
    if (componentCount !== 1 && componentCount !== 3 && componentCount !== 4) {
      throw new FaceError('IMAGE_UNSUPPORTED', `JPEG 2000 with ${componentCount} components`);
    }
    decoded = dec.getDecodedBuffer();
    const n = width * height;
    const bytesPerSample = bitsPerSample > 8 ? 2 : 1;
    if (decoded.length < n * componentCount * bytesPerSample) {
      throw new FaceError('IMAGE_CORRUPT', 'JPEG 2000 decoded buffer is short');
    }
    // Samples come interleaved; more than 8 bits arrive as little-endian 16-bit words.
    const shift = Math.max(0, bitsPerSample - 8);
    const offset = isSigned ? 1 << (bitsPerSample - 1) : 0;
    const sample = (k: number): number => {
      let v = bytesPerSample === 2 ? decoded![2 * k] | (decoded![2 * k + 1] << 8) : decoded![k];
      if (isSigned) v = ((v << (32 - bitsPerSample)) >> (32 - bitsPerSample)) + offset;
      return Math.min(255, Math.max(0, v >> shift));
    };
    if (componentCount === 1) {
      const gray = new Uint8Array(n);
      for (let i = 0; i < n; i++) gray[i] = sample(i);
      const rgb = grayToRgb(gray, width, height);
      gray.fill(0);
      return rgb;
    }
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < 3; c++) out[i * 3 + c] = sample(i * componentCount + c);
    }
    return { width, height, data: out };
  } finally {
    // The decoder's buffers live in the WASM heap: zero them before freeing.
    decoded?.fill(0);
    try {
      dec.getEncodedBuffer(bytes.length).fill(0);
    } catch {
      // a decoder that failed early has no buffer to wipe
    }
    dec.delete();
  }
}
