// ISO/IEC 9796-2 digital signature scheme 1 with message recovery, as RSA Active Authentication uses it
// (9303-11 §6.1.2): F = header ‖ M1 ‖ H(M1 ‖ M2) ‖ trailer, with header 6A (partial recovery: M2 is RND.IFD,
// sent by the terminal) or 4A (total recovery), and trailer BC (implicit SHA-1) or xx CC (hash named by xx,
// ISO/IEC 10118-3 identifiers).
import { concat, equal } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import type { HashName } from '../lds/oids.ts';
import { digest, HASH_LENGTH } from './hash.ts';

export const HASH_IDENTIFIER: Readonly<Record<number, HashName>> = { 0x33: 'SHA-1', 0x34: 'SHA-256', 0x35: 'SHA-512', 0x36: 'SHA-384', 0x38: 'SHA-224' };

const ID_BY_HASH: Readonly<Record<HashName, number>> = { 'SHA-1': 0x33, 'SHA-256': 0x34, 'SHA-512': 0x35, 'SHA-384': 0x36, 'SHA-224': 0x38 };

export interface Recovered {
  /** 0x6A (partial recovery) or 0x4A (total recovery). */
  header: number;
  /** The recovered part of the message. */
  m1: Uint8Array;
  /** The hash D = H(M1 ‖ M2) carried in F. */
  d: Uint8Array;
  hash: HashName;
  trailer: Uint8Array;
}

function bad(message: string): EmrtdError {
  return new EmrtdError('LDS_MALFORMED', `ISO/IEC 9796-2: ${message}`);
}

/** Split a recovered message representative F into header, M1, D and trailer. */
export function decodeScheme1(f: Uint8Array): Recovered {
  if (f.length < 3) throw bad('message representative too short');
  const header = f[0];
  if (header !== 0x6a && header !== 0x4a) throw bad(`header ${header.toString(16).toUpperCase()} is not scheme 1 (6A/4A)`);
  let hash: HashName;
  let trailerLength: number;
  const last = f[f.length - 1];
  if (last === 0xbc) {
    hash = 'SHA-1';
    trailerLength = 1;
  } else if (last === 0xcc) {
    const id = f[f.length - 2];
    const h = HASH_IDENTIFIER[id];
    if (!h) throw new EmrtdError('UNSUPPORTED', `ISO/IEC 9796-2: hash identifier ${id.toString(16).toUpperCase()}`);
    hash = h;
    trailerLength = 2;
  } else {
    throw bad(`trailer ${last.toString(16).toUpperCase()} is neither BC nor xxCC`);
  }
  const hLen = HASH_LENGTH[hash];
  const dStart = f.length - trailerLength - hLen;
  if (dStart < 1) throw bad('message representative shorter than its hash');
  return { header, m1: f.slice(1, dStart), d: f.slice(dStart, f.length - trailerLength), hash, trailer: f.slice(f.length - trailerLength) };
}

/** D = H(M1 ‖ M2)? (9303-11 §6.1.2 step 3, M2 = RND.IFD). */
export function verifyScheme1(f: Uint8Array, m2: Uint8Array): boolean {
  const r = decodeScheme1(f);
  return equal(digest(r.hash, r.m1, m2), r.d);
}

/**
 * Build F for a k-byte modulus (the chip side, for the emulator): M1 fills the capacity, partial recovery,
 * trailer BC for SHA-1 unless `explicitTrailer`, xx CC otherwise.
 */
export function encodeScheme1(m1Source: Uint8Array, m2: Uint8Array, hash: HashName, k: number, explicitTrailer = hash !== 'SHA-1'): Uint8Array {
  const trailer = explicitTrailer ? Uint8Array.of(ID_BY_HASH[hash], 0xcc) : Uint8Array.of(0xbc);
  const capacity = k - 1 - HASH_LENGTH[hash] - trailer.length;
  if (capacity < 1 || m1Source.length < capacity) throw new RangeError('encodeScheme1: not enough message for the modulus');
  const m1 = m1Source.subarray(0, capacity);
  return concat(Uint8Array.of(0x6a), m1, digest(hash, m1, m2), trailer);
}
