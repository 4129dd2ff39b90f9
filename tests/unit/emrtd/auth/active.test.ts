// Active Authentication against the shared vectors (a real chip's RSA-1792 answer with trailer 34CC, and the
// ISO/IEC 9796-2 decode cases), on both crypto paths, including the exact secure-messaging APDUs.
import { afterAll, describe, expect, it } from 'vitest';
import { performActiveAuthentication, verifyActiveAuthentication } from '../../../../electron/emrtd/auth/active.ts';
import { setCryptoPath, type CryptoPath } from '../../../../electron/emrtd/auth/crypto-provider.ts';
import { decodeScheme1, encodeScheme1, verifyScheme1 } from '../../../../electron/emrtd/auth/iso9796-2.ts';
import { decodeCommand, encodeCommand, type CommandApdu, type ResponseApdu, decodeResponse } from '../../../../electron/emrtd/apdu.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { parseDg15 } from '../../../../electron/emrtd/lds/dg15.ts';
import { tdesSmCipher } from '../../../../electron/emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../../../electron/emrtd/sm/secure-messaging.ts';
import { SecureSender } from '../../../../electron/emrtd/sm/secure-sender.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

interface AaVector {
  dg15: string;
  rndIfd: string;
  signature: string;
  recoveredF: string;
  m1: string;
  d: string;
  trailer: string;
  hashAlgorithm: string;
  internalAuthenticateUnprotected: string;
  secureMessaging: { ksEnc: string; ksMac: string; ssc: string; protectedCommand: string; protectedResponse: string };
}
interface Iso9796Vector {
  rndIfd: string;
  cases: { hashAlgorithm: string; f: string; m1: string; d: string; trailer: string }[];
}

const v = icaoVectors();
const aa = v.activeAuthentication as unknown as AaVector;
const iso = v.iso9796_2 as unknown as Iso9796Vector;

afterAll(() => setCryptoPath('pure'));

describe('ISO/IEC 9796-2 scheme 1 (vector iso9796_2)', () => {
  for (const c of iso.cases) {
    it(`decodes ${c.hashAlgorithm} with trailer ${c.trailer} and checks D = H(M1 ‖ RND.IFD)`, () => {
      const r = decodeScheme1(fromHex(c.f));
      expect(r.header).toBe(0x6a);
      expect(hex(r.m1)).toBe(c.m1);
      expect(hex(r.d)).toBe(c.d);
      expect(hex(r.trailer)).toBe(c.trailer);
      expect(r.hash).toBe(c.hashAlgorithm);
      expect(verifyScheme1(fromHex(c.f), fromHex(iso.rndIfd))).toBe(true);
      expect(verifyScheme1(fromHex(c.f), fromHex('0102030405060709'))).toBe(false);
      // Re-encoding the same M1 gives F back byte for byte.
      const k = fromHex(c.f).length;
      expect(hex(encodeScheme1(fromHex(c.m1), fromHex(iso.rndIfd), r.hash, k, c.trailer !== 'BC'))).toBe(c.f);
    });
  }

  it('rejects other headers and trailers as malformed, unknown hash identifiers as unsupported', () => {
    expect(() => decodeScheme1(fromHex('6B00112233BC'))).toThrow(/header/);
    expect(() => decodeScheme1(fromHex('6A00112233AA'))).toThrow(/trailer/);
    expect(() => decodeScheme1(fromHex('6A0011223331CC'))).toThrow(/hash identifier 31/);
  });
});

describe('RSA Active Authentication (vector activeAuthentication, RSA-1792, trailer 34CC)', () => {
  const spki = parseDg15(fromHex(aa.dg15)).spki;
  for (const path of ['pure', 'native'] as CryptoPath[]) {
    it(`verifies the chip's signature on the ${path} path`, () => {
      setCryptoPath(path);
      const r = verifyActiveAuthentication(spki, fromHex(aa.rndIfd), fromHex(aa.signature));
      expect(r).toEqual({ status: 'valid', algorithm: 'RSA-1792 ISO 9796-2 SHA-256' });
    });
  }

  it('fails for another challenge and for a flipped signature bit', () => {
    setCryptoPath('pure');
    expect(verifyActiveAuthentication(spki, fromHex('96302B0F3D7E7865'), fromHex(aa.signature)).status).toBe('invalid');
    const sig = fromHex(aa.signature);
    sig[100] ^= 0x01;
    expect(verifyActiveAuthentication(spki, fromHex(aa.rndIfd), sig).status).toBe('invalid');
  });

  it('sends the exact protected INTERNAL AUTHENTICATE of the vector and accepts its protected answer', async () => {
    setCryptoPath('pure');
    const sm = aa.secureMessaging;
    const seen: CommandApdu[] = [];
    const wire = {
      async send(cmd: CommandApdu): Promise<ResponseApdu> {
        seen.push(cmd);
        return decodeResponse(fromHex(sm.protectedResponse));
      },
    };
    const sender = new SecureSender(wire, new SecureMessaging(tdesSmCipher(fromHex(sm.ksEnc), fromHex(sm.ksMac)), fromHex(sm.ssc)));
    const r = await performActiveAuthentication(sender, spki, null, () => fromHex(aa.rndIfd));
    expect(hex(encodeCommand(seen[0]))).toBe(sm.protectedCommand);
    expect(decodeCommand(fromHex(aa.internalAuthenticateUnprotected))).toMatchObject({ ins: 0x88, le: 256 });
    expect(r.status).toBe('valid');
  });
});
