// Active Authentication (9303-11 §6.1): the terminal sends an 8-byte challenge in INTERNAL AUTHENTICATE and
// verifies the chip's signature with the DG15 public key — RSA with ISO/IEC 9796-2 scheme 1, or ECDSA (plain
// r‖s) with the algorithm DG14's ActiveAuthenticationInfo names. Only a chip holding the private key of DG15
// answers correctly, so a copied chip fails.
import { constants, createPublicKey, publicDecrypt } from 'node:crypto';
import { SW_OK } from '../apdu.ts';
import type { ApduSender } from '../channel.ts';
import { randomBytes } from '../crypto/random.ts';
import { EmrtdError, statusWordName } from '../errors.ts';
import type { SecurityInfo } from '../lds/dg14.ts';
import { ECDSA_PLAIN_SIGNATURES, ECDSA_WITH_SHA1, ECDSA_WITH_SHA224, ECDSA_WITH_SHA256, ECDSA_WITH_SHA384, ECDSA_WITH_SHA512, type HashName } from '../lds/oids.ts';
import { bigIntToBytes, bytesToBigInt } from './bigint.ts';
import { cryptoPath, nativeUse } from './crypto-provider.ts';
import { decodeScheme1, verifyScheme1 } from './iso9796-2.ts';
import { parsePublicKey, type PublicKey } from './public-key.ts';
import { modulusBytes, rsaPublicOp } from './rsa.ts';
import { verifySignature } from './signature.ts';

export type ChipCheckStatus = 'valid' | 'invalid' | 'not-supported' | 'not-checked';

export interface ActiveAuthResult {
  status: ChipCheckStatus;
  /** e.g. "RSA-1792 ISO 9796-2 SHA-256", "ECDSA-SHA-256 brainpoolP256r1". */
  algorithm: string | null;
  problem?: string;
}

const PLAIN_HASHES: readonly HashName[] = ['SHA-1', 'SHA-224', 'SHA-256', 'SHA-384', 'SHA-512'];
const X962_HASH: Record<string, HashName> = {
  [ECDSA_WITH_SHA1]: 'SHA-1',
  [ECDSA_WITH_SHA224]: 'SHA-224',
  [ECDSA_WITH_SHA256]: 'SHA-256',
  [ECDSA_WITH_SHA384]: 'SHA-384',
  [ECDSA_WITH_SHA512]: 'SHA-512',
};

/** The hash of an ECDSA AA signature algorithm (plain TR-03111 or X9.62 OIDs); by key size when DG14 names none. */
export function aaEcdsaHash(signatureAlgorithm: string | undefined, fieldBytes: number): HashName {
  if (signatureAlgorithm) {
    if (X962_HASH[signatureAlgorithm]) return X962_HASH[signatureAlgorithm];
    if (signatureAlgorithm.startsWith(`${ECDSA_PLAIN_SIGNATURES}.`)) {
      const h = PLAIN_HASHES[Number(signatureAlgorithm.slice(ECDSA_PLAIN_SIGNATURES.length + 1)) - 1];
      if (h) return h;
    }
    throw new EmrtdError('UNSUPPORTED', `Active Authentication signature algorithm ${signatureAlgorithm}`);
  }
  return fieldBytes <= 32 ? 'SHA-256' : fieldBytes <= 48 ? 'SHA-384' : 'SHA-512';
}

/** RSA AA keys of up to 1024 bits sign with SHA-1 (trailer BC), larger ones with SHA-256 (34CC), as chips do. */
export function aaRsaHash(modulusBits: number): HashName {
  return modulusBits <= 1024 ? 'SHA-1' : 'SHA-256';
}

/** s^e mod n on the chosen path; the native one is node:crypto without padding. */
function rsaRecover(key: Extract<PublicKey, { kind: 'RSA' }>, signature: Uint8Array): Uint8Array | null {
  if (cryptoPath() === 'native') {
    try {
      nativeUse.calls++;
      const k = createPublicKey({ key: Buffer.from(key.spki), format: 'der', type: 'spki' });
      return new Uint8Array(publicDecrypt({ key: k, padding: constants.RSA_NO_PADDING }, signature));
    } catch {
      // fall through to the pure primitive (e.g. a signature not below the modulus)
    }
  }
  return rsaPublicOp(key.rsa, signature);
}

/**
 * Verify an AA response. `dg15Spki` is DG15's SubjectPublicKeyInfo; `signatureAlgorithm` the
 * ActiveAuthenticationInfo OID from DG14 (ECDSA keys).
 */
export function verifyActiveAuthentication(dg15Spki: Uint8Array, challenge: Uint8Array, signature: Uint8Array, signatureAlgorithm?: string): ActiveAuthResult {
  const key = parsePublicKey(dg15Spki, 'DG15');
  if (key.kind === 'RSA') {
    const k = modulusBytes(key.rsa);
    if (signature.length !== k) return { status: 'invalid', algorithm: `RSA-${key.bits}`, problem: `signature of ${signature.length} bytes for a ${k}-byte modulus` };
    let f = rsaRecover(key, signature);
    if (!f) return { status: 'invalid', algorithm: `RSA-${key.bits}`, problem: 'signature not below the modulus' };
    // ISO/IEC 9796-2: the signer may have sent n − s; then the representative ends in 0x?C only as n − F.
    if ((f[f.length - 1] & 0x0f) !== 0x0c) f = bigIntToBytes(bytesToBigInt(key.rsa.modulus) - bytesToBigInt(f), f.length);
    try {
      const r = decodeScheme1(f);
      const algorithm = `RSA-${key.bits} ISO 9796-2 ${r.hash}`;
      return verifyScheme1(f, challenge) ? { status: 'valid', algorithm } : { status: 'invalid', algorithm, problem: 'recovered hash does not match the challenge' };
    } catch (e) {
      return { status: 'invalid', algorithm: `RSA-${key.bits}`, problem: e instanceof Error ? e.message : 'signature does not decode' };
    }
  }
  if (key.kind === 'EC') {
    const hash = aaEcdsaHash(signatureAlgorithm, key.curve.fieldBytes);
    const algorithm = `ECDSA-${hash} ${key.curve.name}`;
    const oid = `${ECDSA_PLAIN_SIGNATURES}.${PLAIN_HASHES.indexOf(hash) + 1}`;
    const ok = verifySignature({ spki: dg15Spki, algorithmOid: oid, algorithmParams: null, data: challenge, signature });
    return ok ? { status: 'valid', algorithm } : { status: 'invalid', algorithm, problem: 'signature does not verify' };
  }
  throw new EmrtdError('UNSUPPORTED', 'DG15: Active Authentication key is neither RSA nor EC');
}

/** Expected signature length: the modulus for RSA, r‖s for ECDSA. */
function expectedLength(spki: Uint8Array): number {
  const key = parsePublicKey(spki, 'DG15');
  if (key.kind === 'RSA') return modulusBytes(key.rsa);
  if (key.kind === 'EC') return 2 * key.curve.orderBytes;
  return 256;
}

/** INTERNAL AUTHENTICATE with a fresh challenge (9303-11 §6.1.2), then the check above. */
export async function performActiveAuthentication(
  sender: ApduSender,
  dg15Spki: Uint8Array,
  dg14: readonly SecurityInfo[] | null,
  rng: (n: number) => Uint8Array = randomBytes,
): Promise<ActiveAuthResult> {
  let challenge = rng(8).slice();
  let resp = await sender.send({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le: 256 });
  if (resp.sw === 0x6700 || (resp.sw & 0xff00) === 0x6c00) {
    // A wrapped answer too long for a short APDU (large RSA keys under AES): ask again with extended length.
    challenge = rng(8).slice();
    const n = expectedLength(dg15Spki);
    resp = await sender.send({ cla: 0x00, ins: 0x88, p1: 0x00, p2: 0x00, data: challenge, le: Math.max(n, 257), extended: true });
  }
  if (resp.sw === 0x6700) {
    // Not a verdict on the chip: its answer cannot travel on this link (GET RESPONSE chaining is not used).
    return { status: 'not-checked', algorithm: null, problem: 'the signature does not fit a short APDU and extended length was refused' };
  }
  if (resp.sw !== SW_OK) {
    return { status: 'invalid', algorithm: null, problem: `chip refused INTERNAL AUTHENTICATE (${resp.sw.toString(16).toUpperCase()} ${statusWordName(resp.sw)})` };
  }
  const aaInfo = dg14?.find((i) => i.kind === 'ActiveAuthentication');
  return verifyActiveAuthentication(dg15Spki, challenge, resp.data, aaInfo?.signatureAlgorithm);
}
