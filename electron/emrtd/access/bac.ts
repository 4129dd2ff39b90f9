// Basic Access Control, terminal side (9303-11 §4.3, worked example in Appendix D): derive the document
// basic access keys from the MRZ, authenticate mutually with GET CHALLENGE / EXTERNAL AUTHENTICATE, and
// start 3DES secure messaging with the session keys and send sequence counter of §4.3.3.3 / §9.8.
import { createHash } from 'node:crypto';
import { SW_OK, expectOk, type CommandApdu } from '../apdu.ts';
import { ascii, concat, equal, wipe } from '../bytes.ts';
import type { ApduSender } from '../channel.ts';
import { tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import { deriveKey, KDF_ENC, KDF_MAC } from '../crypto/kdf.ts';
import { mac3 } from '../crypto/mac3.ts';
import { randomBytes } from '../crypto/random.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import { tdesSmCipher } from '../sm/cipher.ts';
import { SecureMessaging } from '../sm/secure-messaging.ts';

export interface BacKeys {
  kSeed: Uint8Array;
  kEnc: Uint8Array;
  kMac: Uint8Array;
}

export interface BacSessionKeys {
  ksEnc: Uint8Array;
  ksMac: Uint8Array;
  ssc: Uint8Array;
}

const MRZ_INFORMATION = /^[0-9A-Z<]+$/;

/** GET CHALLENGE for an 8-byte RND.IC (9303-11 §4.3.4.1). */
export const GET_CHALLENGE: Readonly<CommandApdu> = { cla: 0x00, ins: 0x84, p1: 0x00, p2: 0x00, le: 8 };

/**
 * Kseed = SHA-1(MRZ_information)[0..16], then Kenc and Kmac by the KDF with counters 1 and 2
 * (9303-11 §4.3.2, §9.7.1). MRZ_information = document number ‖ check digit ‖ date of birth ‖ check digit ‖
 * date of expiry ‖ check digit, as printed in the MRZ (fillers '<' included).
 */
export function deriveBacKeys(mrzInformation: string): BacKeys {
  if (!MRZ_INFORMATION.test(mrzInformation)) {
    throw new EmrtdError('MRZ_INVALID', 'BAC: the MRZ information may only hold 0-9, A-Z and <');
  }
  const mrz = ascii(mrzInformation);
  const digest = createHash('sha1').update(mrz).digest();
  const kSeed = new Uint8Array(digest.subarray(0, 16));
  digest.fill(0);
  wipe(mrz);
  return { kSeed, kEnc: deriveKey(kSeed, KDF_ENC, 'DESede'), kMac: deriveKey(kSeed, KDF_MAC, 'DESede') };
}

/**
 * Session keys from KS_seed = K.IFD xor K.IC, and SSC = RND.IC[4..8] ‖ RND.IFD[4..8] (9303-11 §4.3.3.3,
 * §9.8.6.3). The same computation on both sides, so the chip emulator uses it too.
 */
export function deriveBacSessionKeys(kIfd: Uint8Array, kIc: Uint8Array, rndIc: Uint8Array, rndIfd: Uint8Array): BacSessionKeys {
  if (kIfd.length !== 16 || kIc.length !== 16 || rndIc.length !== 8 || rndIfd.length !== 8) {
    throw new RangeError('BAC: K.IFD/K.IC must be 16 bytes and RND.IC/RND.IFD 8 bytes');
  }
  const seed = new Uint8Array(16);
  for (let i = 0; i < 16; i++) seed[i] = kIfd[i] ^ kIc[i];
  const keys = {
    ksEnc: deriveKey(seed, KDF_ENC, 'DESede'),
    ksMac: deriveKey(seed, KDF_MAC, 'DESede'),
    ssc: concat(rndIc.subarray(4, 8), rndIfd.subarray(4, 8)),
  };
  seed.fill(0);
  return keys;
}

/** E = 3DES-CBC(kEnc, IV 0, S) and M = MAC3(kMac, E): the 40-byte cryptogram of §4.3.3.1/§4.3.3.2. */
export function bacCryptogram(kEnc: Uint8Array, kMac: Uint8Array, s: Uint8Array): Uint8Array {
  const e = tdesCbcEncrypt(kEnc, s);
  return concat(e, mac3(kMac, e, { pad: true }));
}

/**
 * Verify the MAC of a 40-byte E ‖ M cryptogram and return the decrypted 32 bytes, or undefined when the
 * cryptogram does not authenticate (wrong length or MAC).
 */
export function openBacCryptogram(kEnc: Uint8Array, kMac: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  if (data.length !== 40) return undefined;
  const e = data.subarray(0, 32);
  if (!equal(mac3(kMac, e, { pad: true }), data.subarray(32, 40))) return undefined;
  return tdesCbcDecrypt(kEnc, e);
}

/**
 * Run BAC over a plain sender and return the secure-messaging session (wrap it in a SecureSender).
 * `rng` is asked for RND.IFD (8 bytes) and then K.IFD (16 bytes). A refused or unverifiable EXTERNAL
 * AUTHENTICATE means the access key (MRZ) is wrong: EmrtdError 'ACCESS_DENIED'.
 */
export async function performBac(
  sender: ApduSender,
  mrzInformation: string,
  rng: (n: number) => Uint8Array = randomBytes,
): Promise<SecureMessaging> {
  const { kSeed, kEnc, kMac } = deriveBacKeys(mrzInformation);
  wipe(kSeed);
  const secrets: Uint8Array[] = [kEnc, kMac];
  try {
    // 9303-11 §4.3.4.1: the chip's challenge.
    const rndIc = expectOk(await sender.send({ ...GET_CHALLENGE }), 'GET CHALLENGE');
    if (rndIc.length !== 8) throw new EmrtdError('APDU_MALFORMED', `GET CHALLENGE: ${rndIc.length} bytes, expected 8`);

    // §4.3.4.2: S = RND.IFD ‖ RND.IC ‖ K.IFD, sent as E.IFD ‖ M.IFD.
    const rndIfd = rng(8).slice();
    const kIfd = rng(16).slice();
    if (rndIfd.length !== 8 || kIfd.length !== 16) throw new RangeError('BAC: rng returned the wrong number of bytes');
    const s = concat(rndIfd, rndIc, kIfd);
    secrets.push(kIfd, s);
    const resp = await sender.send({ cla: 0x00, ins: 0x82, p1: 0x00, p2: 0x00, data: bacCryptogram(kEnc, kMac, s), le: 0x28 });
    if (resp.sw !== SW_OK) {
      throw new EmrtdError('ACCESS_DENIED', 'BAC: the chip refused EXTERNAL AUTHENTICATE (wrong access key?)', {
        cause: new StatusWordError(resp.sw, 'EXTERNAL AUTHENTICATE'),
      });
    }

    // §4.3.4.3: R = RND.IC ‖ RND.IFD ‖ K.IC, authenticated by M.IC; the chip must echo our RND.IFD.
    const r = openBacCryptogram(kEnc, kMac, resp.data);
    if (!r) throw new EmrtdError('ACCESS_DENIED', 'BAC: the chip cryptogram does not verify (wrong access key?)');
    secrets.push(r);
    if (!equal(r.subarray(8, 16), rndIfd)) throw new EmrtdError('ACCESS_DENIED', 'BAC: the chip did not return RND.IFD');
    const kIc = r.slice(16, 32);
    secrets.push(kIc);

    const ks = deriveBacSessionKeys(kIfd, kIc, rndIc, rndIfd);
    const sm = new SecureMessaging(tdesSmCipher(ks.ksEnc, ks.ksMac), ks.ssc);
    wipe(ks.ksEnc, ks.ksMac);
    return sm;
  } finally {
    wipe(...secrets);
  }
}
