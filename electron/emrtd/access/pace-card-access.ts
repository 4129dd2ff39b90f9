// Reading EF.CardAccess (9303-10 §3.11.3, 9303-11 §9.2) in plain before access control: SELECT 011C directly
// (CCCD chips answer 6D00 to SELECT MF), P2 0C and no Le, then READ BINARY until the SET is complete.
import { SW_OK, type ResponseApdu } from '../apdu.ts';
import { concat } from '../bytes.ts';
import type { ApduSender } from '../channel.ts';
import { EmrtdError } from '../errors.ts';
import { parseSecurityInfos } from '../lds/dg14.ts';
import { readTlvHeader } from '../tlv.ts';
import { choosePaceInfo, paceInfosOf, type PaceInfo } from './pace-info.ts';

export const EF_CARD_ACCESS_FID = Uint8Array.of(0x01, 0x1c);
/** EF.CardAccess holds a handful of SecurityInfos; anything larger is not one. */
const MAX_CARD_ACCESS_BYTES = 4096;

const readBinary = (sender: ApduSender, offset: number, le: number): Promise<ResponseApdu> =>
  sender.send({ cla: 0x00, ins: 0xb0, p1: (offset >> 8) & 0x7f, p2: offset & 0xff, le });

/** Data of a READ BINARY that may stop at the end of the file (6282) or ask for another Le (6Cxx). */
async function readAt(sender: ApduSender, offset: number, want: number): Promise<Uint8Array | undefined> {
  let resp = await readBinary(sender, offset, Math.min(want, 256));
  if ((resp.sw & 0xff00) === 0x6c00 && (resp.sw & 0xff) > 0) resp = await readBinary(sender, offset, resp.sw & 0xff);
  if (resp.sw === 0x6700 && want > 4) resp = await readBinary(sender, offset, 4);
  if (resp.sw !== SW_OK && resp.sw !== 0x6282) return undefined;
  return resp.data;
}

/**
 * The raw EF.CardAccess, or undefined when the chip has none (or will not show it): such a chip offers no PACE.
 * Transport failures propagate.
 */
export async function readCardAccess(sender: ApduSender): Promise<Uint8Array | undefined> {
  const sel = await sender.send({ cla: 0x00, ins: 0xa4, p1: 0x02, p2: 0x0c, data: EF_CARD_ACCESS_FID });
  if (sel.sw !== SW_OK) return undefined;
  const first = await readAt(sender, 0, 256);
  if (!first || first.length === 0) return undefined;
  let total: number;
  try {
    const h = readTlvHeader(first, 0);
    total = h.headerLength + h.valueLength;
  } catch {
    return undefined;
  }
  if (total > MAX_CARD_ACCESS_BYTES) return undefined;
  const parts = [first.subarray(0, Math.min(first.length, total))];
  let got = parts[0].length;
  while (got < total) {
    const chunk = await readAt(sender, got, total - got);
    if (!chunk || chunk.length === 0) return undefined;
    parts.push(chunk.subarray(0, total - got));
    got += parts[parts.length - 1].length;
  }
  return concat(...parts);
}

export interface CardAccessPace {
  /** Every PACEInfo the chip lists. */
  all: PaceInfo[];
  /** The one this terminal runs, if any. */
  chosen?: PaceInfo;
}

/** PACEInfos of an EF.CardAccess; a file that does not parse offers nothing (the terminal uses BAC). */
export function paceOfCardAccess(bytes: Uint8Array): CardAccessPace {
  let all: PaceInfo[];
  try {
    all = paceInfosOf(parseSecurityInfos(bytes));
  } catch (e) {
    if (e instanceof EmrtdError) return { all: [] };
    throw e;
  }
  const chosen = choosePaceInfo(all);
  return chosen ? { all, chosen } : { all };
}
