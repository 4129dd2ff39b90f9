// The emulated chip's side of Chip Authentication (9303-11 §6.2.3): MSE:Set KAT (3DES) or MSE:Set AT then
// GENERAL AUTHENTICATE (AES) bring the terminal's ephemeral key; the chip agrees a secret with its static key
// from ca-key.pem and hands back the new secure-messaging session, which starts after this answer is sent
// under the old one. A clone's key does not match DG14, so its session keys differ from the terminal's.
import { EmrtdError } from '../../emrtd/errors.ts';
import { deriveKey, KDF_ENC, KDF_MAC, type KdfAlgorithm } from '../../emrtd/crypto/kdf.ts';
import type { SecurityInfo } from '../../emrtd/lds/dg14.ts';
import { ID_CA_DH, ID_CA_ECDH } from '../../emrtd/lds/oids.ts';
import { aesSmCipher, tdesSmCipher } from '../../emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../emrtd/sm/secure-messaging.ts';
import { decodeTlv, decodeTlvList, encodeTlv } from '../../emrtd/tlv.ts';
import { wipe } from '../../emrtd/bytes.ts';
import * as asn1js from 'asn1js';
import { staticKey, type AgreementDomain } from '../../emrtd/auth/key-agreement.ts';
import { parseChipPrivateKey } from './chip-private-key.ts';

const CIPHERS: Record<string, KdfAlgorithm> = { '1': 'DESede', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

export interface CaStep {
  sw: number;
  data?: Uint8Array;
  /** The session to switch to once this answer has been protected with the current one. */
  sm?: SecureMessaging;
}

function oidFromValue(value: Uint8Array): string | null {
  const node = new asn1js.ObjectIdentifier();
  const end = node.valueBlock.fromBER(value.slice().buffer, 0, value.length);
  return end === -1 ? null : node.valueBlock.toString();
}

export class CaResponder {
  readonly #domain: AgreementDomain;
  readonly #private: Uint8Array | bigint;
  readonly #protocols: Map<string, number | undefined>;
  #pending: { cipher: KdfAlgorithm } | null = null;

  constructor(keyPem: string, dg14: readonly SecurityInfo[]) {
    const key = parseChipPrivateKey(keyPem);
    if (key.kind === 'RSA') throw new EmrtdError('INPUT_INVALID', 'ca-key.pem: Chip Authentication needs an EC or DH key');
    this.#domain = key.kind === 'EC' ? { kind: 'EC', curve: key.curve } : { kind: 'DH', dh: key.dh };
    this.#private = key.kind === 'EC' ? key.d : key.x;
    this.#protocols = new Map(dg14.filter((i) => i.kind === 'ChipAuthentication').map((i) => [i.protocol, i.keyId]));
    if (this.#protocols.size === 0) this.#protocols.set(`${key.kind === 'EC' ? ID_CA_ECDH : ID_CA_DH}.1`, undefined);
  }

  get inProgress(): boolean {
    return this.#pending !== null;
  }

  reset(): void {
    this.#pending = null;
  }

  #cipherOf(protocol: string): KdfAlgorithm | null {
    if (!this.#protocols.has(protocol)) return null;
    return CIPHERS[protocol.split('.').pop() ?? ''] ?? null;
  }

  #session(cipher: KdfAlgorithm, terminalKey: Uint8Array): SecureMessaging | null {
    let shared: Uint8Array;
    try {
      shared = staticKey(this.#domain, this.#private).agree(terminalKey);
    } catch {
      return null;
    }
    const enc = deriveKey(shared, KDF_ENC, cipher);
    const mac = deriveKey(shared, KDF_MAC, cipher);
    wipe(shared);
    const c = cipher === 'DESede' ? tdesSmCipher(enc, mac) : aesSmCipher(enc, mac);
    wipe(enc, mac);
    return new SecureMessaging(c, new Uint8Array(c.blockSize));
  }

  /** MSE:Set KAT (P1P2 41A6): 91 ephemeral key [84 key id] — 3DES chip authentication in one step. */
  setKat(data: Uint8Array | undefined): CaStep {
    let key: Uint8Array | undefined;
    try {
      key = decodeTlvList(data ?? new Uint8Array(0)).find((t) => t.tag === 0x91)?.value;
    } catch {
      return { sw: 0x6a80 };
    }
    const des = [...this.#protocols.keys()].find((p) => this.#cipherOf(p) === 'DESede');
    if (!key || !des) return { sw: key ? 0x6985 : 0x6a80 };
    const sm = this.#session('DESede', key);
    return sm ? { sw: 0x9000, sm } : { sw: 0x6a80 };
  }

  /** MSE:Set AT (P1P2 41A4): 80 CA protocol OID [84 key id] — selects AES chip authentication. */
  setAt(data: Uint8Array | undefined): CaStep {
    this.#pending = null;
    let oid: string | null = null;
    try {
      const t = decodeTlvList(data ?? new Uint8Array(0)).find((x) => x.tag === 0x80);
      oid = t ? oidFromValue(t.value) : null;
    } catch {
      return { sw: 0x6a80 };
    }
    const cipher = oid ? this.#cipherOf(oid) : null;
    if (!cipher) return { sw: 0x6a80 };
    this.#pending = { cipher };
    return { sw: 0x9000 };
  }

  /** GENERAL AUTHENTICATE after Set AT: 7C { 80 ephemeral key } → 7C { } and the new session. */
  generalAuthenticate(data: Uint8Array | undefined): CaStep {
    const pending = this.#pending;
    this.#pending = null;
    if (!pending) return { sw: 0x6985 };
    let key: Uint8Array | undefined;
    try {
      const outer = decodeTlv(data ?? new Uint8Array(0), 0);
      if (outer.tag !== 0x7c) return { sw: 0x6a80 };
      key = decodeTlvList(outer.value).find((t) => t.tag === 0x80)?.value;
    } catch {
      return { sw: 0x6a80 };
    }
    if (!key) return { sw: 0x6a80 };
    const sm = this.#session(pending.cipher, key);
    return sm ? { sw: 0x9000, data: encodeTlv(0x7c), sm } : { sw: 0x6a80 };
  }
}
