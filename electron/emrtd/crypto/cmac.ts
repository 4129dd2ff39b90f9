// AES-CMAC (RFC 4493, NIST SP 800-38B), written here because BoringSSL (Electron) has no CMAC cipher.
// The MAC of PACE tokens and AES secure messaging (9303-11 §9.8.6.2, truncated to 8 bytes there).
import { aesCbcEncrypt, aesEcbEncryptBlock } from './aes.ts';

const RB = 0x87;

/** Multiply by x in GF(2^128): shift left one bit, xor Rb into the last byte on carry (RFC 4493 §2.3). */
function dbl(block: Uint8Array): Uint8Array {
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = ((block[i] << 1) | (i < 15 ? block[i + 1] >> 7 : 0)) & 0xff;
  if (block[0] & 0x80) out[15] ^= RB;
  return out;
}

/** The subkeys K1 and K2 (RFC 4493 §2.3). */
export function cmacSubkeys(key: Uint8Array): { k1: Uint8Array; k2: Uint8Array } {
  const l = aesEcbEncryptBlock(key, new Uint8Array(16));
  const k1 = dbl(l);
  const k2 = dbl(k1);
  l.fill(0);
  return { k1, k2 };
}

/** The full 16-byte AES-CMAC of `data` (RFC 4493 §2.4). Key 16, 24 or 32 bytes. */
export function aesCmac(key: Uint8Array, data: Uint8Array): Uint8Array {
  const { k1, k2 } = cmacSubkeys(key);
  const n = Math.max(1, Math.ceil(data.length / 16));
  const complete = data.length > 0 && data.length % 16 === 0;
  const last = new Uint8Array(16);
  const tailStart = (n - 1) * 16;
  last.set(data.subarray(tailStart), 0);
  if (complete) {
    for (let i = 0; i < 16; i++) last[i] ^= k1[i];
  } else {
    last[data.length - tailStart] = 0x80;
    for (let i = 0; i < 16; i++) last[i] ^= k2[i];
  }
  // CBC-MAC over the first n-1 blocks in one call; its last block is the chaining value for M_last.
  let x = new Uint8Array(16);
  if (n > 1) {
    const cbc = aesCbcEncrypt(key, data.subarray(0, tailStart), new Uint8Array(16));
    x = cbc.slice(cbc.length - 16);
    cbc.fill(0);
  }
  for (let i = 0; i < 16; i++) last[i] ^= x[i];
  const t = aesEcbEncryptBlock(key, last);
  k1.fill(0);
  k2.fill(0);
  last.fill(0);
  return t;
}
