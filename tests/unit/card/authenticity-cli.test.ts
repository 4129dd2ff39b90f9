// `kiosk card read --csca <file>` through main(): the authenticity statuses of the contract for card
// directories written by the fixture generator (genuine with AA and CA, tampered, foreign signer, revoked
// signer with --crl, clone), trust from a PEM file or a master list, and bad trust files as INVALID_INPUT.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import type { CliIo } from '../../../electron/cli/command.ts';
import type { AuthenticityFacts } from '../../../electron/contract/card-read.ts';
import { setCryptoPath } from '../../../electron/emrtd/auth/crypto-provider.ts';
import { buildCard, writeCardDirectory, type BuiltCard } from '../../../electron/card/fixtures/make-card.ts';
import { certificateToPem } from '../../../electron/card/fixtures/pki.ts';
import { makeDocumentSigner } from '../../../electron/card/fixtures/pki.ts';
import { makeMasterList } from '../../../electron/card/fixtures/trust-files.ts';
import { jpegPortrait, makeTestCard, TEST_CITIZEN, testPki } from '../../helpers/cards.ts';
import { makeAuthCard, revokedSigner } from '../../helpers/auth-cards.ts';

let dir: string;
beforeAll(() => {
  setCryptoPath('pure');
  dir = mkdtempSync(join(tmpdir(), 'kiosk-auth-cli-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; json: { authenticity?: AuthenticityFacts; error?: { code: string; message: string } } }> {
  let out = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (out += t) };
  const code = await main(['card', 'read', ...args, '--json'], io);
  return { code, json: JSON.parse(out) };
}

function write(name: string, card: BuiltCard): string[] {
  const d = join(dir, name);
  writeCardDirectory(d, card);
  return ['--emulator', d, '--mrz', card.mrz.join('\n')];
}

async function cscaPem(): Promise<string> {
  const f = join(dir, 'csca.pem');
  writeFileSync(f, certificateToPem((await testPki()).csca.certificate));
  return f;
}

describe('kiosk card read --csca', () => {
  it('reports valid / valid / valid for a genuine card with AA and CA', async () => {
    const card = await makeAuthCard({ activeAuthentication: { key: 'RSA-1024' }, chipAuthentication: { key: 'ECDH-brainpoolP256r1', cipher: 'AES-128' } });
    const r = await run([...write('genuine', card), '--csca', await cscaPem()]);
    expect(r.code).toBe(0);
    expect(r.json.authenticity).toEqual({
      passive: { status: 'valid', signer: 'C=VN, O=Demo, CN=Document Signer Test Vietnam (demo cards)', problems: [] },
      active: { status: 'valid' },
      chip: { status: 'valid' },
    });
  });

  it('reports invalid with the data group for a tampered card, signer-untrusted for a foreign signer', async () => {
    const csca = await cscaPem();
    const tampered = await run([...write('tampered', await makeTestCard('tampered-dg13')), '--csca', csca]);
    expect(tampered.json.authenticity?.passive).toMatchObject({ status: 'invalid', problems: ['hash mismatch DG13'] });
    const foreign = await run([...write('foreign', await makeTestCard('wrong-signer')), '--csca', csca]);
    expect(foreign.json.authenticity?.passive).toMatchObject({ status: 'signer-untrusted', signer: 'C=VN, CN=DS Unknown Issuer (test)' });
    expect(foreign.json.authenticity?.active).toEqual({ status: 'not-supported' });
  });

  it('reports a revoked signer with --crl, and a clone as invalid AA and CA', async () => {
    const { signer, crl } = await revokedSigner();
    const crlFile = join(dir, 'csca.crl');
    writeFileSync(crlFile, crl);
    const revoked = await run([...write('revoked', await buildCard(TEST_CITIZEN, { portrait: jpegPortrait(), signer })), '--csca', await cscaPem(), '--crl', crlFile]);
    expect(revoked.json.authenticity?.passive).toMatchObject({ status: 'invalid', problems: ['revoked signer'] });

    const clone = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-P256' }, chipAuthentication: { key: 'DH-1024', cipher: '3DES' }, clone: true });
    const cloned = await run([...write('clone', clone), '--csca', await cscaPem()]);
    expect(cloned.json.authenticity).toMatchObject({ passive: { status: 'valid' }, active: { status: 'invalid' }, chip: { status: 'invalid' } });
  });

  it('trusts a CSCA master list given with --csca, uses resources/csca/ by default, refuses unreadable trust files', async () => {
    const pki = await testPki();
    const mlSigner = await makeDocumentSigner(pki.csca, { commonName: 'Master List Signer Test Vietnam', keyAlgorithm: 'ECDSA-P256' });
    const ml = join(dir, 'list.ml');
    writeFileSync(ml, await makeMasterList([pki.csca.certificate], mlSigner));
    const args = write('plain', await makeTestCard('valid'));
    expect((await run([...args, '--csca', ml])).json.authenticity?.passive.status).toBe('valid');
    expect((await run(args)).json.authenticity?.passive.status).toBe('valid');

    const junk = join(dir, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    const bad = await run([...args, '--csca', junk]);
    expect(bad.code).toBe(2);
    expect(bad.json.error?.code).toBe('INVALID_INPUT');
    const missing = await run([...args, '--csca', join(dir, 'nope.pem')]);
    expect(missing.json.error?.code).toBe('INVALID_INPUT');
  });
});
