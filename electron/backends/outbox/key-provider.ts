// Where the outbox's AES-256-GCM key comes from. The kiosk app passes a provider backed by Electron's
// safeStorage (OS keychain / DPAPI / libsecret) via `SealedFileKeyProvider` with `safeStorage.decryptString`;
// the CLI, tests and the browser host read 64 hex characters from an environment variable or a file.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { OutboxKeySource } from '../../config/backend-config.ts';
import { BackendError } from '../errors.ts';

export interface KeyProvider {
  /** 32 bytes. Called once when the outbox opens. */
  getKey(): Promise<Uint8Array>;
}

function parseHexKey(text: string, where: string): Uint8Array {
  const t = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(t)) throw new BackendError('CONFIG', `${where}: the outbox key must be 64 hex characters`);
  return new Uint8Array(Buffer.from(t, 'hex'));
}

export class StaticKeyProvider implements KeyProvider {
  constructor(private readonly key: Uint8Array) {
    if (key.length !== 32) throw new BackendError('CONFIG', 'the outbox key must be 32 bytes');
  }
  async getKey(): Promise<Uint8Array> {
    return this.key;
  }
}

export class EnvKeyProvider implements KeyProvider {
  constructor(private readonly name: string, private readonly env: NodeJS.ProcessEnv = process.env) {}
  async getKey(): Promise<Uint8Array> {
    const v = this.env[this.name];
    if (!v) throw new BackendError('CONFIG', `environment variable ${this.name} (outbox key) is not set`);
    return parseHexKey(v, this.name);
  }
}

export class FileKeyProvider implements KeyProvider {
  constructor(private readonly path: string) {}
  async getKey(): Promise<Uint8Array> {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch {
      throw new BackendError('CONFIG', `outbox key file not readable: ${this.path}`);
    }
    return parseHexKey(text, this.path);
  }
}

/** A key file sealed by the platform (Electron safeStorage); `unseal` is `safeStorage.decryptString`. */
export class SealedFileKeyProvider implements KeyProvider {
  constructor(private readonly path: string, private readonly unseal: (sealed: Buffer) => string) {}
  async getKey(): Promise<Uint8Array> {
    let sealed: Buffer;
    try {
      sealed = readFileSync(this.path);
    } catch {
      throw new BackendError('CONFIG', `sealed outbox key not readable: ${this.path}`);
    }
    return parseHexKey(this.unseal(sealed), this.path);
  }
}

/**
 * First start of a kiosk: creates the sealed key file if it does not exist yet (32 random bytes as hex,
 * sealed by `seal` = `safeStorage.encryptString`), so the key never lies on disk in the clear.
 */
export function ensureSealedKeyFile(path: string, seal: (plain: string) => Buffer): void {
  if (existsSync(path)) return;
  writeFileSync(path, seal(randomBytes(32).toString('hex')), { mode: 0o600, flag: 'wx' });
}

export function keyProviderFromConfig(
  source: OutboxKeySource,
  options: { env?: NodeJS.ProcessEnv; unseal?: (sealed: Buffer) => string } = {},
): KeyProvider {
  switch (source.kind) {
    case 'env':
      return new EnvKeyProvider(source.name, options.env);
    case 'file':
      return new FileKeyProvider(source.path);
    case 'safe-storage':
      if (!options.unseal) throw new BackendError('CONFIG', 'a safe-storage key needs the Electron app (safeStorage)');
      return new SealedFileKeyProvider(source.path, options.unseal);
  }
}
