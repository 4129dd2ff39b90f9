// Signature verification against OpenSSL as the independent signer: RSA PKCS #1 v1.5 and PSS, ECDSA on NIST
// and Brainpool curves (named, and with explicit parameters as CSCA certificates often carry them), DER and
// plain encodings — each verified on the pure path (what BoringSSL-based Electron runs) and the native one.
import { constants, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import * as asn1js from 'asn1js';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeUse, setCryptoPath, type CryptoPath } from '../../../../electron/emrtd/auth/crypto-provider.ts';
import { curveByName, curveFromExplicit, encodeExplicitParameters } from '../../../../electron/emrtd/auth/ec-curves.ts';
import { describeSignature, verifySignature } from '../../../../electron/emrtd/auth/signature.ts';
import { decodeAsn1 } from '../../../../electron/emrtd/lds/asn1.ts';
import { ECDSA_PLAIN_SHA256, ECDSA_WITH_SHA256, ECDSA_WITH_SHA512, ID_EC_PUBLIC_KEY, RSASSA_PSS, SHA256_WITH_RSA } from '../../../../electron/emrtd/lds/oids.ts';

afterAll(() => setCryptoPath('pure'));
const data = new TextEncoder().encode('LDSSecurityObject signed attributes');

function spkiOf(key: ReturnType<typeof generateKeyPairSync>['publicKey']): Uint8Array {
  return new Uint8Array(key.export({ type: 'spki', format: 'der' }));
}

/** The same EC key with its curve spelled out (X9.62 SpecifiedECDomain) instead of named. */
function explicitSpki(spki: Uint8Array, curveName: string): Uint8Array {
  const seq = decodeAsn1(spki, 'spki') as asn1js.Sequence;
  const point = (seq.valueBlock.value[1] as asn1js.BitString).valueBlock.valueHexView;
  const params = decodeAsn1(encodeExplicitParameters(curveByName(curveName)), 'params');
  const out = new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: ID_EC_PUBLIC_KEY }), params] }), new asn1js.BitString({ valueHex: point.slice().buffer })],
  });
  return new Uint8Array(out.toBER());
}

function pssParams(): Uint8Array {
  const sha256 = () => new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '2.16.840.1.101.3.4.2.1' })] });
  const seq = new asn1js.Sequence({
    value: [
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [sha256()] }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 1 }, value: [new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.1.8' }), sha256()] })] }),
      new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 2 }, value: [new asn1js.Integer({ value: 32 })] }),
    ],
  });
  return new Uint8Array(seq.toBER());
}

describe.each(['pure', 'native'] as CryptoPath[])('signatures on the %s path', (path) => {
  for (const curve of ['P-256', 'P-384', 'P-521', 'brainpoolP256r1', 'brainpoolP384r1', 'brainpoolP512r1']) {
    it(`ECDSA ${curve}: OpenSSL's DER and plain signatures verify, named and explicit; a changed message does not`, () => {
      setCryptoPath(path);
      const nodeCurve = curve === 'P-256' ? 'prime256v1' : curve === 'P-384' ? 'secp384r1' : curve === 'P-521' ? 'secp521r1' : curve;
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: nodeCurve });
      const der = new Uint8Array(sign('sha512', data, privateKey));
      const plain = new Uint8Array(sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' }));
      for (const spki of [spkiOf(publicKey), explicitSpki(spkiOf(publicKey), curve)]) {
        expect(verifySignature({ spki, algorithmOid: ECDSA_WITH_SHA512, algorithmParams: null, data, signature: der })).toBe(true);
        expect(verifySignature({ spki, algorithmOid: ECDSA_PLAIN_SHA256, algorithmParams: null, data, signature: plain })).toBe(true);
        expect(verifySignature({ spki, algorithmOid: ECDSA_WITH_SHA512, algorithmParams: null, data: data.subarray(1), signature: der })).toBe(false);
        // CMS may name only the key algorithm and leave the hash to digestAlgorithm.
        expect(verifySignature({ spki, algorithmOid: ID_EC_PUBLIC_KEY, algorithmParams: null, digestHint: 'SHA-512', data, signature: der })).toBe(true);
      }
    });
  }

  it('RSA PKCS #1 v1.5 and RSASSA-PSS (SHA-256, salt 32) from OpenSSL', () => {
    setCryptoPath(path);
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const spki = spkiOf(publicKey);
    const pkcs1 = new Uint8Array(sign('sha256', data, privateKey));
    const pss = new Uint8Array(sign('sha256', data, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
    expect(verifySignature({ spki, algorithmOid: SHA256_WITH_RSA, algorithmParams: null, data, signature: pkcs1 })).toBe(true);
    expect(verifySignature({ spki, algorithmOid: RSASSA_PSS, algorithmParams: pssParams(), data, signature: pss })).toBe(true);
    expect(verifySignature({ spki, algorithmOid: RSASSA_PSS, algorithmParams: pssParams(), data, signature: pkcs1 })).toBe(false);
    const bad = pss.slice();
    bad[10] ^= 1;
    expect(verifySignature({ spki, algorithmOid: RSASSA_PSS, algorithmParams: pssParams(), data, signature: bad })).toBe(false);
    expect(describeSignature({ spki, algorithmOid: RSASSA_PSS, algorithmParams: pssParams() })).toBe('RSASSA-PSS-SHA-256 2048');
  });
});

describe('the pure path', () => {
  it('never reaches node:crypto public-key functions', () => {
    setCryptoPath('pure');
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'brainpoolP512r1' });
    const before = nativeUse.calls;
    const signature = new Uint8Array(sign('sha256', data, privateKey));
    expect(verifySignature({ spki: spkiOf(publicKey), algorithmOid: ECDSA_WITH_SHA256, algorithmParams: null, data, signature })).toBe(true);
    expect(nativeUse.calls).toBe(before);
  });

  it('resolves explicit parameters of a known curve to that curve, and rejects non-curves', () => {
    expect(curveFromExplicit(encodeExplicitParameters(curveByName('brainpoolP512r1'))).name).toBe('brainpoolP512r1');
    expect(() => curveFromExplicit(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x01))).toThrow();
    expect(createPublicKey).toBeTypeOf('function');
  });
});
