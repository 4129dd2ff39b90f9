// The APDUs of PACE (9303-11 §4.4.4): MSE:Set AT and the four chained GENERAL AUTHENTICATE commands with their
// dynamic authentication data (tag 7C), built for the terminal and parsed for both sides. Parsers take outside
// input and fail only with EmrtdError.
import type { CommandApdu } from '../apdu.ts';
import { concat } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import { decodeTlv, decodeTlvList, encodeTlv } from '../tlv.ts';
import { decodeOidValue, encodeOidValue } from './pace-info.ts';

/** Data-object tags inside 7C (9303-11 §4.4.4.2 Table 3). */
export const DO_ENCRYPTED_NONCE = 0x80;
export const DO_MAPPING_PCD = 0x81;
export const DO_MAPPING_IC = 0x82;
export const DO_EPHEMERAL_PCD = 0x83;
export const DO_EPHEMERAL_IC = 0x84;
export const DO_TOKEN_PCD = 0x85;
export const DO_TOKEN_IC = 0x86;

export const DYNAMIC_AUTH_DATA = 0x7c;

/** Status words by which a chip says it does not do PACE (or not this way): the terminal falls back to BAC. */
export const PACE_REFUSED_SW: readonly number[] = [0x6982, 0x6a80, 0x6a88, 0x6d00];

export interface MseSetAt {
  protocol: string;
  passwordReference: number;
  parameterId?: number;
}

/**
 * MSE:Set AT for PACE: 00 22 C1 A4 { 80 OID, 83 password reference, [84 parameter id] }, no Le
 * (9303-11 §4.4.4.1; DO'84' when EF.CardAccess lists several PACEInfos).
 */
export function mseSetAtCommand(m: MseSetAt): CommandApdu {
  const parts = [encodeTlv(0x80, encodeOidValue(m.protocol)), encodeTlv(0x83, Uint8Array.of(m.passwordReference))];
  if (m.parameterId !== undefined) parts.push(encodeTlv(0x84, Uint8Array.of(m.parameterId)));
  return { cla: 0x00, ins: 0x22, p1: 0xc1, p2: 0xa4, data: concat(...parts) };
}

/** The chip side of MSE:Set AT; APDU_MALFORMED when DO'80' or DO'83' is missing or malformed. */
export function parseMseSetAt(data: Uint8Array): MseSetAt {
  const fields = new Map<number, Uint8Array>();
  for (const t of decodeTlvList(data)) {
    if (fields.has(t.tag)) throw new EmrtdError('APDU_MALFORMED', `MSE:Set AT: DO'${t.tag.toString(16)}' twice`);
    fields.set(t.tag, t.value);
  }
  const oid = fields.get(0x80);
  const ref = fields.get(0x83);
  if (!oid || !ref || ref.length !== 1) throw new EmrtdError('APDU_MALFORMED', "MSE:Set AT: needs DO'80' and a one-byte DO'83'");
  let protocol: string;
  try {
    protocol = decodeOidValue(oid);
  } catch (e) {
    throw new EmrtdError('APDU_MALFORMED', 'MSE:Set AT: DO\'80\' is not an OID', { cause: e });
  }
  const out: MseSetAt = { protocol, passwordReference: ref[0] };
  const pid = fields.get(0x84);
  if (pid) {
    if (pid.length < 1 || pid.length > 2) throw new EmrtdError('APDU_MALFORMED', "MSE:Set AT: DO'84' of the wrong length");
    out.parameterId = pid.reduce((a, b) => a * 256 + b, 0);
  }
  return out;
}

/** GENERAL AUTHENTICATE with 7C { objects }; CLA 10 (command chaining) for all but the last step, Le 00. */
export function generalAuthenticateCommand(objects: Uint8Array, last: boolean): CommandApdu {
  return { cla: last ? 0x00 : 0x10, ins: 0x86, p1: 0x00, p2: 0x00, data: encodeTlv(DYNAMIC_AUTH_DATA, objects), le: 256 };
}

/** 7C { tag value } as a chip answers one step. */
export function dynamicAuthData(...objects: Array<readonly [number, Uint8Array]>): Uint8Array {
  const parts = objects.map(([tag, value]) => encodeTlv(tag, value));
  return encodeTlv(DYNAMIC_AUTH_DATA, ...parts);
}

/**
 * The data objects inside one 7C (a GENERAL AUTHENTICATE command or response), exactly filling `data`.
 * TLV_MALFORMED when the structure is broken, APDU_MALFORMED when it is not 7C or repeats an object.
 */
export function parseDynamicAuthData(data: Uint8Array, what: string): Map<number, Uint8Array> {
  if (data.length === 0) throw new EmrtdError('APDU_MALFORMED', `${what}: no dynamic authentication data`);
  const outer = decodeTlv(data, 0);
  if (outer.tag !== DYNAMIC_AUTH_DATA || outer.length !== data.length) {
    throw new EmrtdError('APDU_MALFORMED', `${what}: expected one DO'7C', found tag ${outer.tag.toString(16)}`);
  }
  const out = new Map<number, Uint8Array>();
  for (const t of decodeTlvList(outer.value)) {
    if (out.has(t.tag)) throw new EmrtdError('APDU_MALFORMED', `${what}: DO'${t.tag.toString(16)}' twice`);
    out.set(t.tag, t.value.slice());
  }
  return out;
}

/** The one object a step needs from 7C (others, such as the CARs 87/88 after step 4, are ignored). */
export function expectDynamicObject(data: Uint8Array, tag: number, what: string): Uint8Array {
  const v = parseDynamicAuthData(data, what).get(tag);
  if (!v || v.length === 0) throw new EmrtdError('APDU_MALFORMED', `${what}: no DO'${tag.toString(16)}' in the answer`);
  return v;
}
