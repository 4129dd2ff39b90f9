// AES-CBC without padding and one-block AES-ECB (FIPS 197, NIST SP 800-38A) for PACE and AES secure
// messaging (9303-11 §9.8.6.2). Both exist in OpenSSL 3 and BoringSSL under these names.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { EmrtdError } from '../errors.ts';

const ZERO_IV = new Uint8Array(16);

function algorithm(key: Uint8Array): string {
  if (key.length === 16 || key.length === 24 || key.length === 32) return `aes-${key.length * 8}-cbc`;
  throw new RangeError(`AES key must be 16, 24 or 32 bytes, got ${key.length}`);
}

function run(decrypt: boolean, key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array {
  const alg = algorithm(key);
  if (iv.length !== 16) throw new RangeError(`AES IV must be 16 bytes, got ${iv.length}`);
  if (data.length % 16 !== 0) {
    throw new EmrtdError('SM_MALFORMED', `AES: ${data.length} bytes is not a whole number of 16-byte blocks`);
  }
  const c = decrypt ? createDecipheriv(alg, key, iv) : createCipheriv(alg, key, iv);
  c.setAutoPadding(false);
  const a = c.update(data);
  const b = c.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** AES-CBC encryption of block-aligned data (no padding added). */
export function aesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array {
  return run(false, key, data, iv);
}

/** AES-CBC decryption of block-aligned data (no padding removed). */
export function aesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array {
  return run(true, key, data, iv);
}

/** AES of one 16-byte block (ECB), as one CBC block with a zero IV. */
export function aesEcbEncryptBlock(key: Uint8Array, block16: Uint8Array): Uint8Array {
  if (block16.length !== 16) throw new RangeError(`AES block must be 16 bytes, got ${block16.length}`);
  return run(false, key, block16, ZERO_IV);
}

export function aesEcbDecryptBlock(key: Uint8Array, block16: Uint8Array): Uint8Array {
  if (block16.length !== 16) throw new RangeError(`AES block must be 16 bytes, got ${block16.length}`);
  return run(true, key, block16, ZERO_IV);
}
