// Key derivation function of 9303-11 §9.7.1: keydata = H(K ‖ c) with a 32-bit big-endian counter
// (1 = encryption, 2 = MAC, 3 = PACE password key). SHA-1 for 3DES and AES-128, SHA-256 for AES-192/256.
import { createHash } from 'node:crypto';
import { adjustDesParity } from './des.ts';

export type KdfAlgorithm = 'DESede' | 'AES-128' | 'AES-192' | 'AES-256';

export const KDF_ENC = 1;
export const KDF_MAC = 2;
export const KDF_PI = 3;

function hash(alg: 'sha1' | 'sha256', secret: Uint8Array, counter: number): Uint8Array {
  const c = Uint8Array.of(counter >>> 24, (counter >> 16) & 0xff, (counter >> 8) & 0xff, counter & 0xff);
  const h = createHash(alg).update(secret).update(c).digest();
  const out = new Uint8Array(h.length);
  out.set(h, 0);
  h.fill(0);
  return out;
}

export function deriveKey(secret: Uint8Array, counter: 1 | 2 | 3, alg: KdfAlgorithm): Uint8Array {
  let keydata: Uint8Array;
  let key: Uint8Array;
  switch (alg) {
    case 'DESede':
      // Two-key 3DES: Ka = keydata[0..8], Kb = keydata[8..16], with DES parity set (K3 = K1 at use).
      keydata = hash('sha1', secret, counter);
      key = adjustDesParity(keydata.subarray(0, 16));
      break;
    case 'AES-128':
      keydata = hash('sha1', secret, counter);
      key = keydata.slice(0, 16);
      break;
    case 'AES-192':
      keydata = hash('sha256', secret, counter);
      key = keydata.slice(0, 24);
      break;
    case 'AES-256':
      keydata = hash('sha256', secret, counter);
      key = keydata.slice(0, 32);
      break;
    default:
      throw new RangeError(`deriveKey: unknown algorithm ${String(alg)}`);
  }
  keydata.fill(0);
  return key;
}
