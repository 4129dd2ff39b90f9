// Message digests for passive, active and chip authentication. SHA-1 and SHA-2 exist in OpenSSL and
// BoringSSL alike, so node:crypto serves both crypto paths.
import { createHash } from 'node:crypto';
import { EmrtdError } from '../errors.ts';
import type { HashName } from '../lds/oids.ts';
import { HASH_BY_OID } from '../lds/oids.ts';

const NODE_NAME: Record<HashName, string> = {
  'SHA-1': 'sha1',
  'SHA-224': 'sha224',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

export const HASH_LENGTH: Record<HashName, number> = { 'SHA-1': 20, 'SHA-224': 28, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export function digest(hash: HashName, ...parts: Uint8Array[]): Uint8Array {
  const h = createHash(NODE_NAME[hash]);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
}

export function nodeHashName(hash: HashName): string {
  return NODE_NAME[hash];
}

export function hashByOid(oid: string, what: string): HashName {
  const h = HASH_BY_OID[oid];
  if (!h) throw new EmrtdError('UNSUPPORTED', `${what}: hash algorithm ${oid}`);
  return h;
}
