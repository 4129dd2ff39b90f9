// The contract's `authenticity` from a read and a trust store, with the online signer check against the
// loopback simulator (HTTPS on 127.0.0.1 with a throw-away CA), all on the pure crypto path.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessKeyFromMrz } from '../../../electron/emrtd/access/access-key.ts';
import { setCryptoPath } from '../../../electron/emrtd/auth/crypto-provider.ts';
import { SignerCheckClient } from '../../../electron/emrtd/auth/signer-check.ts';
import { TrustStore } from '../../../electron/emrtd/auth/trust-store.ts';
import { readDocument } from '../../../electron/emrtd/read/read-document.ts';
import { assessAuthenticity, DEFAULT_CSCA_DIR, loadTrustStore } from '../../../electron/card/authenticity.ts';
import { EmulatedChip } from '../../../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../../../electron/card/emulator/card-profile.ts';
import { SignerCheckSimulator } from '../../../electron/card/fixtures/signer-check-sim.ts';
import { toCardReadResult } from '../../../electron/card/read-result.ts';
import { makeTestCard, profileOf, testPki } from '../../helpers/cards.ts';
import { authProfileOf, makeAuthCard, testTrustStore } from '../../helpers/auth-cards.ts';
import { makePki } from '../backends/test-pki.ts';
import { repoRoot } from '../../helpers/shared.ts';

beforeAll(() => setCryptoPath('pure'));

async function readCard(profile: ReturnType<typeof profileOf>) {
  return readDocument(new EmulatedChip(profile), { keys: [accessKeyFromMrz(profile.mrz)] });
}

describe('assessAuthenticity', () => {
  it('a genuine card with AA and CA: passive, active and chip all valid, in the contract shape', async () => {
    const card = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-brainpoolP256r1' }, chipAuthentication: { key: 'ECDH-brainpoolP256r1', cipher: 'AES-128' } });
    const doc = await readCard(authProfileOf(card));
    const report = await assessAuthenticity(doc, { trust: await testTrustStore() });
    expect(report.facts).toEqual({
      passive: { status: 'valid', signer: 'C=VN, O=Demo, CN=Document Signer Test Vietnam (demo cards)', problems: [] },
      active: { status: 'valid' },
      chip: { status: 'valid' },
    });
    // DG14 and DG15 are covered by EF.SOD too.
    expect(report.passive.dataGroups.map((d) => d.dg)).toEqual([1, 2, 13, 14, 15]);
    const { result } = toCardReadResult(doc, report.facts);
    expect(result.authenticity).toEqual(report.facts);
  });

  it('a clone passes passive authentication (its data is genuine) and fails AA and CA', async () => {
    const clone = await makeAuthCard({ activeAuthentication: { key: 'RSA-1024' }, chipAuthentication: { key: 'ECDH-P256', cipher: '3DES' }, clone: true });
    const report = await assessAuthenticity(await readCard(authProfileOf(clone)), { trust: await testTrustStore() });
    expect(report.facts.passive.status).toBe('valid');
    expect(report.facts.active.status).toBe('invalid');
    expect(report.facts.chip.status).toBe('invalid');
  });

  it('without a trust decision the read result says not-checked for passive, and carries AA/CA', async () => {
    const card = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-P256' } });
    const { result } = toCardReadResult(await readCard(authProfileOf(card)));
    expect(result.authenticity).toEqual({ passive: { status: 'not-checked', signer: null, problems: [] }, active: { status: 'valid' }, chip: { status: 'not-supported' } });
  });

  it('the default trust store (resources/csca/) trusts the demo cards', async () => {
    const trust = loadTrustStore([]);
    expect(trust.anchors.map((a) => a.subject)).toContain('C=VN, O=Demo, CN=CSCA Test Vietnam (demo cards\\, not a real authority)');
    const doc = await readCard(loadCardDirectory(`${repoRoot}/resources/demo-cards/nguyen-van-an`));
    const report = await assessAuthenticity(doc, { trust, now: new Date('2026-11-22T00:00:00Z') });
    expect(report.facts.passive.status).toBe('valid');
    expect(DEFAULT_CSCA_DIR).toMatch(/resources\/csca\/$/);
  });
});

describe('online signer check (loopback simulator)', () => {
  let sim: SignerCheckSimulator;
  let caPem: string;
  let otherCaPem: string;

  beforeAll(async () => {
    const tls = await makePki('Signer Check Test CA');
    caPem = tls.caPem;
    otherCaPem = (await makePki('Some Other CA')).caPem;
    sim = new SignerCheckSimulator({ key: tls.serverKey, cert: tls.serverCert });
    await sim.start();
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('turns signer-untrusted into valid when the authority trusts the signer, and into invalid when it revoked it', async () => {
    const card = await makeTestCard('valid');
    const pki = await testPki();
    const doc = await readCard(profileOf(card));
    const client = new SignerCheckClient({ url: sim.url, caPem });
    try {
      const empty = new TrustStore();
      sim.trusted.add(SignerCheckSimulator.fingerprint(pki.documentSigner.certificate));
      const trusted = await assessAuthenticity(doc, { trust: empty, signerCheck: client });
      expect(trusted.signerCheck?.verdict).toBe('trusted');
      expect(trusted.facts.passive).toEqual({ status: 'valid', signer: 'C=VN, O=Demo, CN=Document Signer Test Vietnam (demo cards)', problems: [] });

      sim.revoked.add(SignerCheckSimulator.fingerprint(pki.documentSigner.certificate));
      const revoked = await assessAuthenticity(doc, { trust: await testTrustStore(), signerCheck: client });
      expect(revoked.facts.passive.status).toBe('invalid');
      expect(revoked.facts.passive.problems).toEqual(['revoked signer (online check)']);
      sim.revoked.clear();

      const unknown = await assessAuthenticity(await readCard(profileOf(await makeTestCard('wrong-signer'))), { trust: empty, signerCheck: client });
      expect(unknown.signerCheck?.verdict).toBe('untrusted');
      expect(unknown.facts.passive.status).toBe('signer-untrusted');
    } finally {
      client.close();
    }
  });

  it('a slow, failing or impostor endpoint gives "unavailable" and leaves the local verdict alone', async () => {
    const doc = await readCard(profileOf(await makeTestCard('valid')));
    const trust = await testTrustStore();
    sim.fault = 'slow';
    sim.slowMs = 1500;
    const slow = new SignerCheckClient({ url: sim.url, caPem, timeoutMs: 200 });
    const r1 = await assessAuthenticity(doc, { trust, signerCheck: slow });
    slow.close();
    expect(r1.signerCheck).toMatchObject({ verdict: 'unavailable', detail: 'no answer within 200 ms' });
    expect(r1.facts.passive.status).toBe('valid');

    sim.fault = '500';
    const c500 = new SignerCheckClient({ url: sim.url, caPem });
    expect((await c500.check(Uint8Array.of(1))).verdict).toBe('unavailable');
    sim.fault = 'garbage';
    expect((await c500.check(Uint8Array.of(1))).detail).toMatch(/JSON|verdict/);
    c500.close();
    sim.fault = 'none';

    // A server whose certificate the configured CA did not issue is not believed.
    const impostor = new SignerCheckClient({ url: sim.url, caPem: otherCaPem });
    const r2 = await impostor.check(Uint8Array.of(1));
    impostor.close();
    expect(r2.verdict).toBe('unavailable');
    expect(() => new SignerCheckClient({ url: 'http://127.0.0.1:1/x' })).toThrow(/https/);
  });
});
