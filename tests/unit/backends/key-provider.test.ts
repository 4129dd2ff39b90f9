import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvKeyProvider, SealedFileKeyProvider, ensureSealedKeyFile, keyProviderFromConfig } from '../../../electron/backends/outbox/key-provider.ts';
import { BackendError } from '../../../electron/backends/errors.ts';
import { tempDir } from './harness.ts';

// Stand-in for Electron's safeStorage: reversible, and visibly not the plain key.
const seal = (plain: string): Buffer => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a));
const unseal = (sealed: Buffer): string => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8');

describe('outbox key providers', () => {
  it('creates a sealed key once, never in the clear, and reads the same key back', async () => {
    const path = join(tempDir(), 'outbox.key.sealed');
    ensureSealedKeyFile(path, seal);
    const first = readFileSync(path);
    ensureSealedKeyFile(path, seal); // second start: unchanged
    expect(readFileSync(path)).toEqual(first);
    const key = await new SealedFileKeyProvider(path, unseal).getKey();
    expect(key).toHaveLength(32);
    expect(first.toString('latin1')).not.toContain(Buffer.from(key).toString('hex'));
    expect(await keyProviderFromConfig({ kind: 'safe-storage', path }, { unseal }).getKey()).toEqual(key);
  });

  it('refuses a missing or malformed key with CONFIG', async () => {
    await expect(new EnvKeyProvider('K', {}).getKey()).rejects.toBeInstanceOf(BackendError);
    await expect(new EnvKeyProvider('K', { K: 'abc' }).getKey()).rejects.toMatchObject({ code: 'CONFIG' });
    expect(() => keyProviderFromConfig({ kind: 'safe-storage', path: '/x' })).toThrow(/safeStorage/);
  });
});
