// DES and two/three-key Triple DES for BAC and 3DES secure messaging (9303-11 §4.3.3, §9.8.6.1).
// Only 'des-ede3-cbc' is used from node:crypto: Node 20's OpenSSL 3 and Electron's BoringSSL both have it,
// while single DES ('des-cbc', 'des-ecb') is missing from one or the other. Single DES is Triple DES with
// K1‖K1‖K1, and one block of CBC with a zero IV is ECB.
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { EmrtdError } from '../errors.ts';

const ZERO_IV = new Uint8Array(8);

function tdesKey24(key: Uint8Array): Uint8Array {
  if (key.length === 24) return key;
  if (key.length === 16) {
    // Two-key 3DES: K3 = K1 (9303-11 §9.7.1 keys are 16 bytes).
    const k = new Uint8Array(24);
    k.set(key, 0);
    k.set(key.subarray(0, 8), 16);
    return k;
  }
  throw new RangeError(`3DES key must be 16 or 24 bytes, got ${key.length}`);
}

function checkBlocks(data: Uint8Array, what: string): void {
  if (data.length % 8 !== 0) {
    throw new EmrtdError('SM_MALFORMED', `${what}: ${data.length} bytes is not a whole number of 8-byte blocks`);
  }
}

function checkIv(iv: Uint8Array): void {
  if (iv.length !== 8) throw new RangeError(`3DES IV must be 8 bytes, got ${iv.length}`);
}

function run(decrypt: boolean, key24: Uint8Array, data: Uint8Array, iv: Uint8Array): Uint8Array {
  const c = decrypt ? createDecipheriv('des-ede3-cbc', key24, iv) : createCipheriv('des-ede3-cbc', key24, iv);
  c.setAutoPadding(false);
  const a = c.update(data);
  const b = c.final();
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** 3DES-CBC encryption of block-aligned data (no padding added). Key 16 bytes (K1‖K2) or 24 (K1‖K2‖K3). */
export function tdesCbcEncrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkBlocks(data, '3DES encrypt');
  checkIv(iv);
  const k = tdesKey24(key);
  try {
    return run(false, k, data, iv);
  } finally {
    if (k !== key) k.fill(0);
  }
}

/** 3DES-CBC decryption of block-aligned data (no padding removed). */
export function tdesCbcDecrypt(key: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkBlocks(data, '3DES decrypt');
  checkIv(iv);
  const k = tdesKey24(key);
  try {
    return run(true, k, data, iv);
  } finally {
    if (k !== key) k.fill(0);
  }
}

function singleDesKey(k8: Uint8Array): Uint8Array {
  if (k8.length !== 8) throw new RangeError(`DES key must be 8 bytes, got ${k8.length}`);
  const k = new Uint8Array(24);
  k.set(k8, 0);
  k.set(k8, 8);
  k.set(k8, 16);
  return k;
}

/** Single-DES CBC over block-aligned data with K1‖K1‖K1 (the first stage of MAC algorithm 3). */
export function desCbcEncrypt(k8: Uint8Array, data: Uint8Array, iv: Uint8Array = ZERO_IV): Uint8Array {
  checkBlocks(data, 'DES encrypt');
  checkIv(iv);
  const k = singleDesKey(k8);
  try {
    return run(false, k, data, iv);
  } finally {
    k.fill(0);
  }
}

export function desEncryptBlock(k8: Uint8Array, block8: Uint8Array): Uint8Array {
  if (block8.length !== 8) throw new RangeError(`DES block must be 8 bytes, got ${block8.length}`);
  return desCbcEncrypt(k8, block8);
}

export function desDecryptBlock(k8: Uint8Array, block8: Uint8Array): Uint8Array {
  if (block8.length !== 8) throw new RangeError(`DES block must be 8 bytes, got ${block8.length}`);
  const k = singleDesKey(k8);
  try {
    return run(true, k, block8, ZERO_IV);
  } finally {
    k.fill(0);
  }
}

/** Set the low bit of each byte so every byte has odd parity (FIPS 46-3; 9303-11 §9.7.1 DESede keys). */
export function adjustDesParity(key: Uint8Array): Uint8Array {
  const out = new Uint8Array(key.length);
  for (let i = 0; i < key.length; i++) {
    const b = key[i] & 0xfe;
    let ones = 0;
    for (let v = b; v; v >>= 1) ones += v & 1;
    out[i] = b | (ones % 2 === 0 ? 1 : 0);
  }
  return out;
}
