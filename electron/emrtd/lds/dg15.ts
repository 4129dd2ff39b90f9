// DG15, the Active Authentication public key (9303-11 §6.1, 9303-10 §4.7.15): tag 6F around a
// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) — RSA (RFC 8017 RSAPublicKey) or EC (RFC 5480 / X9.62, where
// chips often spell the domain parameters out instead of naming the curve).
import * as asn1js from 'asn1js';
import { EmrtdError } from '../errors.ts';
import type { Asn1 } from './asn1.ts';
import {
  bitStringBytes,
  decodeAsn1,
  expectOid,
  expectOuterTlv,
  expectSequence,
  isUniversal,
  rawOf,
  unsignedIntegerBytes,
} from './asn1.ts';
import { ID_EC_PUBLIC_KEY, RSA_ENCRYPTION } from './oids.ts';

export interface Dg15 {
  /** SubjectPublicKeyInfo DER, as stored. */
  spki: Uint8Array;
  algorithm: 'RSA' | 'EC';
  /** Unsigned big-endian modulus and exponent, without sign padding. */
  rsa?: { modulus: Uint8Array; exponent: Uint8Array };
  ec?: {
    /** The named curve, or null with explicit parameters. */
    curveOid: string | null;
    /** ECParameters DER when the curve is spelled out (9303-11 §6.1 allows it). */
    params: Uint8Array | null;
    /** The public point as encoded (04‖X‖Y uncompressed, or compressed). */
    point: Uint8Array;
  };
}

function parseRsa(keyBits: Uint8Array): NonNullable<Dg15['rsa']> {
  const what = 'DG15 RSAPublicKey';
  const seq = expectSequence(decodeAsn1(keyBits, what), what);
  if (seq.length !== 2) throw new EmrtdError('LDS_MALFORMED', `${what}: expected modulus and exponent`);
  const modulus = unsignedIntegerBytes(seq[0], `${what}.modulus`);
  const exponent = unsignedIntegerBytes(seq[1], `${what}.publicExponent`);
  if (modulus.length < 64) {
    throw new EmrtdError('LDS_MALFORMED', `${what}: modulus too short`);
  }
  return { modulus: new Uint8Array(modulus), exponent: new Uint8Array(exponent) };
}

function parseEc(params: Asn1 | undefined, point: Uint8Array): NonNullable<Dg15['ec']> {
  if (point.length < 1 || ![0x02, 0x03, 0x04].includes(point[0])) {
    throw new EmrtdError('LDS_MALFORMED', 'DG15: EC point is not in X9.62 form');
  }
  if (params instanceof asn1js.ObjectIdentifier) return { curveOid: expectOid(params, 'DG15 namedCurve'), params: null, point };
  if (params && isUniversal(params, 16)) return { curveOid: null, params: rawOf(params), point };
  throw new EmrtdError('LDS_MALFORMED', 'DG15: EC key without domain parameters');
}

export function parseDg15(bytes: Uint8Array): Dg15 {
  const outer = expectOuterTlv(bytes, 0x6f, 'DG15');
  const what = 'DG15 SubjectPublicKeyInfo';
  const spkiNode = decodeAsn1(outer.value, what);
  const spki = expectSequence(spkiNode, what);
  if (spki.length !== 2) throw new EmrtdError('LDS_MALFORMED', `${what}: expected algorithm and key`);
  const alg = expectSequence(spki[0], `${what}.algorithm`);
  const oid = expectOid(alg[0], `${what}.algorithm`);
  const keyBits = bitStringBytes(spki[1], `${what}.subjectPublicKey`);
  const der = rawOf(spkiNode);
  if (oid === RSA_ENCRYPTION) return { spki: der, algorithm: 'RSA', rsa: parseRsa(keyBits) };
  if (oid === ID_EC_PUBLIC_KEY) return { spki: der, algorithm: 'EC', ec: parseEc(alg[1], keyBits) };
  throw new EmrtdError('UNSUPPORTED', `DG15: public key algorithm ${oid}`);
}
