import { getCiphers } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import {
  adjustDesParity,
  desDecryptBlock,
  desEncryptBlock,
  tdesCbcDecrypt,
  tdesCbcEncrypt,
} from '../../../../electron/emrtd/crypto/des.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const bac = icaoVectors().bac as Record<string, string>;

describe('DES from des-ede3-cbc', () => {
  it('the runtime has des-ede3-cbc (the one DES cipher both OpenSSL 3 and BoringSSL offer)', () => {
    expect(getCiphers()).toContain('des-ede3-cbc');
  });

  it('single DES matches the FIPS 81 / Schneier "Now is t" known answer', () => {
    // Key 0123456789ABCDEF, plaintext "Now is t" → 3FA40E8A984D4815 (FIPS PUB 81 Appendix B, ECB).
    const k = fromHex('0123456789ABCDEF');
    expect(hex(desEncryptBlock(k, fromHex('4E6F772069732074')))).toBe('3FA40E8A984D4815');
    expect(hex(desDecryptBlock(k, fromHex('3FA40E8A984D4815')))).toBe('4E6F772069732074');
  });

  it('single DES matches the NIST SP 800-17 variable-plaintext known answer (key 0101…, 80..00)', () => {
    const k = fromHex('0101010101010101');
    expect(hex(desEncryptBlock(k, fromHex('8000000000000000')))).toBe('95F8A5E5DD31D900');
    expect(hex(desDecryptBlock(k, fromHex('95F8A5E5DD31D900')))).toBe('8000000000000000');
  });

  it('two-key 3DES-CBC gives E.IFD and E.IC of 9303-11 Appendix D.3', () => {
    const kEnc = fromHex(bac.kEnc);
    expect(hex(tdesCbcEncrypt(kEnc, fromHex(bac.s)))).toBe(bac.eIfd);
    expect(hex(tdesCbcDecrypt(kEnc, fromHex(bac.eIfd)))).toBe(bac.s);
    expect(hex(tdesCbcDecrypt(kEnc, fromHex(bac.eIc)))).toBe(bac.r);
  });

  it('a 24-byte key K1‖K2‖K1 equals the 16-byte two-key form; an IV chains', () => {
    const k16 = fromHex(bac.kEnc);
    const k24 = fromHex(bac.kEnc + bac.kEnc.slice(0, 16));
    expect(hex(tdesCbcEncrypt(k24, fromHex(bac.s)))).toBe(bac.eIfd);
    // CBC: the second half encrypted with IV = first ciphertext block continues the chain.
    const s = fromHex(bac.s);
    const e = fromHex(bac.eIfd);
    expect(hex(tdesCbcEncrypt(k16, s.subarray(8), e.subarray(0, 8)))).toBe(bac.eIfd.slice(16));
  });

  it('refuses data that is not block aligned with an EmrtdError', () => {
    expect(() => tdesCbcDecrypt(fromHex(bac.kEnc), new Uint8Array(9))).toThrow(EmrtdError);
    expect(() => tdesCbcEncrypt(fromHex(bac.kEnc), new Uint8Array(7))).toThrow(EmrtdError);
  });

  it('adjusts DES parity like 9303-11 D.2 (raw SHA-1 output → parity-adjusted keys)', () => {
    expect(hex(adjustDesParity(fromHex(bac.kEncSha1Raw.slice(0, 32))))).toBe(bac.kEnc);
    expect(hex(adjustDesParity(fromHex(bac.kMacSha1Raw.slice(0, 32))))).toBe(bac.kMac);
    expect(hex(adjustDesParity(fromHex(bac.ksEncSha1Raw.slice(0, 32))))).toBe(bac.ksEnc);
    expect(hex(adjustDesParity(fromHex(bac.ksMacSha1Raw.slice(0, 32))))).toBe(bac.ksMac);
    for (const b of adjustDesParity(fromHex('00FF7F80'))) {
      let ones = 0;
      for (let v = b; v; v >>= 1) ones += v & 1;
      expect(ones % 2).toBe(1);
    }
  });
});
