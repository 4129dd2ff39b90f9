import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import {
  aesCbcDecrypt,
  aesCbcEncrypt,
  aesEcbDecryptBlock,
  aesEcbEncryptBlock,
} from '../../../../electron/emrtd/crypto/aes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';

// FIPS 197 Appendix C example vectors.
const FIPS197 = [
  { key: '000102030405060708090A0B0C0D0E0F', ct: '69C4E0D86A7B0430D8CDB78070B4C55A' },
  { key: '000102030405060708090A0B0C0D0E0F1011121314151617', ct: 'DDA97CA4864CDFE06EAF70A0EC0D7191' },
  { key: '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F', ct: '8EA2B7CA516745BFEAFC49904B496089' },
];
const FIPS197_PT = '00112233445566778899AABBCCDDEEFF';

// NIST SP 800-38A F.2.1/F.2.2 CBC-AES128.
const SP800_38A = {
  key: '2B7E151628AED2A6ABF7158809CF4F3C',
  iv: '000102030405060708090A0B0C0D0E0F',
  pt: '6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710',
  ct: '7649ABAC8119B246CEE98E9B12E9197D5086CB9B507219EE95DB113A917678B273BED6B8E3C1743B7116E69E222295163FF1CAA1681FAC09120ECA307586E1A7',
};

describe('AES', () => {
  for (const v of FIPS197) {
    it(`AES-${v.key.length * 4} block matches FIPS 197 Appendix C`, () => {
      expect(hex(aesEcbEncryptBlock(fromHex(v.key), fromHex(FIPS197_PT)))).toBe(v.ct);
      expect(hex(aesEcbDecryptBlock(fromHex(v.key), fromHex(v.ct)))).toBe(FIPS197_PT);
    });
  }

  it('AES-128-CBC matches NIST SP 800-38A F.2.1 and F.2.2', () => {
    const k = fromHex(SP800_38A.key);
    const iv = fromHex(SP800_38A.iv);
    expect(hex(aesCbcEncrypt(k, fromHex(SP800_38A.pt), iv))).toBe(SP800_38A.ct);
    expect(hex(aesCbcDecrypt(k, fromHex(SP800_38A.ct), iv))).toBe(SP800_38A.pt);
  });

  it('refuses unaligned data with an EmrtdError and bad keys with a RangeError', () => {
    const k = fromHex(SP800_38A.key);
    expect(() => aesCbcDecrypt(k, new Uint8Array(15), new Uint8Array(16))).toThrow(EmrtdError);
    expect(() => aesCbcEncrypt(new Uint8Array(20), new Uint8Array(16), new Uint8Array(16))).toThrow(RangeError);
  });
});
