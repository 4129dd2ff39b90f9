import { describe, expect, it } from 'vitest';
import { randomBytes } from '../../../../electron/emrtd/crypto/random.ts';

describe('randomBytes', () => {
  it('returns the asked length, including more than one getRandomValues call', () => {
    expect(randomBytes(0).length).toBe(0);
    expect(randomBytes(8).length).toBe(8);
    const big = randomBytes(70_000);
    expect(big.length).toBe(70_000);
    // The tail beyond the first 65536-byte chunk is filled too (all-zero 4464 bytes has probability 2^-35712).
    expect(big.subarray(65536).some((b) => b !== 0)).toBe(true);
  });

  it('does not repeat', () => {
    expect(randomBytes(16)).not.toEqual(randomBytes(16));
  });

  it('rejects a bad length', () => {
    expect(() => randomBytes(-1)).toThrow(RangeError);
    expect(() => randomBytes(1.5)).toThrow(RangeError);
  });
});
