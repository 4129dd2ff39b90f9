// BER-TLV as used throughout ICAO 9303 (Part 10 §4 LDS, Part 11 secure messaging, ISO/IEC 8825-1):
// multi-byte tags, definite lengths in short and long form (up to 4 length bytes). Indefinite lengths
// are not used by the LDS and are rejected.
import { EmrtdError } from './errors.ts';

export interface Tlv {
  /** The tag as a number (e.g. 0x5F1F, 0x7F61). */
  tag: number;
  /** True for constructed tags (bit 6 of the first tag byte). */
  constructed: boolean;
  value: Uint8Array;
  /** Offset of the first tag byte within the parsed buffer, and the total encoded length. */
  offset: number;
  length: number;
  /** Offset of the value within the parsed buffer. */
  valueOffset: number;
}

export interface TlvHeader {
  tag: number;
  constructed: boolean;
  headerLength: number;
  valueLength: number;
}

const MAX_TAG_BYTES = 4;

/** Decode the tag and length at `offset`. The value may lie beyond `buf` (used to size partial reads). */
export function readTlvHeader(buf: Uint8Array, offset = 0): TlvHeader {
  let p = offset;
  if (p >= buf.length) throw new EmrtdError('TLV_MALFORMED', 'TLV: no tag byte');
  const first = buf[p++];
  let tag = first;
  if ((first & 0x1f) === 0x1f) {
    let n = 1;
    for (;;) {
      if (p >= buf.length) throw new EmrtdError('TLV_MALFORMED', 'TLV: tag truncated');
      const b = buf[p++];
      tag = tag * 256 + b;
      n++;
      if (n > MAX_TAG_BYTES) throw new EmrtdError('TLV_MALFORMED', 'TLV: tag longer than 4 bytes');
      if ((b & 0x80) === 0) break;
    }
  }
  if (p >= buf.length) throw new EmrtdError('TLV_MALFORMED', 'TLV: length missing');
  const l0 = buf[p++];
  let valueLength: number;
  if (l0 < 0x80) valueLength = l0;
  else if (l0 === 0x80) throw new EmrtdError('TLV_MALFORMED', 'TLV: indefinite length not allowed');
  else {
    const n = l0 & 0x7f;
    if (n > 4) throw new EmrtdError('TLV_MALFORMED', 'TLV: length field longer than 4 bytes');
    if (p + n > buf.length) throw new EmrtdError('TLV_MALFORMED', 'TLV: length truncated');
    valueLength = 0;
    for (let i = 0; i < n; i++) valueLength = valueLength * 256 + buf[p++];
  }
  return { tag, constructed: (first & 0x20) !== 0, headerLength: p - offset, valueLength };
}

/** Decode one TLV at `offset`; its value must lie entirely inside `buf`. */
export function decodeTlv(buf: Uint8Array, offset = 0): Tlv {
  const h = readTlvHeader(buf, offset);
  const valueOffset = offset + h.headerLength;
  if (valueOffset + h.valueLength > buf.length) {
    throw new EmrtdError('TLV_MALFORMED', `TLV ${h.tag.toString(16)}: value runs past the end of the data`);
  }
  return {
    tag: h.tag,
    constructed: h.constructed,
    value: buf.subarray(valueOffset, valueOffset + h.valueLength),
    offset,
    length: h.headerLength + h.valueLength,
    valueOffset,
  };
}

/** Decode consecutive TLVs filling `buf` exactly. Padding bytes 00/FF between objects are skipped. */
export function decodeTlvList(buf: Uint8Array, opts: { skipPadding?: boolean } = {}): Tlv[] {
  const out: Tlv[] = [];
  let p = 0;
  while (p < buf.length) {
    if (opts.skipPadding && (buf[p] === 0x00 || buf[p] === 0xff)) {
      p++;
      continue;
    }
    const t = decodeTlv(buf, p);
    out.push(t);
    p += t.length;
  }
  return out;
}

/** Decode `buf` as one TLV with the expected tag (and nothing after it but 00/FF padding). */
export function expectTlv(buf: Uint8Array, tag: number, what: string): Tlv {
  const t = decodeTlv(buf, 0);
  if (t.tag !== tag) {
    throw new EmrtdError('TLV_MALFORMED', `${what}: expected tag ${tag.toString(16)}, found ${t.tag.toString(16)}`);
  }
  return t;
}

/** The first child with `tag` among the TLVs inside a constructed value, or undefined. */
export function findTlv(value: Uint8Array, tag: number): Tlv | undefined {
  return decodeTlvList(value).find((t) => t.tag === tag);
}

export function encodeLength(n: number): Uint8Array {
  if (n < 0 || !Number.isInteger(n) || n > 0xffffffff) throw new RangeError('TLV length out of range');
  if (n < 0x80) return Uint8Array.of(n);
  if (n <= 0xff) return Uint8Array.of(0x81, n);
  if (n <= 0xffff) return Uint8Array.of(0x82, n >> 8, n & 0xff);
  if (n <= 0xffffff) return Uint8Array.of(0x83, n >> 16, (n >> 8) & 0xff, n & 0xff);
  return Uint8Array.of(0x84, (n >>> 24) & 0xff, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
}

export function encodeTag(tag: number): Uint8Array {
  const bytes: number[] = [];
  let t = tag;
  do {
    bytes.unshift(t & 0xff);
    t = Math.floor(t / 256);
  } while (t > 0);
  return Uint8Array.from(bytes);
}

export function encodeTlv(tag: number, ...values: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const v of values) n += v.length;
  const t = encodeTag(tag);
  const l = encodeLength(n);
  const out = new Uint8Array(t.length + l.length + n);
  out.set(t, 0);
  out.set(l, t.length);
  let o = t.length + l.length;
  for (const v of values) {
    out.set(v, o);
    o += v.length;
  }
  return out;
}
