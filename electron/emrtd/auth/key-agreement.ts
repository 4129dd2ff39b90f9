// The key agreement of Chip Authentication (9303-11 §6.2.3.1, §9.4): ephemeral ECDH or DH on the chip's
// domain parameters, public keys encoded as an uncompressed point or p-sized integer, and the shared secret as
// the x-coordinate / DH value left-padded to the field size. Pure (@noble/curves, bigint) or node:crypto ECDH.
import { createECDH } from 'node:crypto';
import { randomBytes } from '../crypto/random.ts';
import { EmrtdError } from '../errors.ts';
import { bigIntToBytes, byteLength, bytesToBigInt, modPow } from './bigint.ts';
import { cryptoPath, nativeUse } from './crypto-provider.ts';
import type { EcCurve } from './ec-curves.ts';
import type { DhDomainParameters } from './public-key.ts';

export type AgreementDomain = { kind: 'EC'; curve: EcCurve } | { kind: 'DH'; dh: DhDomainParameters };

export interface EphemeralKey {
  /** The public key as sent to the chip (04‖X‖Y, or the DH value padded to the size of p). */
  publicKey: Uint8Array;
  /** Compute the shared secret with the peer's public key (same encoding). */
  agree(peer: Uint8Array): Uint8Array;
  wipe(): void;
}

function dhKey(dh: DhDomainParameters, x: bigint): EphemeralKey {
  const size = byteLength(dh.p);
  let secret = x;
  return {
    publicKey: bigIntToBytes(modPow(dh.g, x, dh.p), size),
    agree(peer) {
      const y = bytesToBigInt(peer);
      // 9303-11 §6.2.3.1 / NIST SP 800-56A §5.6.2.3: reject 0, 1, p−1 and values outside the group.
      if (y <= 1n || y >= dh.p - 1n || (dh.q !== null && modPow(y, dh.q, dh.p) !== 1n)) {
        throw new EmrtdError('ACCESS_DENIED', 'Chip Authentication: invalid DH public key');
      }
      return bigIntToBytes(modPow(y, secret, dh.p), size);
    },
    wipe() {
      secret = 0n;
    },
  };
}

function ecKey(curve: EcCurve, sk: Uint8Array): EphemeralKey {
  const e = curve.ecdsa;
  return {
    publicKey: e.getPublicKey(sk, false),
    agree(peer) {
      if (cryptoPath() === 'native' && curve.nodeName) {
        try {
          nativeUse.calls++;
          const ecdh = createECDH(curve.nodeName);
          ecdh.setPrivateKey(sk);
          return new Uint8Array(ecdh.computeSecret(peer));
        } catch {
          // fall through: node refuses the curve or the point; the pure path decides
        }
      }
      try {
        // Compressed shared point: 02/03 ‖ X; the secret is X (9303-11 §9.4.1).
        return e.getSharedSecret(sk, peer, true).slice(1);
      } catch (cause) {
        throw new EmrtdError('ACCESS_DENIED', 'Chip Authentication: invalid EC public key', { cause });
      }
    },
    wipe() {
      sk.fill(0);
    },
  };
}

/** A fresh ephemeral key pair on the domain. */
export function ephemeralKey(domain: AgreementDomain): EphemeralKey {
  if (domain.kind === 'EC') return ecKey(domain.curve, domain.curve.ecdsa.utils.randomSecretKey());
  const bound = domain.dh.q ?? domain.dh.p - 1n;
  const x = (bytesToBigInt(randomBytes(byteLength(bound) + 8)) % (bound - 2n)) + 2n;
  return dhKey(domain.dh, x);
}

/** A key pair from a known private key (the emulated chip's static CA key). */
export function staticKey(domain: AgreementDomain, privateKey: Uint8Array | bigint): EphemeralKey {
  if (domain.kind === 'EC') return ecKey(domain.curve, typeof privateKey === 'bigint' ? bigIntToBytes(privateKey, domain.curve.orderBytes) : privateKey.slice());
  return dhKey(domain.dh, typeof privateKey === 'bigint' ? privateKey : bytesToBigInt(privateKey));
}
