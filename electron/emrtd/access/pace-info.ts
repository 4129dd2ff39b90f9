// PACEInfo (9303-11 §9.2.1) as listed in EF.CardAccess: which cipher suite and mapping each OID names, and
// which one of the chip's offers this terminal runs. Only Generic Mapping on standardized domain parameters is
// run (§4.4.3.3.1); Integrated and Chip Authentication Mapping entries are parsed but not chosen.
import type { KdfAlgorithm } from '../crypto/kdf.ts';
import { EmrtdError } from '../errors.ts';
import type { SecurityInfo } from '../lds/dg14.ts';
import { ID_PACE_DH_GM, ID_PACE_DH_IM, ID_PACE_ECDH_CAM, ID_PACE_ECDH_GM, ID_PACE_ECDH_IM } from '../lds/oids.ts';
import { SUPPORTED_PACE_PARAMETER_IDS } from './pace-params.ts';

export type PaceMapping = 'GM' | 'IM' | 'CAM';
export type PaceAgreement = 'DH' | 'ECDH';

export interface PaceSuite {
  agreement: PaceAgreement;
  mapping: PaceMapping;
  /** Cipher and KDF of the suite: 3DES (DESede) or AES with its key length (9303-11 §9.2.1 Table 6). */
  cipher: KdfAlgorithm;
}

export interface PaceInfo {
  /** The protocol OID, dotted, e.g. 0.4.0.127.0.7.2.2.4.2.2 (id-PACE-ECDH-GM-AES-CBC-CMAC-128). */
  protocol: string;
  version: number;
  /** Standardized domain parameter id (§9.5.1); absent when a PACEDomainParameterInfo gives explicit ones. */
  parameterId?: number;
  suite: PaceSuite;
}

const ARCS: ReadonlyArray<readonly [string, PaceAgreement, PaceMapping]> = [
  [ID_PACE_DH_GM, 'DH', 'GM'],
  [ID_PACE_ECDH_GM, 'ECDH', 'GM'],
  [ID_PACE_DH_IM, 'DH', 'IM'],
  [ID_PACE_ECDH_IM, 'ECDH', 'IM'],
  [ID_PACE_ECDH_CAM, 'ECDH', 'CAM'],
];

const CIPHERS: Readonly<Record<string, KdfAlgorithm>> = { '1': 'DESede', '2': 'AES-128', '3': 'AES-192', '4': 'AES-256' };

/** The suite a PACE protocol OID names, or undefined for an OID outside id-PACE. */
export function paceSuite(oid: string): PaceSuite | undefined {
  for (const [arc, agreement, mapping] of ARCS) {
    if (!oid.startsWith(`${arc}.`)) continue;
    const cipher = CIPHERS[oid.slice(arc.length + 1)];
    // CAM exists with AES only (§4.4.3.3.3).
    if (!cipher || (mapping === 'CAM' && cipher === 'DESede')) return undefined;
    return { agreement, mapping, cipher };
  }
  return undefined;
}

/** The PACEInfos among parsed SecurityInfos (EF.CardAccess), in the order the chip lists them. */
export function paceInfosOf(infos: readonly SecurityInfo[]): PaceInfo[] {
  const out: PaceInfo[] = [];
  for (const i of infos) {
    if (i.kind !== 'PACE' || i.version === undefined) continue;
    const suite = paceSuite(i.protocol);
    if (!suite) continue;
    const info: PaceInfo = { protocol: i.protocol, version: i.version, suite };
    if (i.parameterId !== undefined) info.parameterId = i.parameterId;
    out.push(info);
  }
  return out;
}

/** This terminal runs it: version 2, Generic Mapping, a standardized domain that matches the key agreement. */
export function isSupportedPaceInfo(info: PaceInfo): boolean {
  if (info.version !== 2 || info.suite.mapping !== 'GM' || info.parameterId === undefined) return false;
  if (!SUPPORTED_PACE_PARAMETER_IDS.includes(info.parameterId)) return false;
  return (info.parameterId <= 2) === (info.suite.agreement === 'DH');
}

const CIPHER_RANK: Readonly<Record<KdfAlgorithm, number>> = { DESede: 0, 'AES-128': 1, 'AES-192': 2, 'AES-256': 3 };

/**
 * The PACEInfo to run among the chip's: supported ones only, ECDH before DH (a fraction of the CPU time),
 * AES before 3DES and longer AES keys first; the chip's own order breaks ties.
 */
export function choosePaceInfo(infos: readonly PaceInfo[]): PaceInfo | undefined {
  const rank = (i: PaceInfo): number => (i.suite.agreement === 'ECDH' ? 10 : 0) + CIPHER_RANK[i.suite.cipher];
  let best: PaceInfo | undefined;
  for (const i of infos) if (isSupportedPaceInfo(i) && (!best || rank(i) > rank(best))) best = i;
  return best;
}

/** The content bytes of an OBJECT IDENTIFIER (X.690 §8.19), as DO'80' of MSE:Set AT and the 06 of DO'7F49' carry. */
export function encodeOidValue(oid: string): Uint8Array {
  const parts = oid.split('.');
  if (parts.length < 2 || parts.some((p) => !/^\d+$/.test(p))) throw new EmrtdError('INPUT_INVALID', `not a dotted OID: ${oid}`);
  const arcs = parts.map((p) => BigInt(p));
  if (arcs[0] > 2n || (arcs[0] < 2n && arcs[1] > 39n)) throw new EmrtdError('INPUT_INVALID', `not a valid OID: ${oid}`);
  const out: number[] = [];
  const push = (v: bigint): void => {
    const bytes = [Number(v & 0x7fn)];
    for (let x = v >> 7n; x > 0n; x >>= 7n) bytes.unshift(Number(x & 0x7fn) | 0x80);
    out.push(...bytes);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return Uint8Array.from(out);
}

/** Dotted form of OID content bytes (the chip side of MSE:Set AT); INPUT_INVALID when they do not decode. */
export function decodeOidValue(bytes: Uint8Array): string {
  if (bytes.length === 0 || (bytes[bytes.length - 1] & 0x80) !== 0) throw new EmrtdError('INPUT_INVALID', 'OID: truncated');
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of bytes) {
    if (v === 0n && b === 0x80) throw new EmrtdError('INPUT_INVALID', 'OID: non-minimal encoding');
    v = (v << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0n;
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}
