// The symmetric half of PACE (9303-11 §4.4.3, §9.7): the password and its key K_pi, the nonce's encryption,
// session keys from the shared secret, authentication tokens over the public-key data object, and the secure
// messaging session both sides start with. Shared by the terminal and the software chip.
import { createHash } from 'node:crypto';
import { ascii, wipe } from '../bytes.ts';
import { aesCbcDecrypt, aesCbcEncrypt } from '../crypto/aes.ts';
import { aesCmac } from '../crypto/cmac.ts';
import { tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import { deriveKey, KDF_ENC, KDF_MAC, KDF_PI, type KdfAlgorithm } from '../crypto/kdf.ts';
import { mac3 } from '../crypto/mac3.ts';
import { EmrtdError } from '../errors.ts';
import { aesSmCipher, tdesSmCipher } from '../sm/cipher.ts';
import { SecureMessaging } from '../sm/secure-messaging.ts';
import { encodeTlv } from '../tlv.ts';
import type { AccessKey } from './access-key.ts';
import { encodeOidValue } from './pace-info.ts';

/** MSE:Set AT password references (9303-11 §4.4.4.1, DO'83'). */
export const PASSWORD_MRZ = 0x01;
export const PASSWORD_CAN = 0x02;

export function passwordReference(key: AccessKey): number {
  return key.kind === 'can' ? PASSWORD_CAN : PASSWORD_MRZ;
}

/** π: SHA-1(MRZ information), all 20 bytes, or the CAN's digits as ASCII (9303-11 §9.7.3). */
export function pacePassword(key: AccessKey): Uint8Array {
  return key.kind === 'can' ? ascii(key.can) : mrzPassword(key.mrzInformation);
}

/** SHA-1 of the MRZ information (document number, birth and expiry dates with their check digits). */
export function mrzPassword(mrzInformation: string): Uint8Array {
  const mrz = ascii(mrzInformation);
  const digest = createHash('sha1').update(mrz).digest();
  const out = new Uint8Array(digest);
  digest.fill(0);
  wipe(mrz);
  return out;
}

/** K_pi = KDF(π, 3) (9303-11 §9.7.3). */
export function passwordKey(password: Uint8Array, cipher: KdfAlgorithm): Uint8Array {
  return deriveKey(password, KDF_PI, cipher);
}

export function blockSize(cipher: KdfAlgorithm): 8 | 16 {
  return cipher === 'DESede' ? 8 : 16;
}

/** z = E(K_pi, s) in CBC mode with a zero IV (9303-11 §4.4.3.1); the chip side. */
export function encryptNonce(kPi: Uint8Array, nonce: Uint8Array, cipher: KdfAlgorithm): Uint8Array {
  return cipher === 'DESede' ? tdesCbcEncrypt(kPi, nonce) : aesCbcEncrypt(kPi, nonce, new Uint8Array(16));
}

/** s = D(K_pi, z); the terminal side. z must be a whole number of cipher blocks. */
export function decryptNonce(kPi: Uint8Array, z: Uint8Array, cipher: KdfAlgorithm): Uint8Array {
  const bs = blockSize(cipher);
  if (z.length === 0 || z.length % bs !== 0) throw new EmrtdError('APDU_MALFORMED', `PACE: encrypted nonce of ${z.length} bytes`);
  return cipher === 'DESede' ? tdesCbcDecrypt(kPi, z) : aesCbcDecrypt(kPi, z, new Uint8Array(16));
}

export interface PaceSessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
}

/** KSenc = KDF(K, 1), KSmac = KDF(K, 2) (9303-11 §4.4.3.4, §9.7.1). */
export function paceSessionKeys(sharedSecret: Uint8Array, cipher: KdfAlgorithm): PaceSessionKeys {
  return { ksEnc: deriveKey(sharedSecret, KDF_ENC, cipher), ksMac: deriveKey(sharedSecret, KDF_MAC, cipher) };
}

/** The public-key data object the tokens cover: 7F49 { 06 OID, 86 point | 84 value } (9303-11 §4.4.3.5, §9.4.5). */
export function tokenInput(protocolOid: string, publicKeyTag: 0x84 | 0x86, publicKey: Uint8Array): Uint8Array {
  return encodeTlv(0x7f49, encodeTlv(0x06, encodeOidValue(protocolOid)), encodeTlv(publicKeyTag, publicKey));
}

/**
 * T = MAC(KSmac, public-key data object of the other side's ephemeral key): AES-CMAC truncated to 8 bytes,
 * or for 3DES the retail MAC over the ISO 9797-1 method 2 padded object (9303-11 §4.4.3.5, §9.8.6).
 */
export function authenticationToken(
  ksMac: Uint8Array,
  cipher: KdfAlgorithm,
  protocolOid: string,
  publicKeyTag: 0x84 | 0x86,
  otherPublicKey: Uint8Array,
): Uint8Array {
  const input = tokenInput(protocolOid, publicKeyTag, otherPublicKey);
  if (cipher === 'DESede') return mac3(ksMac, input, { pad: true });
  const full = aesCmac(ksMac, input);
  const t = full.slice(0, 8);
  full.fill(0);
  return t;
}

/** Secure messaging restarted with the PACE session keys and a zero send sequence counter (9303-11 §9.8.6.3). */
export function paceSecureMessaging(keys: PaceSessionKeys, cipher: KdfAlgorithm): SecureMessaging {
  return cipher === 'DESede'
    ? new SecureMessaging(tdesSmCipher(keys.ksEnc, keys.ksMac), new Uint8Array(8))
    : new SecureMessaging(aesSmCipher(keys.ksEnc, keys.ksMac), new Uint8Array(16));
}
