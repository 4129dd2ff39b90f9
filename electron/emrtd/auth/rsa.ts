// RSA public-key operations for the pure path (RFC 8017): the raw primitive s^e mod n, and signature checks
// with EMSA-PKCS1-v1_5 (§9.2) and EMSA-PSS (§9.1.2) on top. Active Authentication's ISO/IEC 9796-2 decoding
// also starts from the raw primitive.
import { concat, equal } from '../bytes.ts';
import type { HashName } from '../lds/oids.ts';
import { bigIntToBytes, bytesToBigInt, modPow } from './bigint.ts';
import { digest, HASH_LENGTH } from './hash.ts';

export interface RsaPublicKey {
  modulus: Uint8Array;
  exponent: Uint8Array;
}

export function modulusBytes(key: RsaPublicKey): number {
  const n = bytesToBigInt(key.modulus);
  return Math.ceil(n.toString(2).length / 8);
}

/** s^e mod n as k bytes, or null when s is not below n (RFC 8017 §5.2.2 RSAVP1). */
export function rsaPublicOp(key: RsaPublicKey, signature: Uint8Array): Uint8Array | null {
  const n = bytesToBigInt(key.modulus);
  const s = bytesToBigInt(signature);
  if (s >= n) return null;
  return bigIntToBytes(modPow(s, bytesToBigInt(key.exponent), n), modulusBytes(key));
}

// DigestInfo prefixes (RFC 8017 §9.2 note 1).
const DIGEST_INFO: Record<HashName, string> = {
  'SHA-1': '3021300906052b0e03021a05000414',
  'SHA-224': '302d300d06096086480165030402040500041c',
  'SHA-256': '3031300d060960864801650304020105000420',
  'SHA-384': '3041300d060960864801650304020205000430',
  'SHA-512': '3051300d060960864801650304020305000440',
};

function fromHexLower(h: string): Uint8Array {
  return Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
}

/** DigestInfo without the NULL parameters, which some signers emit (RFC 8017 §9.2 note 2 allows accepting it). */
function digestInfoNoNull(hash: HashName, h: Uint8Array): Uint8Array {
  const full = fromHexLower(DIGEST_INFO[hash]);
  // 30 L 30 L' 06 n oid 05 00 04 hl → drop 05 00 and shorten both lengths by 2.
  const oidLen = full[5];
  const algEnd = 6 + oidLen;
  const out = concat(Uint8Array.of(0x30, full[1] - 2, 0x30, full[3] - 2), full.subarray(4, algEnd), full.subarray(algEnd + 2));
  return concat(out, h);
}

export function verifyPkcs1v15(key: RsaPublicKey, hash: HashName, messageDigest: Uint8Array, signature: Uint8Array): boolean {
  const k = modulusBytes(key);
  if (signature.length !== k) return false;
  const em = rsaPublicOp(key, signature);
  if (!em) return false;
  for (const t of [concat(fromHexLower(DIGEST_INFO[hash]), messageDigest), digestInfoNoNull(hash, messageDigest)]) {
    if (k < t.length + 11) continue;
    const expected = new Uint8Array(k);
    expected[1] = 0x01;
    expected.fill(0xff, 2, k - t.length - 1);
    expected.set(t, k - t.length);
    if (equal(em, expected)) return true;
  }
  return false;
}

/** MGF1 (RFC 8017 §B.2.1). */
export function mgf1(hash: HashName, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let o = 0;
  for (let c = 0; o < length; c++) {
    const block = digest(hash, seed, Uint8Array.of(c >>> 24, (c >> 16) & 0xff, (c >> 8) & 0xff, c & 0xff));
    out.set(block.subarray(0, Math.min(block.length, length - o)), o);
    o += block.length;
  }
  return out;
}

export interface PssParams {
  hash: HashName;
  mgfHash: HashName;
  saltLength: number;
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) over the message digest mHash. */
export function verifyPss(key: RsaPublicKey, p: PssParams, mHash: Uint8Array, signature: Uint8Array): boolean {
  const k = modulusBytes(key);
  if (signature.length !== k) return false;
  const raw = rsaPublicOp(key, signature);
  if (!raw) return false;
  const modBits = bytesToBigInt(key.modulus).toString(2).length;
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = raw.subarray(raw.length - emLen);
  if (raw.length > emLen && raw[0] !== 0) return false;
  const hLen = HASH_LENGTH[p.hash];
  if (emLen < hLen + p.saltLength + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const unused = 8 * emLen - emBits;
  if (unused > 0 && (maskedDb[0] & (0xff << (8 - unused)) & 0xff) !== 0) return false;
  const mask = mgf1(p.mgfHash, h, maskedDb.length);
  const db = maskedDb.map((b, i) => b ^ mask[i]);
  if (unused > 0) db[0] &= 0xff >> unused;
  const psLen = emLen - hLen - p.saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - p.saltLength);
  const hPrime = digest(p.hash, new Uint8Array(8), mHash, salt);
  return equal(hPrime, h);
}
