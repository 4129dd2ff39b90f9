// Passive Authentication of fixture cards (9303-11 §5.1) on the pure crypto path: the verdicts of the
// contract for every way a card can be wrong, and trust from CSCA files, CRLs and master lists.
import { beforeAll, describe, expect, it } from 'vitest';
import { setCryptoPath, nativeUse } from '../../../../electron/emrtd/auth/crypto-provider.ts';
import { verifyPassive } from '../../../../electron/emrtd/auth/passive.ts';
import { TrustStore } from '../../../../electron/emrtd/auth/trust-store.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { parseSod } from '../../../../electron/emrtd/lds/sod.ts';
import { buildCard } from '../../../../electron/card/fixtures/make-card.ts';
import { makeCsca, makeDocumentSigner } from '../../../../electron/card/fixtures/pki.ts';
import { makeForeignSigner } from '../../../../electron/card/fixtures/test-pki.ts';
import { makeCrl, makeMasterList } from '../../../../electron/card/fixtures/trust-files.ts';
import { opensslChain, opensslSod } from '../../../../electron/card/fixtures/openssl-chain.ts';
import { jpegPortrait, makeTestCard, TEST_CITIZEN, testPki } from '../../../helpers/cards.ts';
import { dataGroupsOf, revokedSigner, testTrustStore } from '../../../helpers/auth-cards.ts';

beforeAll(() => setCryptoPath('pure'));

async function verdict(variant: Parameters<typeof makeTestCard>[0], trust?: TrustStore) {
  const card = await makeTestCard(variant);
  return verifyPassive({ sod: card.files.get('SOD')!, dataGroups: dataGroupsOf(card.files), trust: trust ?? (await testTrustStore()) });
}

describe('passive authentication verdicts', () => {
  it('a genuine card is valid, names its signer and the CSCA, checks every data group, uses no native public-key crypto', async () => {
    const before = nativeUse.calls;
    const r = await verdict('valid');
    expect(r.status).toBe('valid');
    expect(r.problems).toEqual([]);
    expect(r.signer).toBe('C=VN, O=Demo, CN=Document Signer Test Vietnam (demo cards)');
    expect(r.csca).toBe('C=VN, O=Demo, CN=CSCA Test Vietnam (demo cards\\, not a real authority)');
    expect(r.algorithm).toBe('ECDSA-SHA-256 P-256');
    expect(r.dataGroups).toEqual([
      { dg: 1, status: 'match' },
      { dg: 2, status: 'match' },
      { dg: 13, status: 'match' },
    ]);
    expect(nativeUse.calls).toBe(before);
  });

  it('a DG13 changed after signing is invalid: hash mismatch DG13', async () => {
    const r = await verdict('tampered-dg13');
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual(['hash mismatch DG13']);
  });

  it('a one-bit change in the portrait is invalid: hash mismatch DG2', async () => {
    const r = await verdict('tampered-dg2');
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual(['hash mismatch DG2']);
  });

  it('a signer from an unknown CSCA is signer-untrusted, with the signer DN', async () => {
    const r = await verdict('wrong-signer');
    expect(r.status).toBe('signer-untrusted');
    expect(r.signer).toBe('C=VN, CN=DS Unknown Issuer (test)');
    expect(r.problems).toEqual(['chain does not reach a trusted CSCA (issuer C=VN, CN=CSCA Unknown Issuer (test))']);
  });

  it('an expired Document Signer is invalid: expired signer', async () => {
    const r = await verdict('expired-signer');
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual(['expired signer (valid until 2022-06-01)']);
  });

  it('a genuine card is signer-untrusted when the trust store lacks its CSCA', async () => {
    const r = await verdict('valid', new TrustStore());
    expect(r.status).toBe('signer-untrusted');
    expect(r.signer).toContain('Document Signer Test Vietnam');
  });

  it('a forged signature is invalid: bad signature', async () => {
    const card = await makeTestCard('valid');
    const sod = card.files.get('SOD')!.slice();
    const sig = parseSod(sod).signerInfo.signature;
    const at = Buffer.from(sod).indexOf(Buffer.from(sig));
    sod[at + sig.length - 2] ^= 0x01;
    const r = verifyPassive({ sod, dataGroups: dataGroupsOf(card.files), trust: await testTrustStore() });
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual(['bad signature']);
  });

  it('a data group EF.SOD does not cover is invalid', async () => {
    const card = await makeTestCard('valid');
    const groups = dataGroupsOf(card.files);
    groups.set(11, Uint8Array.of(0x6b, 0x00));
    const r = verifyPassive({ sod: card.files.get('SOD')!, dataGroups: groups, trust: await testTrustStore() });
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual(['DG11 not covered by EF.SOD']);
  });

  it('a malformed EF.SOD is invalid, not an exception', async () => {
    const r = verifyPassive({ sod: Uint8Array.of(0x77, 0x03, 0x30, 0x01, 0x00), dataGroups: new Map(), trust: new TrustStore() });
    expect(r.status).toBe('invalid');
    expect(r.problems[0]).toMatch(/^malformed EF.SOD/);
  });
});

describe('revocation', () => {
  it('a signer on its CSCA CRL is invalid: revoked signer; other signers stay valid', async () => {
    const { signer, crl } = await revokedSigner();
    const trust = await testTrustStore([crl]);
    const card = await buildCard(TEST_CITIZEN, { portrait: jpegPortrait(), signer });
    const r = verifyPassive({ sod: card.files.get('SOD')!, dataGroups: dataGroupsOf(card.files), trust });
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual(['revoked signer']);
    expect(r.revocation).toBe('revoked');

    const ok = await verdict('valid', trust);
    expect(ok.status).toBe('valid');
    expect(ok.revocation).toBe('not-revoked');
  });

  it('ignores a CRL that the CSCA did not sign', async () => {
    const pki = await testPki();
    const { signer } = await revokedSigner();
    const impostor = await makeCsca({ commonName: 'CSCA Test Vietnam (demo cards, not a real authority)', organization: 'Demo' });
    const forged = await makeCrl(impostor, { revoke: [signer.certificate] });
    const trust = await testTrustStore([forged]);
    const card = await buildCard(TEST_CITIZEN, { portrait: jpegPortrait(), signer });
    const r = verifyPassive({ sod: card.files.get('SOD')!, dataGroups: dataGroupsOf(card.files), trust });
    expect(r.status).toBe('valid');
    expect(r.revocation).toBe('unknown');
    expect(pki.csca.certificate.length).toBeGreaterThan(0);
  });
});

describe('trust from CSCA master lists', () => {
  it('trusts the CSCAs of a verified master list', async () => {
    const pki = await testPki();
    const foreign = await makeForeignSigner();
    const mlSigner = await makeDocumentSigner(pki.csca, { commonName: 'Master List Signer Test Vietnam', keyAlgorithm: 'ECDSA-P256' });
    const ml = await makeMasterList([pki.csca.certificate, foreign.csca.certificate], mlSigner);
    const trust = new TrustStore();
    trust.addBytes(ml, 'test.ml');
    expect(trust.anchors).toHaveLength(2);
    expect(trust.sources).toEqual([{ name: 'test.ml', kind: 'master-list', count: 2 }]);
    expect((await verdict('valid', trust)).status).toBe('valid');
    // The foreign CSCA is in the list now: its signer's cards chain.
    const card = await buildCard(TEST_CITIZEN, { portrait: jpegPortrait(), signer: foreign.documentSigner });
    expect(verifyPassive({ sod: card.files.get('SOD')!, dataGroups: dataGroupsOf(card.files), trust }).status).toBe('valid');
  });

  it('refuses a master list whose content was changed or whose signer no listed CSCA issued', async () => {
    const pki = await testPki();
    const mlSigner = await makeDocumentSigner(pki.csca, { commonName: 'Master List Signer Test Vietnam', keyAlgorithm: 'ECDSA-P256' });
    const tampered = await makeMasterList([pki.csca.certificate], mlSigner, { tamper: true });
    expect(() => new TrustStore().addBytes(tampered, 'x.ml')).toThrow(/message digest mismatch/);

    const foreign = await makeForeignSigner();
    const orphan = await makeMasterList([foreign.csca.certificate], mlSigner);
    const err = (() => {
      try {
        new TrustStore().addBytes(orphan, 'orphan.ml');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(EmrtdError);
    expect((err as EmrtdError).code).toBe('INPUT_INVALID');
    // With the issuing CSCA already trusted, the same list is accepted.
    const trust = await testTrustStore();
    trust.addBytes(orphan, 'orphan.ml');
    expect(trust.anchors).toHaveLength(2);
  });

  it('reads PEM bundles with several certificates and CRLs', async () => {
    const pki = await testPki();
    const foreign = await makeForeignSigner();
    const { crl } = await revokedSigner();
    const pem = (der: Uint8Array, label: string) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END ${label}-----\n`;
    const bundle = pem(pki.csca.certificate, 'CERTIFICATE') + pem(foreign.csca.certificate, 'CERTIFICATE') + pem(crl, 'X509 CRL');
    const trust = new TrustStore();
    trust.addBytes(new TextEncoder().encode(bundle), 'bundle.pem');
    expect(trust.anchors).toHaveLength(2);
    expect(trust.crls).toHaveLength(1);
  });
});

describe('Brainpool chains (as the Vietnamese CSCA, brainpoolP512r1)', () => {
  it('verifies a brainpoolP512r1 CSCA with explicit parameters → brainpoolP384r1 DS → EF.SOD without node:crypto', async () => {
    const card = await makeTestCard('valid');
    const chain = opensslChain({ cscaCurve: 'brainpoolP512r1', dsCurve: 'brainpoolP384r1', explicitCsca: true });
    const groups = dataGroupsOf(card.files);
    const sod = opensslSod(groups, chain.documentSigner);
    const trust = new TrustStore();
    trust.addDer(chain.csca, 'csca.der');
    const before = nativeUse.calls;
    const r = verifyPassive({ sod, dataGroups: groups, trust });
    expect(r).toMatchObject({ status: 'valid', problems: [], algorithm: 'ECDSA-SHA-384 brainpoolP384r1', csca: 'C=VN, CN=CSCA Test Brainpool' });
    expect(nativeUse.calls).toBe(before);
    groups.set(1, groups.get(1)!.slice(0, -1));
    expect(verifyPassive({ sod, dataGroups: groups, trust }).problems).toEqual(['hash mismatch DG1']);
  });
});
