// The PNG preview of a ticket bitmap: the very dots the printer gets, as a 1-bit greyscale PNG (RFC 2083 /
// PNG spec §11.2.2 IHDR with bit depth 1, colour type 0). The packed rows are already in PNG's bit order
// (leftmost pixel in the high bit); PNG greyscale has 0 = black, so each byte is inverted. Written by hand:
// one deflate of the filtered rows, no per-pixel work, a few kilobytes for a whole ticket.
import { deflateSync } from 'node:zlib';
import type { MonoBitmap } from './bitmap.ts';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(parts: Uint8Array[]): number {
  let c = 0xffffffff;
  for (const p of parts) for (const b of p) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  const typeBytes = new TextEncoder().encode(type);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32([typeBytes, data]));
  return out;
}

export function bitmapToPng(b: MonoBitmap): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, b.width);
  v.setUint32(4, b.height);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, no interlace
  const raw = new Uint8Array((b.rowBytes + 1) * b.height);
  // Bits past the width in a row's last byte are padding: paper (1) either way.
  const pad = (8 - (b.width % 8)) % 8;
  const lastMask = (1 << pad) - 1;
  for (let y = 0; y < b.height; y++) {
    const at = y * (b.rowBytes + 1);
    raw[at] = 0; // filter: none
    for (let i = 0; i < b.rowBytes; i++) raw[at + 1 + i] = ~b.data[y * b.rowBytes + i] & 0xff;
    if (pad) raw[at + b.rowBytes] |= lastMask;
  }
  const parts = [SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', new Uint8Array(deflateSync(raw, { level: 9 }))), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
