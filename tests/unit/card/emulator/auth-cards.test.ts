// The AA/CA card matrix written as card directories and read back through the emulator from disk (aa-key.pem
// and ca-key.pem included), on the pure crypto path: genuine cards pass what they offer, clones fail it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessKeyFromMrz } from '../../../../electron/emrtd/access/access-key.ts';
import { setCryptoPath } from '../../../../electron/emrtd/auth/crypto-provider.ts';
import { readDocument } from '../../../../electron/emrtd/read/read-document.ts';
import { EmulatedChip } from '../../../../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../../../../electron/card/emulator/card-profile.ts';
import { AUTH_CARD_VARIANTS, writeAuthCards } from '../../../../electron/card/fixtures/auth-cards.ts';
import { jpegPortrait, TEST_CITIZEN, testPki } from '../../../helpers/cards.ts';

let dir: string;
beforeAll(() => {
  setCryptoPath('pure');
  dir = mkdtempSync(join(tmpdir(), 'kiosk-auth-cards-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('AA/CA card directories', () => {
  it('every variant reads from disk with the verdicts its name promises', { timeout: 120_000 }, async () => {
    await writeAuthCards(dir, TEST_CITIZEN, jpegPortrait(), (await testPki()).documentSigner);
    for (const [name, opts] of Object.entries(AUTH_CARD_VARIANTS)) {
      const profile = loadCardDirectory(join(dir, name));
      if (opts.activeAuthentication) expect(statSync(join(dir, name, 'aa-key.pem')).mode & 0o077).toBe(0);
      const doc = await readDocument(new EmulatedChip(profile), { keys: [accessKeyFromMrz(profile.mrz)] });
      const expected = opts.clone ? 'invalid' : 'valid';
      expect(doc.authentication.active.status, name).toBe(opts.activeAuthentication ? expected : 'not-supported');
      expect(doc.authentication.chip.status, name).toBe(opts.chipAuthentication ? expected : 'not-supported');
    }
  });
});
