import { describe, it, expect } from 'vitest';
import * as asn1js from 'asn1js';
import { icaoVectors } from '../../../helpers/shared.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { encodeTlv } from '../../../../electron/emrtd/tlv.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { parseDg15 } from '../../../../electron/emrtd/lds/dg15.ts';
import { CURVE_P256 } from '../../../../electron/emrtd/lds/oids.ts';
import { encodeDg15 } from '../../../../electron/card/fixtures/lds-encode.ts';

const aa = icaoVectors().activeAuthentication as Record<string, string>;

const P256 = {
  p: 'FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF',
  a: 'FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC',
  b: '5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B',
  g:
    '046B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296' +
    '4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5',
  n: 'FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551',
};

function uint(hexValue: string): asn1js.Integer {
  const b = fromHex(hexValue);
  return new asn1js.Integer({ valueHex: b[0] & 0x80 ? Uint8Array.of(0, ...b) : b });
}

describe('parseDg15', () => {
  it('reads the RSA key of the Active Authentication vector', () => {
    const dg15 = parseDg15(fromHex(aa.dg15));
    expect(dg15.algorithm).toBe('RSA');
    expect(hex(dg15.rsa?.modulus ?? new Uint8Array(0))).toBe(aa.modulus);
    expect(hex(dg15.rsa?.exponent ?? new Uint8Array(0))).toBe(aa.publicExponent);
    expect((dg15.rsa?.modulus.length ?? 0) * 8).toBe(Number(aa.modulusBits));
    expect(hex(dg15.spki)).toBe(aa.dg15.slice(8)); // 6F 82 01 02 removed
  });

  it('imports the same SPKI into WebCrypto', async () => {
    const { spki } = parseDg15(fromHex(aa.dg15));
    const key = await crypto.subtle.importKey('spki', new Uint8Array(spki), { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-1' }, true, ['verify']);
    expect((key.algorithm as RsaHashedKeyAlgorithm).modulusLength).toBe(1792);
  });

  it('reads an EC key on a named curve', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
    const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const dg15 = parseDg15(encodeDg15(spki));
    expect(dg15.algorithm).toBe('EC');
    expect(dg15.ec?.curveOid).toBe(CURVE_P256);
    expect(dg15.ec?.params).toBeNull();
    expect(hex(dg15.ec?.point ?? new Uint8Array(0))).toBe(hex(raw));
    expect(hex(dg15.spki)).toBe(hex(spki));
  });

  it('keeps explicit EC domain parameters as DER', () => {
    const params = new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 1 }),
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.10045.1.1' }), uint(P256.p)] }),
        new asn1js.Sequence({ value: [new asn1js.OctetString({ valueHex: fromHex(P256.a) }), new asn1js.OctetString({ valueHex: fromHex(P256.b) })] }),
        new asn1js.OctetString({ valueHex: fromHex(P256.g) }),
        uint(P256.n),
        new asn1js.Integer({ value: 1 }),
      ],
    });
    const spki = new asn1js.Sequence({
      value: [
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.10045.2.1' }), params] }),
        new asn1js.BitString({ valueHex: fromHex(P256.g) }),
      ],
    });
    const dg15 = parseDg15(encodeTlv(0x6f, new Uint8Array(spki.toBER())));
    expect(dg15.ec?.curveOid).toBeNull();
    expect(hex(dg15.ec?.params ?? new Uint8Array(0))).toBe(hex(new Uint8Array(params.toBER())));
    expect(hex(dg15.ec?.point ?? new Uint8Array(0))).toBe(P256.g);
  });

  it('rejects malformed DG15 with LDS_MALFORMED and other key types with UNSUPPORTED', () => {
    const vector = fromHex(aa.dg15);
    const cases: Array<[Uint8Array, string]> = [
      [vector.subarray(0, 100), 'LDS_MALFORMED'],
      [encodeTlv(0x6e, vector.subarray(4)), 'LDS_MALFORMED'],
      [encodeTlv(0x6f, fromHex('3000')), 'LDS_MALFORMED'],
      [encodeTlv(0x6f, fromHex('300B 3006 0604 2A030405 030100'.replace(/\s/g, ''))), 'UNSUPPORTED'],
    ];
    for (const [bytes, code] of cases) {
      let err: unknown;
      try {
        parseDg15(bytes);
      } catch (e) {
        err = e;
      }
      expect(err, hex(bytes)).toBeInstanceOf(EmrtdError);
      expect((err as EmrtdError).code, hex(bytes)).toBe(code);
    }
  });
});
