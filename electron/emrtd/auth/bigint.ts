// Big-endian bytes ↔ bigint and modular exponentiation for the pure RSA and DH paths.

export function bytesToBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

/** Big-endian, left-padded with zeros to `length` bytes (RangeError when it does not fit). */
export function bigIntToBytes(v: bigint, length: number): Uint8Array {
  if (v < 0n) throw new RangeError('bigIntToBytes: negative value');
  const out = new Uint8Array(length);
  let x = v;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError(`bigIntToBytes: value does not fit in ${length} bytes`);
  return out;
}

export function byteLength(v: bigint): number {
  let n = 0;
  for (let x = v; x > 0n; x >>= 8n) n++;
  return Math.max(1, n);
}

/** base^exp mod m by left-to-right square and multiply. */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (m === 1n) return 0n;
  let result = 1n;
  let b = ((base % m) + m) % m;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    e >>= 1n;
    if (e > 0n) b = (b * b) % m;
  }
  return result;
}
