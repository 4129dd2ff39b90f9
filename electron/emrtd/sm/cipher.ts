// The two cipher suites of secure messaging (9303-11 §9.8.6): 3DES-CBC + retail MAC after BAC or
// 3DES PACE, AES-CBC + AES-CMAC after AES PACE or Chip Authentication.
import { aesCbcDecrypt, aesCbcEncrypt, aesEcbEncryptBlock } from '../crypto/aes.ts';
import { aesCmac } from '../crypto/cmac.ts';
import { tdesCbcDecrypt, tdesCbcEncrypt } from '../crypto/des.ts';
import { mac3 } from '../crypto/mac3.ts';
import { padIso9797M2, unpadIso9797M2 } from '../crypto/padding.ts';
import { concat } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';

export interface SmCipher {
  readonly name: '3DES' | 'AES';
  /** Block size in bytes; also the length of the send sequence counter. */
  readonly blockSize: 8 | 16;
  /** E(KSenc, pad(data)): pads with ISO 9797-1 method 2, then encrypts. */
  encrypt(ssc: Uint8Array, data: Uint8Array): Uint8Array;
  /** Decrypts a whole number of blocks and removes the padding (throws 'SM_MALFORMED' when it is absent). */
  decrypt(ssc: Uint8Array, data: Uint8Array): Uint8Array;
  /** The 8-byte MAC over pad(SSC ‖ message). */
  mac(ssc: Uint8Array, message: Uint8Array): Uint8Array;
  /** Overwrite the session keys; the cipher refuses all work afterwards. */
  wipe(): void;
}

function ended(): never {
  throw new EmrtdError('SM_MAC_INVALID', 'secure messaging: session keys were wiped');
}

function checkSsc(ssc: Uint8Array, n: number): void {
  if (ssc.length !== n) throw new RangeError(`secure messaging: SSC must be ${n} bytes, got ${ssc.length}`);
}

/** 9303-11 §9.8.6.1: 3DES two-key CBC with IV 0, MAC algorithm 3 over pad(SSC ‖ M); SSC 8 bytes. */
export function tdesSmCipher(ksEnc: Uint8Array, ksMac: Uint8Array): SmCipher {
  if (ksEnc.length !== 16 || ksMac.length !== 16) throw new RangeError('3DES session keys must be 16 bytes');
  const enc = ksEnc.slice();
  const mac = ksMac.slice();
  let live = true;
  return {
    name: '3DES',
    blockSize: 8,
    encrypt(ssc, data) {
      if (!live) ended();
      checkSsc(ssc, 8);
      const padded = padIso9797M2(data, 8);
      const out = tdesCbcEncrypt(enc, padded);
      padded.fill(0);
      return out;
    },
    decrypt(ssc, data) {
      if (!live) ended();
      checkSsc(ssc, 8);
      if (data.length === 0) throw new EmrtdError('SM_MALFORMED', 'secure messaging: empty cryptogram');
      const padded = tdesCbcDecrypt(enc, data);
      try {
        return unpadIso9797M2(padded, 8);
      } finally {
        padded.fill(0);
      }
    },
    mac(ssc, message) {
      if (!live) ended();
      checkSsc(ssc, 8);
      const n = concat(ssc, message);
      try {
        return mac3(mac, n, { pad: true });
      } finally {
        n.fill(0);
      }
    },
    wipe() {
      live = false;
      enc.fill(0);
      mac.fill(0);
    },
  };
}

/**
 * 9303-11 §9.8.6.2: AES-CBC with IV = E(KSenc, SSC), AES-CMAC over pad(SSC ‖ M) truncated to 8 bytes;
 * SSC 16 bytes. KSenc and KSmac of 16, 24 or 32 bytes (AES-128/192/256).
 */
export function aesSmCipher(ksEnc: Uint8Array, ksMac: Uint8Array): SmCipher {
  for (const k of [ksEnc, ksMac]) {
    if (k.length !== 16 && k.length !== 24 && k.length !== 32) throw new RangeError('AES session keys must be 16, 24 or 32 bytes');
  }
  const enc = ksEnc.slice();
  const mac = ksMac.slice();
  let live = true;
  const iv = (ssc: Uint8Array): Uint8Array => {
    if (!live) ended();
    checkSsc(ssc, 16);
    return aesEcbEncryptBlock(enc, ssc);
  };
  return {
    name: 'AES',
    blockSize: 16,
    encrypt(ssc, data) {
      const padded = padIso9797M2(data, 16);
      const out = aesCbcEncrypt(enc, padded, iv(ssc));
      padded.fill(0);
      return out;
    },
    decrypt(ssc, data) {
      const v = iv(ssc);
      if (data.length === 0) throw new EmrtdError('SM_MALFORMED', 'secure messaging: empty cryptogram');
      const padded = aesCbcDecrypt(enc, data, v);
      try {
        return unpadIso9797M2(padded, 16);
      } finally {
        padded.fill(0);
      }
    },
    mac(ssc, message) {
      if (!live) ended();
      checkSsc(ssc, 16);
      const n = padIso9797M2(concat(ssc, message), 16);
      const full = aesCmac(mac, n);
      const out = full.slice(0, 8);
      full.fill(0);
      n.fill(0);
      return out;
    },
    wipe() {
      live = false;
      enc.fill(0);
      mac.fill(0);
    },
  };
}
