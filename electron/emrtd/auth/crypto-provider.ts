// Which implementation does the public-key work of the trust layer (9303-11 §5, §6): node:crypto ('native',
// OpenSSL in plain Node) or pure TypeScript ('pure': @noble/curves for EC, bigint RSA and DH). Electron's Node
// links BoringSSL, which has no Brainpool curves, so the kiosk runs the pure path; tests force it to prove that
// path here. Hashes, AES and 3DES come from node:crypto on both paths: BoringSSL has them.

export type CryptoPath = 'native' | 'pure';

function defaultPath(): CryptoPath {
  const env = typeof process !== 'undefined' ? process.env.KIOSK_CRYPTO : undefined;
  if (env === 'pure' || env === 'native') return env;
  // Electron (BoringSSL): never try OpenSSL-only curves.
  return typeof process !== 'undefined' && process.versions?.electron ? 'pure' : 'native';
}

let current: CryptoPath = defaultPath();

/** Calls that reached node:crypto's public-key API (verify, createPublicKey, ECDH, DH): zero on the pure path. */
export const nativeUse = { calls: 0 };

export function cryptoPath(): CryptoPath {
  return current;
}

/** Force one path (tests, benchmarks, or a kiosk build that wants to be explicit). */
export function setCryptoPath(path: CryptoPath): void {
  current = path;
}

/** Run `fn` with `path` forced, restoring the previous choice afterwards. */
export function withCryptoPath<T>(path: CryptoPath, fn: () => T): T {
  const before = current;
  current = path;
  try {
    return fn();
  } finally {
    current = before;
  }
}
