// The emulated chip's side of Active Authentication (9303-11 §6.1.2): sign the terminal's challenge with the
// chip's private key — RSA with ISO/IEC 9796-2 scheme 1 (SHA-1/BC up to 1024 bits, SHA-256/34CC above), or
// ECDSA plain r‖s with the hash DG14's ActiveAuthenticationInfo names.
import { randomBytes } from '../../emrtd/crypto/random.ts';
import { bigIntToBytes, bytesToBigInt, modPow } from '../../emrtd/auth/bigint.ts';
import { aaEcdsaHash, aaRsaHash } from '../../emrtd/auth/active.ts';
import { digest } from '../../emrtd/auth/hash.ts';
import { encodeScheme1 } from '../../emrtd/auth/iso9796-2.ts';
import type { SecurityInfo } from '../../emrtd/lds/dg14.ts';
import { parseChipPrivateKey, type ChipPrivateKey } from './chip-private-key.ts';

export class AaResponder {
  readonly #key: ChipPrivateKey;
  readonly #signatureAlgorithm: string | undefined;

  constructor(keyPem: string, dg14: readonly SecurityInfo[] | null) {
    this.#key = parseChipPrivateKey(keyPem);
    this.#signatureAlgorithm = dg14?.find((i) => i.kind === 'ActiveAuthentication')?.signatureAlgorithm;
  }

  /** The signature for INTERNAL AUTHENTICATE data (the 8-byte RND.IFD). */
  sign(challenge: Uint8Array): Uint8Array {
    const key = this.#key;
    if (key.kind === 'RSA') {
      const k = Math.ceil(key.bits / 8);
      const f = encodeScheme1(randomBytes(k), challenge, aaRsaHash(key.bits), k);
      return bigIntToBytes(modPow(bytesToBigInt(f), key.d, key.n), k);
    }
    if (key.kind === 'EC') {
      const h = digest(aaEcdsaHash(this.#signatureAlgorithm, key.curve.fieldBytes), challenge);
      return key.curve.ecdsa.sign(h, key.d, { prehash: false, lowS: false });
    }
    throw new RangeError('AaResponder: a DH key cannot sign');
  }
}
