import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { aesSmCipher, tdesSmCipher } from '../../../../electron/emrtd/sm/cipher.ts';
import { icaoVectors } from '../../../helpers/shared.ts';
import { GMRTD_AES256 } from './sm-fixtures.ts';

const d4 = icaoVectors().secureMessaging as unknown as { ksEnc: string; ksMac: string; exchanges: Record<string, string>[] };

describe('3DES SmCipher (9303-11 §9.8.6.1)', () => {
  const c = (): ReturnType<typeof tdesSmCipher> => tdesSmCipher(fromHex(d4.ksEnc), fromHex(d4.ksMac));

  it("encrypts the padded command data with IV 0 (D.4 DO'87')", () => {
    const x = d4.exchanges[0];
    // DO'87' = 87 09 01 ‖ cryptogram of pad('011E').
    expect(hex(c().encrypt(fromHex(x.commandSsc), fromHex('011E')))).toBe(x.do87.slice(6));
  });

  it('decrypts and unpads the response cryptogram (D.4 READ BINARY)', () => {
    const x = d4.exchanges[1];
    expect(hex(c().decrypt(fromHex(x.responseSsc), fromHex(x.responseDo87.slice(6))))).toBe(x.decryptedResponseData);
  });

  it('MACs pad(SSC ‖ M) for commands and responses (D.4 CC values)', () => {
    for (const x of d4.exchanges) {
      expect(hex(c().mac(fromHex(x.commandSsc), fromHex(x.m)))).toBe(x.cc);
      const dos = (x.responseDo87 ?? '') + x.responseDo99;
      expect(hex(c().mac(fromHex(x.responseSsc), fromHex(dos)))).toBe(x.responseCc);
    }
  });

  it('refuses work after wipe', () => {
    const cipher = c();
    cipher.wipe();
    expect(() => cipher.mac(new Uint8Array(8), new Uint8Array(4))).toThrow(EmrtdError);
    expect(() => cipher.encrypt(new Uint8Array(8), new Uint8Array(4))).toThrow(EmrtdError);
  });

  it("copies the keys: wiping the caller's buffers does not change the cipher", () => {
    const enc = fromHex(d4.ksEnc);
    const cipher = tdesSmCipher(enc, fromHex(d4.ksMac));
    enc.fill(0);
    const x = d4.exchanges[0];
    expect(hex(cipher.encrypt(fromHex(x.commandSsc), fromHex('011E')))).toBe(x.do87.slice(6));
  });
});

describe('AES SmCipher (9303-11 §9.8.6.2)', () => {
  const t = GMRTD_AES256;
  const c = (): ReturnType<typeof aesSmCipher> => aesSmCipher(fromHex(t.ksEnc), fromHex(t.ksMac));

  it("encrypts with IV = E(KSenc, SSC): the SELECT EF.COM DO'87' of a real AES-256 chip", () => {
    // SSC 0x20 → the SELECT uses 0x21; its DO'87' is 87 11 01 ‖ 16-byte cryptogram after the 5-byte header.
    const ssc = fromHex('00000000000000000000000000000021');
    expect(hex(c().encrypt(ssc, fromHex('011E')))).toBe(t.exchanges[0].protectedCommand.slice(16, 48));
  });

  it('the IV depends on the SSC (same data, next counter, other cryptogram)', () => {
    const a = c().encrypt(fromHex('00000000000000000000000000000021'), fromHex('011E'));
    const b = c().encrypt(fromHex('00000000000000000000000000000022'), fromHex('011E'));
    expect(hex(a)).not.toBe(hex(b));
  });

  it('truncates the CMAC to 8 bytes and takes a 16-byte SSC only', () => {
    expect(c().mac(new Uint8Array(16), fromHex('01')).length).toBe(8);
    expect(() => c().mac(new Uint8Array(8), fromHex('01'))).toThrow(RangeError);
    expect(() => aesSmCipher(new Uint8Array(20), new Uint8Array(16))).toThrow(RangeError);
  });

  it('rejects a cryptogram whose plaintext has no padding as malformed', () => {
    const ssc = new Uint8Array(16);
    const cipher = c();
    expect(cipher.decrypt(ssc, cipher.encrypt(ssc, new Uint8Array(15))).length).toBe(15);
    // 16 zero bytes decrypt (under these keys) to a block without an 80 00.. tail.
    expect(() => cipher.decrypt(ssc, new Uint8Array(16))).toThrow(EmrtdError);
    expect(() => cipher.decrypt(ssc, new Uint8Array(0))).toThrow(EmrtdError);
  });
});
