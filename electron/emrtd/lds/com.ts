// EF.COM (9303-10 §4.6.1): tag 60 { 5F01 LDS version "aabb", 5F36 Unicode version "aabbcc", 5C tag list }.
// The tag list names the data groups present by their outer tags (61 = DG1, 75 = DG2, …).
import { toAscii } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import type { Tlv } from '../tlv.ts';
import { decodeTlv, decodeTlvList } from '../tlv.ts';
import type { LdsFileName } from './files.ts';
import { fileByTag } from './files.ts';

export interface Com {
  /** As stored, e.g. "0107" for LDS 1.7; see {@link formatLdsVersion}. */
  ldsVersion: string | null;
  /** As stored, e.g. "040000" for Unicode 4.0.0. */
  unicodeVersion: string | null;
  /** Data groups listed in the tag list, in list order; unknown tags are skipped. */
  dataGroups: LdsFileName[];
}

function tlvs(what: string, fn: () => Tlv[] | Tlv): Tlv[] {
  try {
    const r = fn();
    return Array.isArray(r) ? r : [r];
  } catch (cause) {
    if (cause instanceof EmrtdError) throw new EmrtdError('LDS_MALFORMED', `${what}: ${cause.message}`, { cause });
    throw cause;
  }
}

function digits(value: Uint8Array, n: number, what: string): string {
  const s = toAscii(value);
  if (s.length !== n || !/^\d+$/.test(s)) throw new EmrtdError('LDS_MALFORMED', `EF.COM: ${what} "${s}" is not ${n} digits`);
  return s;
}

export function parseCom(bytes: Uint8Array): Com {
  const [outer] = tlvs('EF.COM', () => decodeTlv(bytes, 0));
  if (outer.tag !== 0x60) throw new EmrtdError('LDS_MALFORMED', `EF.COM: outer tag ${outer.tag.toString(16)}, expected 60`);
  let ldsVersion: string | null = null;
  let unicodeVersion: string | null = null;
  let tagList: Uint8Array | null = null;
  for (const t of tlvs('EF.COM', () => decodeTlvList(outer.value, { skipPadding: true }))) {
    if (t.tag === 0x5f01) ldsVersion = digits(t.value, 4, 'LDS version');
    else if (t.tag === 0x5f36) unicodeVersion = digits(t.value, 6, 'Unicode version');
    else if (t.tag === 0x5c) tagList = t.value;
  }
  if (tagList === null) throw new EmrtdError('LDS_MALFORMED', 'EF.COM: no tag list (5C)');
  const dataGroups: LdsFileName[] = [];
  for (const tag of tagList) {
    const file = fileByTag(tag);
    if (file?.dg !== undefined && !dataGroups.includes(file.name)) dataGroups.push(file.name);
  }
  return { ldsVersion, unicodeVersion, dataGroups };
}

/** "0107" → "1.7", "040000" → "4.0.0". */
export function formatLdsVersion(stored: string): string {
  if (/^\d{4}$/.test(stored)) return `${Number(stored.slice(0, 2))}.${Number(stored.slice(2))}`;
  if (/^\d{6}$/.test(stored)) return [0, 2, 4].map((i) => Number(stored.slice(i, i + 2))).join('.');
  return stored;
}
