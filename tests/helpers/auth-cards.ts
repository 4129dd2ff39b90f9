// Cards and trust material for the trust-layer tests: the test PKI as a trust store, a revoked signer with
// its CRL, and profiles that carry the chip's private keys (aa-key.pem, ca-key.pem) to the emulator.
import { TrustStore } from '../../electron/emrtd/auth/trust-store.ts';
import { makeDocumentSigner, type Issuer } from '../../electron/card/fixtures/pki.ts';
import { buildCard, type BuiltCard, type CardBuildOptions } from '../../electron/card/fixtures/make-card.ts';
import { makeCrl } from '../../electron/card/fixtures/trust-files.ts';
import type { CardProfile } from '../../electron/card/emulator/card-profile.ts';
import { jpegPortrait, TEST_CITIZEN, testPki } from './cards.ts';

export async function testTrustStore(extra: Uint8Array[] = []): Promise<TrustStore> {
  const pki = await testPki();
  const store = new TrustStore();
  store.addDer(pki.csca.certificate, 'test CSCA');
  for (const d of extra) store.addDer(d);
  return store;
}

let revoked: Promise<{ signer: Issuer; crl: Uint8Array }> | undefined;
/** A Document Signer of the test CSCA, and a CRL of that CSCA revoking it. */
export function revokedSigner(): Promise<{ signer: Issuer; crl: Uint8Array }> {
  revoked ??= (async () => {
    const pki = await testPki();
    const signer = await makeDocumentSigner(pki.csca, { commonName: 'Document Signer Test Vietnam (revoked)', keyAlgorithm: 'ECDSA-P256' });
    return { signer, crl: await makeCrl(pki.csca, { revoke: [signer.certificate] }) };
  })();
  return revoked;
}

/** A card of the test citizen signed by the test DS, with extra build options (AA, CA, clone …). */
export async function makeAuthCard(opts: Partial<CardBuildOptions> = {}): Promise<BuiltCard> {
  const pki = await testPki();
  return buildCard(TEST_CITIZEN, { portrait: jpegPortrait(), signer: pki.documentSigner, ...opts });
}

export function authProfileOf(card: BuiltCard): CardProfile {
  return { mrz: card.mrz.join('\n'), can: card.can, files: card.files, aaKeyPem: card.aaKeyPem, caKeyPem: card.caKeyPem };
}

/** Data-group number → bytes, as passive authentication takes them from a read. */
export function dataGroupsOf(files: ReadonlyMap<string, Uint8Array>): Map<number, Uint8Array> {
  const out = new Map<number, Uint8Array>();
  for (const [name, bytes] of files) if (/^DG\d+$/.test(name)) out.set(Number(name.slice(2)), bytes);
  return out;
}
