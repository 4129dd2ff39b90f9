// Elliptic-curve domain parameters for the trust layer: named curves (RFC 5480, RFC 5639) and the explicit
// ECParameters that CSCA, DS, DG14 and DG15 keys often spell out instead (X9.62 SpecifiedECDomain; 9303-11
// §9.4 allows both). Curves are @noble/curves instances, so Brainpool works where BoringSSL has no Brainpool.
import { ecdsa, weierstrass, type ECDSA } from '@noble/curves/abstract/weierstrass.js';
import { brainpoolP256r1, brainpoolP384r1, brainpoolP512r1 } from '@noble/curves/misc.js';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import * as asn1js from 'asn1js';
import { hex } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import type { Asn1 } from '../lds/asn1.ts';
import { decodeAsn1, expectOid, expectSequence, expectSmallInt, octetStringBytes, unsignedIntegerBytes } from '../lds/asn1.ts';
import {
  CURVE_BRAINPOOL_P256R1,
  CURVE_BRAINPOOL_P384R1,
  CURVE_BRAINPOOL_P512R1,
  CURVE_P256,
  CURVE_P384,
  CURVE_P521,
} from '../lds/oids.ts';
import { bytesToBigInt } from './bigint.ts';

export interface EcCurve {
  /** Curve name when it is a known one ("brainpoolP512r1"), else "explicit". */
  name: string;
  /** Named-curve OID (also for explicit parameters that equal a known curve), or null. */
  oid: string | null;
  /** OpenSSL's name for node:crypto, when OpenSSL knows the curve. */
  nodeName: string | null;
  ecdsa: ECDSA;
  /** Bytes of one coordinate (9303-11 §9.4: points and shared secrets are padded to it). */
  fieldBytes: number;
  /** Bytes of the group order (plain r‖s signatures use two of these). */
  orderBytes: number;
}

const PRIME_FIELD = '1.2.840.10045.1.1';

interface Known {
  oid: string;
  name: string;
  nodeName: string;
  ecdsa: ECDSA;
}

const KNOWN: readonly Known[] = [
  { oid: CURVE_P256, name: 'P-256', nodeName: 'prime256v1', ecdsa: p256 },
  { oid: CURVE_P384, name: 'P-384', nodeName: 'secp384r1', ecdsa: p384 },
  { oid: CURVE_P521, name: 'P-521', nodeName: 'secp521r1', ecdsa: p521 },
  { oid: CURVE_BRAINPOOL_P256R1, name: 'brainpoolP256r1', nodeName: 'brainpoolP256r1', ecdsa: brainpoolP256r1 },
  { oid: CURVE_BRAINPOOL_P384R1, name: 'brainpoolP384r1', nodeName: 'brainpoolP384r1', ecdsa: brainpoolP384r1 },
  { oid: CURVE_BRAINPOOL_P512R1, name: 'brainpoolP512r1', nodeName: 'brainpoolP512r1', ecdsa: brainpoolP512r1 },
];

function bits(n: bigint): number {
  return n.toString(2).length;
}

function fromKnown(k: Known): EcCurve {
  const c = k.ecdsa.Point.CURVE();
  return { name: k.name, oid: k.oid, nodeName: k.nodeName, ecdsa: k.ecdsa, fieldBytes: Math.ceil(bits(c.p) / 8), orderBytes: Math.ceil(bits(c.n) / 8) };
}

const byOid = new Map<string, EcCurve>();
const byParams = new Map<string, EcCurve>();

export function curveByOid(oid: string): EcCurve {
  const cached = byOid.get(oid);
  if (cached) return cached;
  const k = KNOWN.find((x) => x.oid === oid);
  if (!k) throw new EmrtdError('UNSUPPORTED', `elliptic curve ${oid}`);
  const c = fromKnown(k);
  byOid.set(oid, c);
  return c;
}

export function curveByName(name: string): EcCurve {
  const k = KNOWN.find((x) => x.name === name);
  if (!k) throw new EmrtdError('UNSUPPORTED', `elliptic curve ${name}`);
  return curveByOid(k.oid);
}

/** All curves this module knows by name (fixtures and tests iterate over them). */
export const NAMED_CURVES: readonly string[] = KNOWN.map((k) => k.name);

/**
 * ECParameters ::= SpecifiedECDomain { version, fieldID { prime-field, p }, curve { a, b, seed? }, base, order,
 * cofactor? } (X9.62 / RFC 3279 §2.3.5). Parameters equal to a known curve resolve to that curve.
 */
export function curveFromExplicit(der: Uint8Array): EcCurve {
  const key = hex(der);
  const cached = byParams.get(key);
  if (cached) return cached;
  const what = 'ECParameters';
  const seq = expectSequence(decodeAsn1(der, what), what);
  if (seq.length < 5) throw new EmrtdError('LDS_MALFORMED', `${what}: ${seq.length} elements`);
  expectSmallInt(seq[0], `${what}.version`);
  const field = expectSequence(seq[1], `${what}.fieldID`);
  if (expectOid(field[0], `${what}.fieldType`) !== PRIME_FIELD) throw new EmrtdError('UNSUPPORTED', `${what}: not a prime field`);
  const p = bytesToBigInt(unsignedIntegerBytes(field[1], `${what}.prime`));
  const curve = expectSequence(seq[2], `${what}.curve`);
  const a = bytesToBigInt(octetStringBytes(curve[0], `${what}.a`));
  const b = bytesToBigInt(octetStringBytes(curve[1], `${what}.b`));
  const base = octetStringBytes(seq[3], `${what}.base`);
  const n = bytesToBigInt(unsignedIntegerBytes(seq[4], `${what}.order`));
  const h = seq[5] ? bytesToBigInt(unsignedIntegerBytes(seq[5], `${what}.cofactor`)) : 1n;
  const fieldBytes = Math.ceil(bits(p) / 8);
  if (base.length !== 1 + 2 * fieldBytes || base[0] !== 0x04) throw new EmrtdError('UNSUPPORTED', `${what}: base point not uncompressed`);
  const gx = bytesToBigInt(base.subarray(1, 1 + fieldBytes));
  const gy = bytesToBigInt(base.subarray(1 + fieldBytes));
  for (const k of KNOWN) {
    const c = k.ecdsa.Point.CURVE();
    if (c.p === p && c.a === a && c.b === b && c.n === n && c.Gx === gx && c.Gy === gy) {
      const known = curveByOid(k.oid);
      byParams.set(key, known);
      return known;
    }
  }
  let e: ECDSA;
  try {
    // The hash here only seeds deterministic k when signing; verification is always given a digest.
    e = ecdsa(weierstrass({ p, n, h, a, b, Gx: gx, Gy: gy }), sha256);
  } catch (cause) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: not a valid curve`, { cause });
  }
  const out: EcCurve = { name: 'explicit', oid: null, nodeName: null, ecdsa: e, fieldBytes, orderBytes: Math.ceil(bits(n) / 8) };
  byParams.set(key, out);
  return out;
}

/** The curve of an id-ecPublicKey AlgorithmIdentifier parameter: a named-curve OID or explicit ECParameters. */
export function curveFromParameters(node: Asn1 | undefined): EcCurve {
  if (node instanceof asn1js.ObjectIdentifier) return curveByOid(expectOid(node, 'namedCurve'));
  if (node && node instanceof asn1js.Sequence) return curveFromExplicit(new Uint8Array(node.valueBeforeDecodeView));
  throw new EmrtdError('LDS_MALFORMED', 'EC key without domain parameters');
}

/** DER of the X9.62 SpecifiedECDomain of a curve (what chips put in DG14/DG15), for fixtures. */
export function encodeExplicitParameters(curve: EcCurve): Uint8Array {
  const c = curve.ecdsa.Point.CURVE();
  const fb = curve.fieldBytes;
  const int = (v: bigint): asn1js.Integer => {
    let h = v.toString(16);
    if (h.length % 2) h = `0${h}`;
    if (parseInt(h.slice(0, 2), 16) & 0x80) h = `00${h}`;
    return new asn1js.Integer({ valueHex: Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16)) });
  };
  const fe = (v: bigint): asn1js.OctetString => {
    const out = new Uint8Array(fb);
    let x = v;
    for (let i = fb - 1; i >= 0; i--) {
      out[i] = Number(x & 0xffn);
      x >>= 8n;
    }
    return new asn1js.OctetString({ valueHex: out });
  };
  const base = new Uint8Array(1 + 2 * fb);
  base[0] = 4;
  base.set(new Uint8Array(fe(c.Gx).valueBlock.valueHexView), 1);
  base.set(new Uint8Array(fe(c.Gy).valueBlock.valueHexView), 1 + fb);
  const seq = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 1 }),
      new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: PRIME_FIELD }), int(c.p)] }),
      new asn1js.Sequence({ value: [fe(c.a), fe(c.b)] }),
      new asn1js.OctetString({ valueHex: base }),
      int(c.n),
      int(c.h),
    ],
  });
  return new Uint8Array(seq.toBER());
}
