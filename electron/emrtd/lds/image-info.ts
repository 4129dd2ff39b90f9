// Format and pixel size of a chip portrait read from the image's own headers, without decoding it:
// JPEG (ITU-T T.81 §B.2: SOFn marker segments), JPEG 2000 (ISO/IEC 15444-1 Annex I: JP2 boxes, 'ihdr';
// Annex A.5.1: the SIZ marker of a raw codestream). 9303-10 §4.7.2 allows exactly these two formats in DG2.

export type ImageFormat = 'jpeg' | 'jpeg2000';

const JP2_SIGNATURE = Uint8Array.of(0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a);

function startsWith(bytes: Uint8Array, prefix: Uint8Array | readonly number[]): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) >>> 0) + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]);
}

function isJp2(bytes: Uint8Array): boolean {
  return startsWith(bytes, JP2_SIGNATURE);
}

function isJ2kCodestream(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xff, 0x4f, 0xff, 0x51]);
}

export function detectImageFormat(bytes: Uint8Array): ImageFormat | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (isJp2(bytes) || isJ2kCodestream(bytes)) return 'jpeg2000';
  return null;
}

export interface ImageSize {
  width: number;
  height: number;
}

export function imageSize(bytes: Uint8Array): ImageSize | null {
  const format = detectImageFormat(bytes);
  if (format === 'jpeg') return jpegSize(bytes);
  if (format === 'jpeg2000') return isJp2(bytes) ? jp2Size(bytes) : sizSize(bytes, 0);
  return null;
}

// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC), T.81 Table B.1.
function isSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function jpegSize(b: Uint8Array): ImageSize | null {
  let p = 2;
  while (p < b.length) {
    if (b[p] !== 0xff) return null;
    while (p < b.length && b[p] === 0xff) p++; // fill bytes (T.81 §B.1.1.2)
    if (p >= b.length) return null;
    const marker = b[p++];
    // Markers without a length field: TEM, RSTn, SOI, EOI.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd9)) {
      if (marker === 0xd9) return null;
      continue;
    }
    if (p + 2 > b.length) return null;
    const length = u16(b, p);
    if (length < 2 || p + length > b.length) return null;
    if (isSof(marker)) {
      if (length < 7) return null;
      const height = u16(b, p + 3);
      const width = u16(b, p + 5);
      // A height of 0 defers to a DNL marker after the first scan: not worth supporting for portraits.
      return width > 0 && height > 0 ? { width, height } : null;
    }
    if (marker === 0xda) return null; // start of scan before any frame header
    p += length;
  }
  return null;
}

function sizSize(b: Uint8Array, offset: number): ImageSize | null {
  // SOC (FF4F), SIZ (FF51) Lsiz Rsiz Xsiz Ysiz XOsiz YOsiz (15444-1 §A.5.1).
  if (offset + 4 + 2 + 2 + 16 > b.length) return null;
  if (u16(b, offset) !== 0xff4f || u16(b, offset + 2) !== 0xff51) return null;
  const s = offset + 6;
  const xsiz = u32(b, s + 2);
  const ysiz = u32(b, s + 6);
  const xo = u32(b, s + 10);
  const yo = u32(b, s + 14);
  const width = xsiz - xo;
  const height = ysiz - yo;
  return width > 0 && height > 0 ? { width, height } : null;
}

interface Box {
  type: string;
  contentStart: number;
  end: number;
}

function* boxes(b: Uint8Array, start: number, end: number): Generator<Box> {
  let p = start;
  while (p + 8 <= end) {
    let length = u32(b, p);
    const type = String.fromCharCode(b[p + 4], b[p + 5], b[p + 6], b[p + 7]);
    let header = 8;
    if (length === 1) {
      if (p + 16 > end) return;
      const hi = u32(b, p + 8);
      if (hi !== 0) return; // over 4 GiB: not a portrait
      length = u32(b, p + 12);
      header = 16;
    } else if (length === 0) {
      length = end - p; // box runs to the end of its container
    }
    if (length < header || p + length > end) return;
    yield { type, contentStart: p + header, end: p + length };
    p += length;
  }
}

function jp2Size(b: Uint8Array): ImageSize | null {
  for (const box of boxes(b, 0, b.length)) {
    if (box.type === 'jp2h') {
      for (const inner of boxes(b, box.contentStart, box.end)) {
        if (inner.type === 'ihdr' && inner.end - inner.contentStart >= 8) {
          const height = u32(b, inner.contentStart);
          const width = u32(b, inner.contentStart + 4);
          if (width > 0 && height > 0) return { width, height };
        }
      }
    }
    if (box.type === 'jp2c') return sizSize(b, box.contentStart);
  }
  return null;
}
