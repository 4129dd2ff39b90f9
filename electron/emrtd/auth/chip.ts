// Chip Authentication (9303-11 §6.2): ephemeral-static key agreement with the chip's DG14 key, new session
// keys from the shared secret (§9.7.1), and secure messaging restarted with them — MSE:Set KAT for 3DES
// (§6.2.3.2.1), MSE:Set AT + GENERAL AUTHENTICATE for AES (§6.2.3.2.2). The chip proves it holds the private
// key by answering under the new keys: a file read with them must verify.
import * as asn1js from 'asn1js';
import { SW_OK } from '../apdu.ts';
import type { ApduSender } from '../channel.ts';
import { concat, equal, wipe } from '../bytes.ts';
import { deriveKey, KDF_ENC, KDF_MAC, type KdfAlgorithm } from '../crypto/kdf.ts';
import { EmrtdError, statusWordName } from '../errors.ts';
import type { SecurityInfo } from '../lds/dg14.ts';
import { ID_CA_DH, ID_CA_ECDH, ID_PK_DH, ID_PK_ECDH } from '../lds/oids.ts';
import { aesSmCipher, tdesSmCipher } from '../sm/cipher.ts';
import { SecureMessaging } from '../sm/secure-messaging.ts';
import { SecureSender } from '../sm/secure-sender.ts';
import { decodeTlv, encodeTlv } from '../tlv.ts';
import { bigIntToBytes, byteLength } from './bigint.ts';
import { ephemeralKey, type AgreementDomain } from './key-agreement.ts';
import { parsePublicKey } from './public-key.ts';
import type { ChipCheckStatus } from './active.ts';

export interface CaChoice {
  /** id-CA-(EC)DH-<cipher> */
  protocol: string;
  cipher: KdfAlgorithm;
  keyId: number | undefined;
  domain: AgreementDomain;
  /** The chip's static public key (point or DH value) from DG14. */
  chipPublicKey: Uint8Array;
}

export interface ChipAuthResult {
  status: ChipCheckStatus;
  /** e.g. "id-CA-ECDH-AES-CBC-CMAC-128 brainpoolP256r1". */
  algorithm: string | null;
  problem?: string;
  /** The session under the new keys, when CA succeeded (the caller goes on with it, then ends it). */
  sender?: SecureSender;
}

const CIPHERS: Record<string, KdfAlgorithm> = { '1': 'DESede', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };
const CIPHER_NAMES: Record<KdfAlgorithm, string> = { DESede: '3DES-CBC-CBC', 'AES-128': 'AES-CBC-CMAC-128', 'AES-192': 'AES-CBC-CMAC-192', 'AES-256': 'AES-CBC-CMAC-256' };

function minimalInt(n: number): Uint8Array {
  const out: number[] = [];
  let v = n;
  do {
    out.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (v > 0);
  return Uint8Array.from(out);
}

function oidValue(oid: string): Uint8Array {
  return new Uint8Array(new asn1js.ObjectIdentifier({ value: oid }).valueBlock.toBER());
}

/** Pick the CA protocol and key from DG14 (§9.2.5–9.2.6): AES before 3DES; 3DES when no ChipAuthenticationInfo. */
export function selectChipAuthentication(dg14: readonly SecurityInfo[]): CaChoice | null {
  const keys = dg14.filter((i) => i.kind === 'ChipAuthenticationPublicKey' && i.publicKey);
  if (keys.length === 0) return null;
  const infos = dg14.filter((i) => i.kind === 'ChipAuthentication');
  const ranked = [...infos].sort((a, b) => b.protocol.localeCompare(a.protocol));
  for (const info of ranked.length > 0 ? ranked : [null]) {
    const key = keys.find((k) => info === null || k.keyId === undefined || info.keyId === undefined || k.keyId === info.keyId);
    if (!key?.publicKey) continue;
    const pk = parsePublicKey(key.publicKey, 'ChipAuthenticationPublicKey');
    if (pk.kind === 'RSA') continue;
    const ec = pk.kind === 'EC';
    const base = ec ? ID_CA_ECDH : ID_CA_DH;
    if (key.protocol !== (ec ? ID_PK_ECDH : ID_PK_DH)) continue;
    const protocol = info?.protocol ?? `${base}.1`;
    if (!protocol.startsWith(`${base}.`)) continue;
    const cipher = CIPHERS[protocol.slice(base.length + 1)];
    if (!cipher) continue;
    const domain: AgreementDomain = pk.kind === 'EC' ? { kind: 'EC', curve: pk.curve } : { kind: 'DH', dh: pk.dh };
    const chipPublicKey = pk.kind === 'EC' ? pk.point : bigIntToBytes(pk.y, byteLength(pk.dh.p));
    return { protocol, cipher, keyId: info?.keyId ?? key.keyId, domain, chipPublicKey };
  }
  return null;
}

export function describeChoice(c: CaChoice): string {
  const curve = c.domain.kind === 'EC' ? c.domain.curve.name : `DH-${c.domain.dh.p.toString(2).length}`;
  return `id-CA-${c.domain.kind === 'EC' ? 'ECDH' : 'DH'}-${CIPHER_NAMES[c.cipher]} ${curve}`;
}

export interface ChipAuthOptions {
  /** A file to read under the new keys as proof, and the bytes it must start with (EF.COM as read). */
  proof: { sfi: number; expected?: Uint8Array };
}

/**
 * Run CA inside the open session `sender` (over `plain`). On success the old session is ended and the result
 * carries the new one. A chip that refuses, or whose answer under the new keys does not verify, is 'invalid'.
 */
export async function performChipAuthentication(
  plain: ApduSender,
  sender: SecureSender,
  dg14: readonly SecurityInfo[],
  opts: ChipAuthOptions,
): Promise<ChipAuthResult> {
  const choice = selectChipAuthentication(dg14);
  if (!choice) return { status: 'not-supported', algorithm: null };
  const algorithm = describeChoice(choice);
  const eph = ephemeralKey(choice.domain);
  let shared: Uint8Array;
  try {
    shared = eph.agree(choice.chipPublicKey);
  } catch (e) {
    eph.wipe();
    return { status: 'invalid', algorithm, problem: e instanceof Error ? e.message : 'key agreement failed' };
  }
  const keyRef = choice.keyId !== undefined ? encodeTlv(0x84, minimalInt(choice.keyId)) : new Uint8Array(0);
  try {
    if (choice.cipher === 'DESede') {
      // §6.2.3.2.1 MSE:Set KAT: 91 ephemeral public key [84 key reference]; no Le.
      const r = await sender.send({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa6, data: concat(encodeTlv(0x91, eph.publicKey), keyRef) });
      if (r.sw !== SW_OK) return refused(algorithm, 'MSE:Set KAT', r.sw);
    } else {
      // §6.2.3.2.2 MSE:Set AT: 80 protocol OID [84 key reference]; then GENERAL AUTHENTICATE 7C { 80 key }.
      const r = await sender.send({ cla: 0x00, ins: 0x22, p1: 0x41, p2: 0xa4, data: concat(encodeTlv(0x80, oidValue(choice.protocol)), keyRef) });
      if (r.sw !== SW_OK) return refused(algorithm, 'MSE:Set AT', r.sw);
      const ga = await sender.send({ cla: 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: encodeTlv(0x7c, encodeTlv(0x80, eph.publicKey)), le: 256 });
      if (ga.sw !== SW_OK) return refused(algorithm, 'GENERAL AUTHENTICATE', ga.sw);
      try {
        if (decodeTlv(ga.data, 0).tag !== 0x7c) throw new Error('no 7C');
      } catch {
        return { status: 'invalid', algorithm, problem: 'GENERAL AUTHENTICATE answer without dynamic authentication data' };
      }
    }
  } finally {
    eph.wipe();
  }

  // §9.7.1 with counters 1 and 2; §6.2.3.2: the send sequence counter restarts at zero.
  const ksEnc = deriveKey(shared, KDF_ENC, choice.cipher);
  const ksMac = deriveKey(shared, KDF_MAC, choice.cipher);
  wipe(shared);
  const cipher = choice.cipher === 'DESede' ? tdesSmCipher(ksEnc, ksMac) : aesSmCipher(ksEnc, ksMac);
  wipe(ksEnc, ksMac);
  sender.end();
  const next = new SecureSender(plain, new SecureMessaging(cipher, new Uint8Array(cipher.blockSize)));

  const want = opts.proof.expected ? Math.min(8, opts.proof.expected.length) : 8;
  try {
    const r = await next.send({ cla: 0x00, ins: 0xb0, p1: 0x80 | opts.proof.sfi, p2: 0x00, le: want });
    if (r.sw !== SW_OK && r.sw !== 0x6282) {
      next.end();
      return { status: 'invalid', algorithm, problem: `no answer under the new keys (${r.sw.toString(16).toUpperCase()} ${statusWordName(r.sw)})` };
    }
    if (opts.proof.expected && !equal(r.data, opts.proof.expected.subarray(0, r.data.length))) {
      next.end();
      return { status: 'invalid', algorithm, problem: 'the file read under the new keys differs' };
    }
  } catch (e) {
    if (e instanceof EmrtdError && (e.code === 'SM_MAC_INVALID' || e.code === 'SM_MALFORMED')) {
      return { status: 'invalid', algorithm, problem: 'the chip answer under the new keys does not verify' };
    }
    throw e;
  }
  return { status: 'valid', algorithm, sender: next };
}

function refused(algorithm: string, step: string, sw: number): ChipAuthResult {
  return { status: 'invalid', algorithm, problem: `chip refused ${step} (${sw.toString(16).toUpperCase()} ${statusWordName(sw)})` };
}
