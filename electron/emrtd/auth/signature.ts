// Signature verification for EF.SOD, certificates, CRLs and master lists (9303-12 §4.4, 9303-11 §5.1):
// RSA PKCS #1 v1.5 and RSASSA-PSS, ECDSA with DER signatures (X9.62) or plain r‖s (BSI TR-03111), on NIST and
// Brainpool curves, named or explicit. The pure path uses bigint RSA and @noble/curves; the native path uses
// node:crypto and falls back to the pure one for keys OpenSSL cannot import.
import { constants, createPublicKey, verify as nodeVerify } from 'node:crypto';
import * as asn1js from 'asn1js';
import { EmrtdError } from '../errors.ts';
import { decodeAsn1, expectOid, expectSequence, isContext } from '../lds/asn1.ts';
import type { HashName } from '../lds/oids.ts';
import {
  ECDSA_PLAIN_SIGNATURES,
  ECDSA_WITH_SHA1,
  ECDSA_WITH_SHA224,
  ECDSA_WITH_SHA256,
  ECDSA_WITH_SHA384,
  ECDSA_WITH_SHA512,
  ID_EC_PUBLIC_KEY,
  RSA_ENCRYPTION,
  RSASSA_PSS,
  SHA1_WITH_RSA,
  SHA224_WITH_RSA,
  SHA256_WITH_RSA,
  SHA384_WITH_RSA,
  SHA512_WITH_RSA,
} from '../lds/oids.ts';
import { cryptoPath, nativeUse } from './crypto-provider.ts';
import { digest, hashByOid, nodeHashName } from './hash.ts';
import { parsePublicKey, type PublicKey } from './public-key.ts';
import { verifyPkcs1v15, verifyPss, type PssParams } from './rsa.ts';

const MGF1 = '1.2.840.113549.1.1.8';

type Scheme =
  | { kind: 'pkcs1'; hash: HashName }
  | { kind: 'pss'; pss: PssParams }
  | { kind: 'ecdsa'; hash: HashName; encoding: 'der' | 'plain' };

const RSA_HASH: Record<string, HashName> = {
  [SHA1_WITH_RSA]: 'SHA-1',
  [SHA224_WITH_RSA]: 'SHA-224',
  [SHA256_WITH_RSA]: 'SHA-256',
  [SHA384_WITH_RSA]: 'SHA-384',
  [SHA512_WITH_RSA]: 'SHA-512',
};

const ECDSA_HASH: Record<string, HashName> = {
  [ECDSA_WITH_SHA1]: 'SHA-1',
  [ECDSA_WITH_SHA224]: 'SHA-224',
  [ECDSA_WITH_SHA256]: 'SHA-256',
  [ECDSA_WITH_SHA384]: 'SHA-384',
  [ECDSA_WITH_SHA512]: 'SHA-512',
};

const PLAIN_HASH: readonly HashName[] = ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'];

/** RSASSA-PSS-params (RFC 4055 §3.1): every field has a default (SHA-1, MGF1-SHA-1, salt 20, trailer 1). */
export function parsePssParams(params: Uint8Array | null): PssParams {
  const out: PssParams = { hash: 'SHA-1', mgfHash: 'SHA-1', saltLength: 20 };
  if (!params) return out;
  const what = 'RSASSA-PSS-params';
  for (const item of expectSequence(decodeAsn1(params, what), what)) {
    const inner = (item.valueBlock as { value?: asn1js.AsnType[] }).value?.[0];
    if (isContext(item, 0)) out.hash = hashByOid(expectOid(expectSequence(inner, `${what}.hashAlgorithm`)[0], what), what);
    else if (isContext(item, 1)) {
      const mgf = expectSequence(inner, `${what}.maskGenAlgorithm`);
      if (expectOid(mgf[0], what) !== MGF1) throw new EmrtdError('UNSUPPORTED', `${what}: mask generation other than MGF1`);
      out.mgfHash = hashByOid(expectOid(expectSequence(mgf[1], `${what}.mgf1 hash`)[0], what), what);
    } else if (isContext(item, 2)) {
      if (!(inner instanceof asn1js.Integer)) throw new EmrtdError('LDS_MALFORMED', `${what}: saltLength`);
      out.saltLength = inner.valueBlock.valueDec;
    } else if (isContext(item, 3)) {
      if (!(inner instanceof asn1js.Integer) || inner.valueBlock.valueDec !== 1) throw new EmrtdError('UNSUPPORTED', `${what}: trailer field`);
    }
  }
  return out;
}

function scheme(oid: string, params: Uint8Array | null, digestHint: HashName | undefined, key: PublicKey): Scheme {
  if (RSA_HASH[oid]) return { kind: 'pkcs1', hash: RSA_HASH[oid] };
  if (oid === RSASSA_PSS) return { kind: 'pss', pss: parsePssParams(params) };
  if (ECDSA_HASH[oid]) return { kind: 'ecdsa', hash: ECDSA_HASH[oid], encoding: 'der' };
  if (oid.startsWith(`${ECDSA_PLAIN_SIGNATURES}.`)) {
    const i = Number(oid.slice(ECDSA_PLAIN_SIGNATURES.length + 1));
    const hash = PLAIN_HASH[i - 1];
    if (hash) return { kind: 'ecdsa', hash, encoding: 'plain' };
  }
  // CMS lets SignerInfo name only the key algorithm and take the hash from digestAlgorithm (RFC 5652 §5.3).
  if (oid === RSA_ENCRYPTION && digestHint && key.kind === 'RSA') return { kind: 'pkcs1', hash: digestHint };
  if (oid === ID_EC_PUBLIC_KEY && digestHint && key.kind === 'EC') return { kind: 'ecdsa', hash: digestHint, encoding: 'der' };
  throw new EmrtdError('UNSUPPORTED', `signature algorithm ${oid}`);
}

export interface SignatureCheck {
  /** SubjectPublicKeyInfo DER of the signer. */
  spki: Uint8Array;
  algorithmOid: string;
  algorithmParams: Uint8Array | null;
  /** The hash named next to the signature (CMS digestAlgorithm), used when the algorithm does not name one. */
  digestHint?: HashName;
  /** The signed bytes (not their digest). */
  data: Uint8Array;
  signature: Uint8Array;
}

/** A readable name for reports: "ECDSA-SHA-256 brainpoolP512r1", "RSASSA-PSS-SHA-256 4096". */
export function describeSignature(c: Omit<SignatureCheck, 'data' | 'signature'>): string {
  try {
    const key = parsePublicKey(c.spki);
    const s = scheme(c.algorithmOid, c.algorithmParams, c.digestHint, key);
    const size = key.kind === 'EC' ? key.curve.name : String(key.bits);
    if (s.kind === 'pkcs1') return `RSA-${s.hash} ${size}`;
    if (s.kind === 'pss') return `RSASSA-PSS-${s.pss.hash} ${size}`;
    return `ECDSA-${s.hash} ${size}`;
  } catch {
    return c.algorithmOid;
  }
}

/** True when the signature verifies; false when it does not; EmrtdError for unsupported or malformed input. */
export function verifySignature(c: SignatureCheck): boolean {
  const key = parsePublicKey(c.spki);
  const s = scheme(c.algorithmOid, c.algorithmParams, c.digestHint, key);
  if (cryptoPath() === 'native') {
    const r = verifyNative(key, s, c.data, c.signature);
    if (r !== null) return r;
  }
  return verifyPure(key, s, c.data, c.signature);
}

function verifyPure(key: PublicKey, s: Scheme, data: Uint8Array, signature: Uint8Array): boolean {
  if (s.kind === 'pkcs1') {
    if (key.kind !== 'RSA') return false;
    return verifyPkcs1v15(key.rsa, s.hash, digest(s.hash, data), signature);
  }
  if (s.kind === 'pss') {
    if (key.kind !== 'RSA') return false;
    return verifyPss(key.rsa, s.pss, digest(s.pss.hash, data), signature);
  }
  if (key.kind !== 'EC') return false;
  return verifyEcdsaDigest(key, s.hash, digest(s.hash, data), signature, s.encoding);
}

/** ECDSA over a given digest with @noble/curves; `plain` is r‖s of the order's size (TR-03111 §5.2.1). */
export function verifyEcdsaDigest(key: Extract<PublicKey, { kind: 'EC' }>, _hash: HashName, d: Uint8Array, signature: Uint8Array, encoding: 'der' | 'plain'): boolean {
  try {
    if (encoding === 'plain' && signature.length !== 2 * key.curve.orderBytes) return false;
    return key.curve.ecdsa.verify(signature, d, key.point, { prehash: false, lowS: false, format: encoding === 'der' ? 'der' : 'compact' });
  } catch {
    return false;
  }
}

/** node:crypto verification, or null when this key or scheme must take the pure path (e.g. explicit curves). */
function verifyNative(key: PublicKey, s: Scheme, data: Uint8Array, signature: Uint8Array): boolean | null {
  if (key.kind === 'DH') return null;
  if (s.kind === 'pss' && s.pss.mgfHash !== s.pss.hash) return null;
  let keyObject;
  try {
    nativeUse.calls++;
    keyObject = createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
  } catch {
    return null;
  }
  const hash = s.kind === 'pss' ? s.pss.hash : s.hash;
  try {
    if (s.kind === 'pkcs1') return nodeVerify(nodeHashName(hash), data, { key: keyObject, padding: constants.RSA_PKCS1_PADDING }, signature);
    if (s.kind === 'pss') return nodeVerify(nodeHashName(hash), data, { key: keyObject, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.pss.saltLength }, signature);
    return nodeVerify(nodeHashName(hash), data, { key: keyObject, dsaEncoding: s.encoding === 'der' ? 'der' : 'ieee-p1363' }, signature);
  } catch {
    return false;
  }
}
