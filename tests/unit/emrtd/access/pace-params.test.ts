// The standardized PACE domains (9303-11 §9.5.1) checked against OpenSSL through node:crypto (test-only: the
// product path is pure TypeScript), plus the public-key checks both PACE sides rely on.
import { checkPrimeSync, createDiffieHellman, createECDH, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { bigintToBytes, bytesToBigint, modPow, paceGroup } from '../../../../electron/emrtd/access/pace-group.ts';
import { SUPPORTED_PACE_PARAMETER_IDS, standardDomain, type DhDomain, type EcDomain } from '../../../../electron/emrtd/access/pace-params.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const OPENSSL_CURVE: Record<number, string> = {
  8: 'prime192v1',
  9: 'brainpoolP192r1',
  10: 'secp224r1',
  11: 'brainpoolP224r1',
  12: 'prime256v1',
  13: 'brainpoolP256r1',
  14: 'brainpoolP320r1',
  15: 'secp384r1',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'secp521r1',
};

const rng = (n: number): Uint8Array => new Uint8Array(randomBytes(n));

function denied(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
    expect((e as EmrtdError).code).toBe('ACCESS_DENIED');
    return;
  }
  throw new Error('expected ACCESS_DENIED');
}

describe('standardized PACE domain parameters', () => {
  it('covers ids 0–2 and 8–18 and nothing else', () => {
    expect([...SUPPORTED_PACE_PARAMETER_IDS].sort((a, b) => a - b)).toEqual([0, 1, 2, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
    for (const id of [3, 7, 19, 32]) expect(() => standardDomain(id)).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
  });

  for (const [id, name] of Object.entries(OPENSSL_CURVE)) {
    it(`id ${id}: public keys and ECDH agree with OpenSSL's ${name}`, () => {
      const d = standardDomain(Number(id)) as EcDomain;
      expect(d.kind).toBe('ECDH');
      const g = paceGroup(d);
      const a = g.generatePrivateKey(rng);
      const b = g.generatePrivateKey(rng);
      const ecdh = createECDH(name);
      const size = Math.ceil(d.order.toString(16).length / 2);
      ecdh.setPrivateKey(bigintToBytes(a, size));
      expect(hex(g.publicKey(a))).toBe(hex(ecdh.getPublicKey()));
      const theirs = new Uint8Array(ecdh.computeSecret(g.publicKey(b)));
      expect(hex(g.sharedSecret(b, ecdh.getPublicKey()))).toBe(hex(theirs));
      expect(theirs.length).toBe(d.fieldBytes);
    });
  }

  const group0 = (icaoVectors().paceDhGm as { group: { p: string; g: string; q: string } }).group;

  for (const id of [0, 1, 2]) {
    it(`id ${id}: an RFC 5114 group with a prime-order subgroup, and DH agrees with OpenSSL`, () => {
      const d = standardDomain(id) as DhDomain;
      expect(d.kind).toBe('DH');
      expect(checkPrimeSync(d.p)).toBe(true);
      expect(checkPrimeSync(d.q)).toBe(true);
      expect((d.p - 1n) % d.q).toBe(0n);
      expect(modPow(d.g, d.q, d.p)).toBe(1n);
      expect(d.byteLength).toBe(id === 0 ? 128 : 256);
      const g = paceGroup(d);
      const a = g.generatePrivateKey(rng);
      const b = g.generatePrivateKey(rng);
      const dh = createDiffieHellman(bigintToBytes(d.p, d.byteLength), bigintToBytes(d.g, d.byteLength));
      dh.setPrivateKey(bigintToBytes(a, 32));
      dh.generateKeys(); // with a private key set, this only computes the public one
      const ours = g.publicKey(a);
      expect(bytesToBigint(ours)).toBe(bytesToBigint(dh.getPublicKey()));
      expect(ours.length).toBe(d.byteLength);
      expect(bytesToBigint(g.sharedSecret(b, ours))).toBe(bytesToBigint(dh.computeSecret(g.publicKey(b))));
    });
  }

  it('id 0 is the group of the Appendix G DH example', () => {
    const d = standardDomain(0) as DhDomain;
    expect([d.p, d.g, d.q].map((v) => v.toString(16).toUpperCase())).toEqual([group0.p, group0.g, group0.q]);
  });
});

describe('PACE public-key checks', () => {
  const ec = paceGroup(standardDomain(13));
  const pk = ec.publicKey(12345n);

  it('refuses EC keys off the curve, compressed, or of the wrong size', () => {
    const off = pk.slice();
    off[off.length - 1] ^= 1;
    denied(() => ec.checkPublicKey(off));
    denied(() => ec.checkPublicKey(pk.subarray(0, 33)));
    denied(() => ec.checkPublicKey(Uint8Array.of(0x02, ...pk.subarray(1, 33))));
    denied(() => ec.checkPublicKey(new Uint8Array(65)));
    ec.checkPublicKey(pk);
  });

  it('refuses DH values 0, 1, p − 1, p, and values outside the subgroup', () => {
    const d = standardDomain(0) as DhDomain;
    const g = paceGroup(d);
    for (const v of [0n, 1n, d.p - 1n]) denied(() => g.checkPublicKey(bigintToBytes(v, 128)));
    denied(() => g.checkPublicKey(new Uint8Array(129)));
    denied(() => g.checkPublicKey(new Uint8Array(0)));
    // 2 generates a larger group than q here: 2^q ≠ 1.
    expect(modPow(2n, d.q, d.p)).not.toBe(1n);
    denied(() => g.checkPublicKey(bigintToBytes(2n, 128)));
    g.checkPublicKey(g.publicKey(7n));
  });

  it('draws private keys in [1, order − 1] whatever the random bytes (property)', () => {
    const groups = [paceGroup(standardDomain(18)), paceGroup(standardDomain(0)), ec];
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 200, maxLength: 200 }), fc.integer({ min: 0, max: 2 }), (pool, gi) => {
        let o = 0;
        // Cycle through the pool; an all-zero pool eventually exhausts the 64 draws.
        const draw = (n: number) => Uint8Array.from({ length: n }, () => pool[o++ % pool.length] ^ (o >> 8));
        const g = groups[gi];
        const order = g.domain.kind === 'ECDH' ? g.domain.order : g.domain.q;
        try {
          const k = g.generatePrivateKey(draw);
          return k >= 1n && k < order;
        } catch (e) {
          return e instanceof RangeError;
        }
      }),
      { numRuns: 200 },
    );
  });
});
