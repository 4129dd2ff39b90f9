// Cryptographically strong random bytes from the Web Crypto API (Node 20, Electron main and workers).

/** getRandomValues fills at most 65536 bytes a call. */
const MAX_CHUNK = 65536;

export function randomBytes(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randomBytes: bad length ${n}`);
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o += MAX_CHUNK) globalThis.crypto.getRandomValues(out.subarray(o, Math.min(n, o + MAX_CHUNK)));
  return out;
}
