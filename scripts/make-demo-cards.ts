// Regenerates resources/demo-cards/ (the cards `npm start` and the tests tap) and the test CSCA in
// resources/csca/. Needs ../shared/faces/public-domain/{obama,biden}/1.jpg, which only this script reads:
// the generated cards are committed, so the product never needs ../shared.
// The test PKI's private keys live in tests/fixtures/pki/ so cards can be re-issued under the same CSCA.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEMO_CITIZENS } from '../electron/card/fixtures/demo-citizens.ts';
import { buildCard, writeCardDirectory } from '../electron/card/fixtures/make-card.ts';
import { CCCD_PACE } from '../electron/card/fixtures/card-access.ts';
import { chipPortraitFromJpeg } from '../electron/card/fixtures/portrait.ts';
import { certificateToPem, loadOrCreateTestPki } from '../electron/card/fixtures/test-pki.ts';

const root = resolve(import.meta.dirname, '..');
const shared = resolve(root, '..', 'shared');
const outDir = join(root, 'resources', 'demo-cards');
const pkiDir = join(root, 'tests', 'fixtures', 'pki');

const pki = await loadOrCreateTestPki(pkiDir);
mkdirSync(join(root, 'resources', 'csca'), { recursive: true });
writeFileSync(join(root, 'resources', 'csca', 'demo-test-csca.pem'), certificateToPem(pki.csca.certificate));

for (const demo of DEMO_CITIZENS) {
  const photo = join(shared, 'faces', 'public-domain', demo.portrait, '1.jpg');
  if (!existsSync(photo)) throw new Error(`missing ${photo}: the generator needs ../shared beside the repository`);
  const portrait = chipPortraitFromJpeg(new Uint8Array(readFileSync(photo)), { quality: 82 });
  // Like a current CCCD chip: PACE (brainpoolP256r1, AES-128) with BAC still accepted, Active Authentication
  // and Chip Authentication keys in DG15 / DG14.
  const card = await buildCard(demo.record, {
    portrait,
    signer: pki.documentSigner,
    pace: CCCD_PACE,
    activeAuthentication: { key: 'ECDSA-brainpoolP256r1' },
    chipAuthentication: { key: 'ECDH-brainpoolP256r1', cipher: 'AES-128' },
  });
  const dir = join(outDir, demo.card);
  rmSync(dir, { recursive: true, force: true });
  writeCardDirectory(dir, card);
  const size = [...card.files.values()].reduce((n, b) => n + b.length, 0);
  console.log(`${demo.card}: ${card.files.size} files, ${size} bytes (DG2 ${card.files.get('DG2')?.length} bytes) — ${demo.note}`);
}
