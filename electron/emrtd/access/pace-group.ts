// The group arithmetic PACE needs on both sides (9303-11 §4.4.3): private keys, public keys on the current
// generator, checks of the peer's public key, key agreement, and a new group with another generator (what a
// mapping produces). ECDH runs on @noble/curves, DH on bigint modular exponentiation: nothing here touches
// node:crypto, so it runs unchanged on Electron's BoringSSL.
import type { WeierstrassPoint } from '@noble/curves/abstract/weierstrass.js';
import { EmrtdError } from '../errors.ts';
import type { DhDomain, EcDomain, PaceDomain } from './pace-params.ts';

export type Rng = (n: number) => Uint8Array;

export interface PaceGroup {
  readonly domain: PaceDomain;
  /** Tag of the public key inside the public-key data object 7F49: 86 EC point, 84 DH value (9303-11 §9.4.5). */
  readonly publicKeyTag: 0x84 | 0x86;
  /** A private key in [1, order − 1] by rejection sampling: an `rng` returning a valid key returns it as is. */
  generatePrivateKey(rng: Rng): bigint;
  /** sk·G or g^sk on this group's generator, encoded at full size (04‖x‖y, or the value left-padded). */
  publicKey(sk: bigint): Uint8Array;
  /** Throws ACCESS_DENIED unless `encoded` is a valid public key of this group (on the curve, in the subgroup). */
  checkPublicKey(encoded: Uint8Array): void;
  /** The shared secret: x-coordinate of sk·PK or PK^sk, left-padded to the field size (9303-11 §4.4.3.4). */
  sharedSecret(sk: bigint, peer: Uint8Array): Uint8Array;
  /** Generic Mapping (§4.4.3.3.1): the group with generator s·G + sk·PK (ECDH) or g^s·PK^sk (DH). */
  genericMapping(nonce: Uint8Array, sk: bigint, peer: Uint8Array): PaceGroup;
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Big-endian, left-padded to `size` bytes (the PACE rule that keeps ~1 in 128 runs from failing). */
export function bigintToBytes(v: bigint, size: number): Uint8Array {
  if (v < 0n) throw new RangeError('bigintToBytes: negative');
  const out = new Uint8Array(size);
  let x = v;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError(`bigintToBytes: value does not fit in ${size} bytes`);
  return out;
}

export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = base % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

function randomBelow(order: bigint, rng: Rng): bigint {
  const bits = order.toString(2).length;
  const n = Math.ceil(bits / 8);
  const topMask = 0xff >> (n * 8 - bits);
  for (let i = 0; i < 64; i++) {
    const b = rng(n).slice();
    if (b.length !== n) throw new RangeError(`PACE: rng returned ${b.length} bytes, expected ${n}`);
    b[0] &= topMask;
    const k = bytesToBigint(b);
    b.fill(0);
    if (k >= 1n && k < order) return k;
  }
  throw new RangeError('PACE: rng gave no usable private key in 64 draws');
}

function denied(message: string): EmrtdError {
  return new EmrtdError('ACCESS_DENIED', `PACE: ${message}`);
}

type Point = WeierstrassPoint<bigint>;

class EcGroup implements PaceGroup {
  readonly publicKeyTag = 0x86;
  constructor(
    readonly domain: EcDomain,
    private readonly generator: Point,
  ) {}

  generatePrivateKey(rng: Rng): bigint {
    return randomBelow(this.domain.order, rng);
  }

  publicKey(sk: bigint): Uint8Array {
    return this.encode(this.generator.multiply(sk));
  }

  checkPublicKey(encoded: Uint8Array): void {
    this.decode(encoded);
  }

  sharedSecret(sk: bigint, peer: Uint8Array): Uint8Array {
    const k = this.decode(peer).multiply(sk);
    if (k.is0()) throw denied('key agreement gave the point at infinity');
    return bigintToBytes(k.x, this.domain.fieldBytes);
  }

  genericMapping(nonce: Uint8Array, sk: bigint, peer: Uint8Array): PaceGroup {
    const h = this.decode(peer).multiply(sk);
    if (h.is0()) throw denied('mapping gave the point at infinity');
    const s = bytesToBigint(nonce) % this.domain.order;
    const g = s === 0n ? h : this.domain.Point.BASE.multiply(s).add(h);
    if (g.is0()) throw denied('mapped generator is the point at infinity');
    return new EcGroup(this.domain, g);
  }

  /** Uncompressed point 04 ‖ x ‖ y, each coordinate at the field size (9303-11 §9.4.5 / BSI TR-03111). */
  private encode(p: Point): Uint8Array {
    const n = this.domain.fieldBytes;
    const out = new Uint8Array(1 + 2 * n);
    out[0] = 0x04;
    out.set(bigintToBytes(p.x, n), 1);
    out.set(bigintToBytes(p.y, n), 1 + n);
    return out;
  }

  private decode(encoded: Uint8Array): Point {
    const n = this.domain.fieldBytes;
    if (encoded.length !== 1 + 2 * n || encoded[0] !== 0x04) throw denied(`public key is not an uncompressed ${this.domain.name} point`);
    try {
      // fromAffine + assertValidity: on the curve and not infinity (all these curves have cofactor 1).
      const p = this.domain.Point.fromAffine({ x: bytesToBigint(encoded.subarray(1, 1 + n)), y: bytesToBigint(encoded.subarray(1 + n)) });
      p.assertValidity();
      return p;
    } catch (e) {
      throw new EmrtdError('ACCESS_DENIED', `PACE: public key is not a point of ${this.domain.name}`, { cause: e });
    }
  }
}

class DhGroup implements PaceGroup {
  readonly publicKeyTag = 0x84;
  constructor(
    readonly domain: DhDomain,
    private readonly generator: bigint,
  ) {}

  generatePrivateKey(rng: Rng): bigint {
    return randomBelow(this.domain.q, rng);
  }

  publicKey(sk: bigint): Uint8Array {
    return bigintToBytes(modPow(this.generator, sk, this.domain.p), this.domain.byteLength);
  }

  checkPublicKey(encoded: Uint8Array): void {
    this.decode(encoded);
  }

  sharedSecret(sk: bigint, peer: Uint8Array): Uint8Array {
    return bigintToBytes(modPow(this.decode(peer), sk, this.domain.p), this.domain.byteLength);
  }

  genericMapping(nonce: Uint8Array, sk: bigint, peer: Uint8Array): PaceGroup {
    const { p, g } = this.domain;
    const h = modPow(this.decode(peer), sk, p);
    const mapped = (modPow(g, bytesToBigint(nonce), p) * h) % p;
    if (mapped <= 1n) throw denied('mapped generator is trivial');
    return new DhGroup(this.domain, mapped);
  }

  /** 1 < y < p − 1 and y^q = 1: a member of the prime-order subgroup (NIST SP 800-56A §5.6.2.3.1). */
  private decode(encoded: Uint8Array): bigint {
    const { p, q, byteLength } = this.domain;
    if (encoded.length === 0 || encoded.length > byteLength) throw denied(`DH public value of ${encoded.length} bytes`);
    const y = bytesToBigint(encoded);
    if (y <= 1n || y >= p - 1n || modPow(y, q, p) !== 1n) throw denied('DH public value outside the subgroup');
    return y;
  }
}

/** The group of a domain with its standard generator. */
export function paceGroup(domain: PaceDomain): PaceGroup {
  return domain.kind === 'ECDH' ? new EcGroup(domain, domain.Point.BASE) : new DhGroup(domain, domain.g);
}
