import { describe, it, expect, beforeAll } from 'vitest';
import { createHash, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../../../helpers/shared.ts';
import { ascii, concat, fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { encodeTlv } from '../../../../electron/emrtd/tlv.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { parseSod, signerSubjectDn } from '../../../../electron/emrtd/lds/sod.ts';
import type { Sod } from '../../../../electron/emrtd/lds/sod.ts';
import { ECDSA_WITH_SHA256, ECDSA_WITH_SHA384, SHA512_WITH_RSA } from '../../../../electron/emrtd/lds/oids.ts';
import { encodeDg13, encodeDg2, encodeCom } from '../../../../electron/card/fixtures/lds-encode.ts';
import { buildSod, makeCsca, makeDocumentSigner } from '../../../../electron/card/fixtures/pki.ts';
import type { Issuer } from '../../../../electron/card/fixtures/pki.ts';

const portrait = new Uint8Array(readFileSync(sharedPath('faces', 'chip-sim', 'chip-vlado.jp2')));
const dataGroups = new Map<number, Uint8Array>([
  [1, encodeTlv(0x61, encodeTlv(0x5f1f, ascii('IDVNM0990123453001099012345<<<9908275F3908278VNM<<<<<<<<<<<8NGUYEN<<THI<THU<HANG<<<<<<<<<<')))],
  [2, encodeDg2(portrait, { width: 240, height: 320, format: 'jpeg2000', gender: 'F' })],
  [13, encodeDg13({ idNumber: '001099012345', fullName: 'Nguyễn Thị Thu Hằng', dateOfBirth: '1999-08-27', sex: 'F' })],
]);

const nodeHash = (alg: string, b: Uint8Array): string => createHash(alg).update(b).digest('hex').toUpperCase();

/** DER ECDSA-Sig-Value → IEEE P1363 r‖s, written out here so the check does not lean on the code under test. */
function derToP1363(der: Uint8Array, size: number): Uint8Array {
  expect(der[0]).toBe(0x30);
  let p = der[1] & 0x80 ? 2 + (der[1] & 0x7f) : 2;
  const ints: Uint8Array[] = [];
  for (let k = 0; k < 2; k++) {
    expect(der[p]).toBe(0x02);
    const len = der[p + 1];
    let v = der.subarray(p + 2, p + 2 + len);
    while (v.length > size && v[0] === 0) v = v.subarray(1);
    const out = new Uint8Array(size);
    out.set(v, size - v.length);
    ints.push(out);
    p += 2 + len;
  }
  return concat(ints[0], ints[1]);
}

async function verifySignature(sod: Sod, signer: Issuer, hash: string): Promise<boolean> {
  const attrs = sod.signerInfo.signedAttributes;
  if (!attrs) throw new Error('no signed attributes');
  const spki = new X509Certificate(Buffer.from(sod.signerCertificate ?? new Uint8Array(0))).publicKey.export({ type: 'spki', format: 'der' });
  if (signer.keyAlgorithm === 'RSA-2048') {
    const key = await crypto.subtle.importKey('spki', spki, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
    return crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, new Uint8Array(sod.signerInfo.signature), new Uint8Array(attrs));
  }
  const namedCurve = signer.keyAlgorithm === 'ECDSA-P384' ? 'P-384' : 'P-256';
  const key = await crypto.subtle.importKey('spki', spki, { name: 'ECDSA', namedCurve }, false, ['verify']);
  const sig = derToP1363(sod.signerInfo.signature, namedCurve === 'P-384' ? 48 : 32);
  return crypto.subtle.verify({ name: 'ECDSA', hash }, key, new Uint8Array(sig), new Uint8Array(attrs));
}

let csca: Issuer;
let dsEc: Issuer;

beforeAll(async () => {
  csca = await makeCsca({ commonName: 'CSCA Viet Nam TEST', organization: 'Bộ Công an' });
  dsEc = await makeDocumentSigner(csca, { commonName: 'DS CCCD 01', organization: 'Cục Cảnh sát QLHC về TTXH' });
});

describe('parseSod on EF.SOD built by the test PKI', () => {
  it('gives the SHA-256 of each data group, the signer certificate and its DN', async () => {
    const sod = parseSod(await buildSod({ dataGroups, signer: dsEc }));
    expect(sod.digestAlgorithm).toEqual({ oid: '2.16.840.1.101.3.4.2.1', name: 'SHA-256' });
    expect(sod.ldsVersion).toBeNull();
    expect([...sod.dataGroupHashes.keys()]).toEqual([1, 2, 13]);
    for (const [dg, bytes] of dataGroups) expect(hex(sod.dataGroupHashes.get(dg) ?? new Uint8Array(0))).toBe(nodeHash('sha256', bytes));
    expect(hex(sod.signerCertificate ?? new Uint8Array(0))).toBe(hex(dsEc.certificate));
    expect(sod.certificates).toHaveLength(1);

    const x = new X509Certificate(Buffer.from(dsEc.certificate));
    expect(signerSubjectDn(sod)).toBe('C=VN, O=Cục Cảnh sát QLHC về TTXH, CN=DS CCCD 01');
    expect(x.subject.split('\n')).toEqual(['C=VN', 'O=Cục Cảnh sát QLHC về TTXH', 'CN=DS CCCD 01']);
    expect(sod.signerInfo.sid.issuer).toBe('C=VN, O=Bộ Công an, CN=CSCA Viet Nam TEST');
    expect(BigInt(`0x${hex(sod.signerInfo.sid.serialNumber ?? new Uint8Array(1))}`)).toBe(BigInt(`0x${x.serialNumber}`));
  });

  it('carries a signature over the signed attributes that WebCrypto verifies, with messageDigest = hash(eContent)', async () => {
    const sod = parseSod(await buildSod({ dataGroups, signer: dsEc }));
    expect(sod.signerInfo.signatureAlgorithmOid).toBe(ECDSA_WITH_SHA256);
    expect(sod.signerInfo.digestAlgorithmOid).toBe('2.16.840.1.101.3.4.2.1');
    expect(sod.signerInfo.signature.length).toBeGreaterThan(64);
    const attrs = sod.signerInfo.signedAttributes ?? new Uint8Array(0);
    expect(attrs[0]).toBe(0x31);
    expect(hex(attrs)).toContain(`0420${nodeHash('sha256', sod.encapsulatedContent)}`);
    expect(hex(attrs)).toContain('06092A864886F70D01090331'); // contentType attribute
    expect(hex(attrs)).toContain('06092A864886F70D01090431'); // messageDigest attribute
    expect(await verifySignature(sod, dsEc, 'SHA-256')).toBe(true);

    const forged = sod.signerInfo.signedAttributes?.slice() ?? new Uint8Array(0);
    forged[forged.length - 1] ^= 1;
    expect(await verifySignature({ ...sod, signerInfo: { ...sod.signerInfo, signedAttributes: forged } }, dsEc, 'SHA-256')).toBe(false);
  });

  it('signs with P-384 / SHA-384 and RSA / SHA-512, LDS 1.8 version info included', async () => {
    const ds384 = await makeDocumentSigner(csca, { commonName: 'DS P-384', keyAlgorithm: 'ECDSA-P384' });
    const a = parseSod(await buildSod({ dataGroups, signer: ds384, hashAlgorithm: 'SHA-384', ldsVersion: '0108' }));
    expect(a.digestAlgorithm.name).toBe('SHA-384');
    expect([a.ldsVersion, a.unicodeVersion]).toEqual(['0108', '040000']);
    expect(a.signerInfo.signatureAlgorithmOid).toBe(ECDSA_WITH_SHA384);
    expect(hex(a.dataGroupHashes.get(2) ?? new Uint8Array(0))).toBe(nodeHash('sha384', dataGroups.get(2) ?? new Uint8Array(0)));
    expect(await verifySignature(a, ds384, 'SHA-384')).toBe(true);

    const dsRsa = await makeDocumentSigner(csca, { commonName: 'DS RSA', keyAlgorithm: 'RSA-2048' });
    const b = parseSod(await buildSod({ dataGroups, signer: dsRsa, hashAlgorithm: 'SHA-512' }));
    expect(b.signerInfo.signatureAlgorithmOid).toBe(SHA512_WITH_RSA);
    expect(b.signerInfo.signature).toHaveLength(256);
    expect(hex(b.dataGroupHashes.get(13) ?? new Uint8Array(0))).toBe(nodeHash('sha512', dataGroups.get(13) ?? new Uint8Array(0)));
    expect(await verifySignature(b, dsRsa, 'SHA-512')).toBe(true);
  });

  it('does not change the bytes it parses', async () => {
    const bytes = await buildSod({ dataGroups, signer: dsEc });
    const before = hex(bytes);
    parseSod(bytes);
    expect(hex(bytes)).toBe(before);
  });

  it('rejects what is not an EF.SOD with LDS_MALFORMED', async () => {
    const good = await buildSod({ dataGroups, signer: dsEc });
    const inner = good.subarray(good[1] === 0x82 ? 4 : good[1] === 0x81 ? 3 : 2);
    const cases = [
      good.subarray(0, good.length - 1),
      encodeTlv(0x76, inner),
      encodeTlv(0x77, fromHex('3000')),
      encodeTlv(0x77, fromHex('300D06092A864886F70D010701A000')), // data, not signedData
      encodeCom(['DG1']),
      new Uint8Array(0),
    ];
    for (const bad of cases) {
      let err: unknown;
      try {
        parseSod(bad);
      } catch (e) {
        err = e;
      }
      expect(err, hex(bad).slice(0, 40)).toBeInstanceOf(EmrtdError);
      expect((err as EmrtdError).code, hex(bad).slice(0, 40)).toBe('LDS_MALFORMED');
    }
  });
});
