// Active and Chip Authentication end to end through the emulated chip, on the pure crypto path: every key
// kind and cipher the fixtures make, the exchange of keys proven by a read under the new session, and clones
// (genuine DG14/DG15 and EF.SOD on a chip with other private keys) failing.
import { beforeAll, describe, expect, it } from 'vitest';
import { accessKeyFromMrz } from '../../../../electron/emrtd/access/access-key.ts';
import { nativeUse, setCryptoPath } from '../../../../electron/emrtd/auth/crypto-provider.ts';
import { hex } from '../../../../electron/emrtd/bytes.ts';
import { readDocument } from '../../../../electron/emrtd/read/read-document.ts';
import { EmulatedChip } from '../../../../electron/card/emulator/chip.ts';
import type { AaKeySpec, CaKeySpec } from '../../../../electron/card/fixtures/chip-keys.ts';
import type { CaCipher } from '../../../../electron/card/fixtures/make-card.ts';
import { authProfileOf, makeAuthCard } from '../../../helpers/auth-cards.ts';

beforeAll(() => setCryptoPath('pure'));

const keyOf = (mrz: string[]) => accessKeyFromMrz(mrz.join('\n'));

describe('Active Authentication through the emulator', () => {
  const cases: { key: AaKeySpec; algorithm: string; explicitParameters?: boolean }[] = [
    { key: 'RSA-1024', algorithm: 'RSA-1024 ISO 9796-2 SHA-1' },
    { key: 'RSA-2048', algorithm: 'RSA-2048 ISO 9796-2 SHA-256' },
    { key: 'ECDSA-P256', algorithm: 'ECDSA-SHA-256 P-256' },
    { key: 'ECDSA-brainpoolP256r1', algorithm: 'ECDSA-SHA-256 brainpoolP256r1' },
    { key: 'ECDSA-brainpoolP384r1', algorithm: 'ECDSA-SHA-384 brainpoolP384r1', explicitParameters: true },
  ];
  for (const c of cases) {
    it(`${c.key}${c.explicitParameters ? ' (explicit curve)' : ''}: genuine chip valid, clone invalid`, async () => {
      const card = await makeAuthCard({ activeAuthentication: { key: c.key, explicitParameters: c.explicitParameters } });
      const before = nativeUse.calls;
      const doc = await readDocument(new EmulatedChip(authProfileOf(card)), { keys: [keyOf(card.mrz)] });
      expect(doc.authentication.active).toEqual({ status: 'valid', algorithm: c.algorithm });
      expect(doc.authentication.chip.status).toBe('not-supported');
      expect(nativeUse.calls).toBe(before);

      const clone = await makeAuthCard({ activeAuthentication: { key: c.key, explicitParameters: c.explicitParameters }, clone: true });
      const cloned = await readDocument(new EmulatedChip(authProfileOf(clone)), { keys: [keyOf(clone.mrz)] });
      expect(cloned.authentication.active.status).toBe('invalid');
    });
  }

  it('a chip with DG15 but no private key (data copied to a blank chip) fails AA', async () => {
    const card = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-P256' } });
    const doc = await readDocument(new EmulatedChip({ ...authProfileOf(card), aaKeyPem: undefined }), { keys: [keyOf(card.mrz)] });
    expect(doc.authentication.active).toMatchObject({ status: 'invalid', problem: 'chip refused INTERNAL AUTHENTICATE (6D00 INS_NOT_SUPPORTED)' });
  });

  it('RSA-1024 AA fits short APDUs; RSA-2048 without extended length is not-checked, never called a clone', async () => {
    const small = await makeAuthCard({ activeAuthentication: { key: 'RSA-1024' } });
    const ok = await readDocument(new EmulatedChip(authProfileOf(small), { extendedLength: false }), { keys: [keyOf(small.mrz)] });
    expect(ok.authentication.active.status).toBe('valid');
    const card = await makeAuthCard({ activeAuthentication: { key: 'RSA-2048' } });
    const doc = await readDocument(new EmulatedChip(authProfileOf(card), { extendedLength: false }), { keys: [keyOf(card.mrz)] });
    expect(doc.authentication.active.status).toBe('not-checked');
  });
});

describe('Chip Authentication through the emulator', () => {
  const cases: { key: CaKeySpec; cipher: CaCipher; algorithm: string; keyId?: number; explicitParameters?: boolean }[] = [
    { key: 'ECDH-P256', cipher: '3DES', algorithm: 'id-CA-ECDH-3DES-CBC-CBC P-256' },
    { key: 'ECDH-brainpoolP256r1', cipher: 'AES-128', algorithm: 'id-CA-ECDH-AES-CBC-CMAC-128 brainpoolP256r1' },
    { key: 'ECDH-brainpoolP384r1', cipher: 'AES-192', algorithm: 'id-CA-ECDH-AES-CBC-CMAC-192 brainpoolP384r1', keyId: 1 },
    { key: 'ECDH-brainpoolP512r1', cipher: 'AES-256', algorithm: 'id-CA-ECDH-AES-CBC-CMAC-256 brainpoolP512r1', explicitParameters: true },
    { key: 'DH-1024', cipher: '3DES', algorithm: 'id-CA-DH-3DES-CBC-CBC DH-1024' },
    { key: 'DH-2048', cipher: 'AES-128', algorithm: 'id-CA-DH-AES-CBC-CMAC-128 DH-2048' },
  ];
  for (const c of cases) {
    it(`${c.key} ${c.cipher}${c.keyId ? ' with key id' : ''}: genuine chip valid under new keys, clone invalid`, async () => {
      const ca = { key: c.key, cipher: c.cipher, keyId: c.keyId, explicitParameters: c.explicitParameters };
      const card = await makeAuthCard({ chipAuthentication: ca });
      const chip = new EmulatedChip(authProfileOf(card));
      const doc = await readDocument(chip, { keys: [keyOf(card.mrz)] });
      expect(doc.authentication.chip).toEqual({ status: 'valid', algorithm: c.algorithm });
      expect(hex(doc.files.get('DG14')!)).toBe(hex(card.files.get('DG14')!));

      const clone = await makeAuthCard({ chipAuthentication: ca, clone: true });
      const cloned = await readDocument(new EmulatedChip(authProfileOf(clone)), { keys: [keyOf(clone.mrz)] });
      expect(cloned.authentication.chip).toMatchObject({ status: 'invalid', problem: 'no answer under the new keys (6988 SM_DATA_OBJECTS_INCORRECT)' });
    });
  }

  it('AA and CA together: AA under the access session, then CA switches it', async () => {
    const card = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-brainpoolP256r1' }, chipAuthentication: { key: 'ECDH-brainpoolP256r1', cipher: 'AES-128' } });
    const doc = await readDocument(new EmulatedChip(authProfileOf(card)), { keys: [keyOf(card.mrz)] });
    expect(doc.authentication.active.status).toBe('valid');
    expect(doc.authentication.chip.status).toBe('valid');
    const clone = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-brainpoolP256r1' }, chipAuthentication: { key: 'ECDH-brainpoolP256r1', cipher: 'AES-128' }, clone: true });
    const cloned = await readDocument(new EmulatedChip(authProfileOf(clone)), { keys: [keyOf(clone.mrz)] });
    expect(cloned.authentication.active.status).toBe('invalid');
    expect(cloned.authentication.chip.status).toBe('invalid');
  });

  it('can be switched off, and a card without DG14/DG15 reports not-supported without extra APDUs', async () => {
    const card = await makeAuthCard({ chipAuthentication: { key: 'ECDH-P256', cipher: 'AES-128' } });
    const off = await readDocument(new EmulatedChip(authProfileOf(card)), { keys: [keyOf(card.mrz)], chipAuthentication: false });
    expect(off.authentication.chip.status).toBe('not-checked');
    const plain = await makeAuthCard();
    const doc = await readDocument(new EmulatedChip(authProfileOf(plain)), { keys: [keyOf(plain.mrz)] });
    expect(doc.authentication).toEqual({ active: { status: 'not-supported', algorithm: null }, chip: { status: 'not-supported', algorithm: null } });
    const without = await readDocument(new EmulatedChip(authProfileOf(plain)), { keys: [keyOf(plain.mrz)], activeAuthentication: false, chipAuthentication: false });
    expect(doc.stats.apdus).toBe(without.stats.apdus);
  });
});
