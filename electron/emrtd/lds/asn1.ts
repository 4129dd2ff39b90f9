// Thin, typed access to asn1js for the LDS parsers: every decoding failure becomes an
// EmrtdError('LDS_MALFORMED'), and raw encodings are handed out as fresh Uint8Array copies.
import * as asn1js from 'asn1js';
import { concat } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import type { Tlv } from '../tlv.ts';
import { decodeTlv } from '../tlv.ts';

export type Asn1 = asn1js.AsnType;

// Limits well above any real EF.SOD/DG14 (a few KB, a few hundred nodes) that keep hostile input cheap.
const LIMITS = { maxDepth: 32, maxNodes: 20_000, maxContentLength: 1 << 20 } as const;

/**
 * Check the BER nesting before asn1js sees the bytes: asn1js lets a child's length run past its parent's
 * end, which would give shifted readings of malformed input instead of an error. Definite and indefinite
 * (constructed, ended by 00 00) lengths are both allowed, as CMS is BER; returns the end offset.
 */
function checkNesting(buf: Uint8Array, start: number, end: number, depth: number, untilEoc: boolean, what: string): number {
  const bad = (why: string): EmrtdError => new EmrtdError('LDS_MALFORMED', `${what}: ${why}`);
  let p = start;
  while (p < end) {
    if (untilEoc && buf[p] === 0 && p + 1 < end && buf[p + 1] === 0) return p + 2;
    const first = buf[p++];
    const constructed = (first & 0x20) !== 0;
    if ((first & 0x1f) === 0x1f) {
      let n = 0;
      for (;;) {
        if (p >= end || ++n > 4) throw bad('tag truncated or too long');
        if ((buf[p++] & 0x80) === 0) break;
      }
    }
    if (p >= end) throw bad('length missing');
    const l0 = buf[p++];
    if (constructed && depth >= LIMITS.maxDepth) throw bad('nested too deeply');
    if (l0 === 0x80) {
      if (!constructed) throw bad('indefinite length on a primitive value');
      p = checkNesting(buf, p, end, depth + 1, true, what);
      continue;
    }
    let len = l0;
    if (l0 > 0x80) {
      const n = l0 & 0x7f;
      if (n > 4 || p + n > end) throw bad('length field truncated or too long');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + buf[p++];
    }
    if (p + len > end) throw bad('value runs past its parent');
    if (constructed) checkNesting(buf, p, p + len, depth + 1, false, what);
    p += len;
  }
  if (untilEoc) throw bad('end-of-contents missing');
  return p;
}

/** Decode exactly one BER object filling `bytes`. */
export function decodeAsn1(bytes: Uint8Array, what: string): Asn1 {
  checkNesting(bytes, 0, bytes.length, 0, false, what);
  let res: ReturnType<typeof asn1js.fromBER>;
  try {
    res = asn1js.fromBER(bytes, { ...LIMITS, copyInput: true });
  } catch (cause) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: ASN.1 does not decode`, { cause });
  }
  if (res.offset === -1 || res.result.error) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: ASN.1 does not decode (${res.result.error || 'unknown error'})`);
  }
  if (res.offset !== bytes.length) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: ${bytes.length - res.offset} bytes after the ASN.1 object`);
  }
  return res.result;
}

/** The encoding the object was decoded from (tag, length and value), copied. */
export function rawOf(node: Asn1): Uint8Array {
  return new Uint8Array(node.valueBeforeDecodeView);
}

export function isUniversal(node: Asn1, tagNumber: number): boolean {
  return node.idBlock.tagClass === 1 && node.idBlock.tagNumber === tagNumber;
}

export function isContext(node: Asn1, tagNumber: number): boolean {
  return node.idBlock.tagClass === 3 && node.idBlock.tagNumber === tagNumber;
}

/** Children of a constructed node (SEQUENCE, SET, constructed tagged object). */
export function childrenOf(node: Asn1, what: string): Asn1[] {
  const vb = node.valueBlock as { value?: unknown };
  if (!node.idBlock.isConstructed || !Array.isArray(vb.value)) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: expected a constructed value`);
  }
  return vb.value as Asn1[];
}

export function expectSequence(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !isUniversal(node, 16) || !node.idBlock.isConstructed) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: expected a SEQUENCE`);
  }
  return childrenOf(node, what);
}

export function expectSet(node: Asn1 | undefined, what: string): Asn1[] {
  if (!node || !isUniversal(node, 17) || !node.idBlock.isConstructed) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: expected a SET`);
  }
  return childrenOf(node, what);
}

export function expectOid(node: Asn1 | undefined, what: string): string {
  if (!(node instanceof asn1js.ObjectIdentifier)) throw new EmrtdError('LDS_MALFORMED', `${what}: expected an OID`);
  const oid = node.valueBlock.toString();
  if (!/^\d+(\.\d+)+$/.test(oid)) throw new EmrtdError('LDS_MALFORMED', `${what}: malformed OID`);
  return oid;
}

/** Big-endian two's-complement bytes of an INTEGER, as encoded. */
export function integerBytes(node: Asn1 | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.Integer) || node.idBlock.isConstructed) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: expected an INTEGER`);
  }
  const v = node.valueBlock.valueHexView;
  if (v.length === 0) throw new EmrtdError('LDS_MALFORMED', `${what}: empty INTEGER`);
  return new Uint8Array(v);
}

/** A small non-negative INTEGER (versions, ids, counters). */
export function expectSmallInt(node: Asn1 | undefined, what: string): number {
  const v = integerBytes(node, what);
  if (v[0] & 0x80) throw new EmrtdError('LDS_MALFORMED', `${what}: negative INTEGER`);
  let n = 0;
  for (const b of v) {
    n = n * 256 + b;
    if (n > Number.MAX_SAFE_INTEGER / 256) throw new EmrtdError('LDS_MALFORMED', `${what}: INTEGER too large`);
  }
  return n;
}

/** An unsigned INTEGER's magnitude without the sign-padding zero byte. */
export function unsignedIntegerBytes(node: Asn1 | undefined, what: string): Uint8Array {
  const v = integerBytes(node, what);
  let i = 0;
  while (i < v.length - 1 && v[i] === 0) i++;
  return v.subarray(i);
}

/** The content of an OCTET STRING, primitive or constructed (BER allows both for eContent). */
export function octetStringBytes(node: Asn1 | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.OctetString)) throw new EmrtdError('LDS_MALFORMED', `${what}: expected an OCTET STRING`);
  if (!node.idBlock.isConstructed) return new Uint8Array(node.valueBlock.valueHexView);
  const parts: Uint8Array[] = [];
  for (const child of childrenOf(node, what)) parts.push(octetStringBytes(child, what));
  return concat(...parts);
}

/** The bytes of a BIT STRING with no unused bits (keys and signatures are always octet-aligned). */
export function bitStringBytes(node: Asn1 | undefined, what: string): Uint8Array {
  if (!(node instanceof asn1js.BitString) || node.idBlock.isConstructed) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: expected a primitive BIT STRING`);
  }
  if (node.valueBlock.unusedBits !== 0) throw new EmrtdError('LDS_MALFORMED', `${what}: BIT STRING not octet-aligned`);
  return new Uint8Array(node.valueBlock.valueHexView);
}

/** Text of a character string (PrintableString, UTF8String, IA5String, …). */
export function stringValue(node: Asn1 | undefined, what: string): string {
  if (node instanceof asn1js.BaseStringBlock) return node.getValue();
  throw new EmrtdError('LDS_MALFORMED', `${what}: expected a character string`);
}

/** Run a pkijs/asn1js step and turn anything it throws into LDS_MALFORMED. */
export function guard<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (cause) {
    if (cause instanceof EmrtdError) throw cause;
    throw new EmrtdError('LDS_MALFORMED', `${what}: ${cause instanceof Error ? cause.message : 'malformed'}`, { cause });
  }
}

/** The file's outer TLV (e.g. 77 for EF.SOD), any decoding failure reported as LDS_MALFORMED. */
export function expectOuterTlv(bytes: Uint8Array, tag: number, what: string): Tlv {
  let t: Tlv;
  try {
    t = decodeTlv(bytes, 0);
  } catch (cause) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: ${cause instanceof Error ? cause.message : 'does not decode'}`, { cause });
  }
  if (t.tag !== tag) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: outer tag ${t.tag.toString(16)}, expected ${tag.toString(16)}`);
  }
  return t;
}
