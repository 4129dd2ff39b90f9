// SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) as the trust layer needs it: RSA (RFC 8017), EC (RFC 5480, named
// or explicit curve) and X9.42 DH (RFC 3279 §2.3.3, the Chip Authentication DH keys of 9303-11 §9.2.5).
import { EmrtdError } from '../errors.ts';
import { bitStringBytes, decodeAsn1, expectOid, expectSequence, integerBytes, unsignedIntegerBytes } from '../lds/asn1.ts';
import { DH_PUBLIC_NUMBER, ID_EC_PUBLIC_KEY, RSA_ENCRYPTION } from '../lds/oids.ts';
import { bytesToBigInt } from './bigint.ts';
import { curveFromParameters, type EcCurve } from './ec-curves.ts';
import type { RsaPublicKey } from './rsa.ts';

export interface DhDomainParameters {
  p: bigint;
  g: bigint;
  /** Subgroup order, when given. */
  q: bigint | null;
}

export type PublicKey =
  | { kind: 'RSA'; spki: Uint8Array; rsa: RsaPublicKey; bits: number }
  | { kind: 'EC'; spki: Uint8Array; curve: EcCurve; point: Uint8Array; bits: number }
  | { kind: 'DH'; spki: Uint8Array; dh: DhDomainParameters; y: bigint; bits: number };

export function parseRsaPublicKey(der: Uint8Array, what: string): RsaPublicKey {
  const seq = expectSequence(decodeAsn1(der, what), what);
  if (seq.length !== 2) throw new EmrtdError('LDS_MALFORMED', `${what}: expected modulus and exponent`);
  return { modulus: new Uint8Array(unsignedIntegerBytes(seq[0], `${what}.modulus`)), exponent: new Uint8Array(unsignedIntegerBytes(seq[1], `${what}.exponent`)) };
}

/** DomainParameters ::= SEQUENCE { p, g, q, j OPTIONAL, validationParms OPTIONAL } (X9.42). */
export function parseDhParameters(node: Parameters<typeof expectSequence>[0], what: string): DhDomainParameters {
  const seq = expectSequence(node, what);
  if (seq.length < 2) throw new EmrtdError('LDS_MALFORMED', `${what}: expected p and g`);
  const p = bytesToBigInt(unsignedIntegerBytes(seq[0], `${what}.p`));
  const g = bytesToBigInt(unsignedIntegerBytes(seq[1], `${what}.g`));
  const q = seq[2] ? bytesToBigInt(unsignedIntegerBytes(seq[2], `${what}.q`)) : null;
  return { p, g, q };
}

export function parsePublicKey(spki: Uint8Array, what = 'SubjectPublicKeyInfo'): PublicKey {
  const seq = expectSequence(decodeAsn1(spki, what), what);
  if (seq.length !== 2) throw new EmrtdError('LDS_MALFORMED', `${what}: expected algorithm and key`);
  const alg = expectSequence(seq[0], `${what}.algorithm`);
  const oid = expectOid(alg[0], `${what}.algorithm`);
  const keyBits = bitStringBytes(seq[1], `${what}.subjectPublicKey`);
  if (oid === RSA_ENCRYPTION) {
    const rsa = parseRsaPublicKey(keyBits, `${what} RSAPublicKey`);
    return { kind: 'RSA', spki, rsa, bits: bytesToBigInt(rsa.modulus).toString(2).length };
  }
  if (oid === ID_EC_PUBLIC_KEY) {
    const curve = curveFromParameters(alg[1]);
    if (keyBits.length < 1 || ![2, 3, 4].includes(keyBits[0])) throw new EmrtdError('LDS_MALFORMED', `${what}: EC point not in X9.62 form`);
    return { kind: 'EC', spki, curve, point: keyBits, bits: curve.fieldBytes * 8 };
  }
  if (oid === DH_PUBLIC_NUMBER) {
    const dh = parseDhParameters(alg[1], `${what} DomainParameters`);
    const yBytes = integerBytes(decodeAsn1(keyBits, `${what} DH public value`), `${what} DH public value`);
    return { kind: 'DH', spki, dh, y: bytesToBigInt(yBytes), bits: dh.p.toString(2).length };
  }
  throw new EmrtdError('UNSUPPORTED', `${what}: public key algorithm ${oid}`);
}
