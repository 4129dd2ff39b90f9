// A visit's chip read that survives the card leaving the field. At a desk the card slides off the reader in the
// middle of the portrait more often than anything else goes wrong; instead of starting the visit over, the read
// waits for the card to come back and goes on from the last good offset of the file it was reading (the
// chip core's `resume`). Before it trusts the bytes it kept, it checks that the same chip came back by reading
// the end of EF.SOD again: that is the document signer's signature over the hashes of every data group
// (9303-10 §4.6.2, 9303-11 §5.1), unique to one issued chip — a card re-issued with the same MRZ has the same
// DG1 but not the same signature. Any other card is read from the start.
import type { CardChannel } from '../emrtd/channel.ts';
import { equal, wipe } from '../emrtd/bytes.ts';
import { EmrtdError } from '../emrtd/errors.ts';
import type { LdsFileName } from '../emrtd/lds/files.ts';
import { PartialReadError } from '../emrtd/read/file-reader.ts';
import { readDocument, type DocumentRead, type ReadDocumentOptions } from '../emrtd/read/read-document.ts';
import { CardReadError } from './read-errors.ts';

/** A card in the field of some reader. */
export interface PresentCard {
  channel: CardChannel;
  /** ATR as hex (card model; the chunk size that worked is remembered per ATR). */
  atr: string;
  reader: string;
}

/** Where cards come from: a PC/SC reader monitor, or the software chip in tests and demos. */
export interface CardSource {
  /**
   * A card in the field, waiting up to `timeoutMs`. With `after`, the card that handle talked to does not
   * count: wait for a card put into the field after it (the same card returning is a new insertion).
   * Fails with CardReadError NO_READER / NO_CARD when the wait ends.
   */
  waitForCard(opts: { timeoutMs: number; after?: PresentCard; signal?: AbortSignal }): Promise<PresentCard>;
}

export type CardSessionEvent =
  | { type: 'reading'; reader: string; resumed: boolean }
  | { type: 'card-removed'; file: LdsFileName | null; bytesKept: number }
  | { type: 'card-returned'; reader: string }
  | { type: 'different-card' };

export interface ResumableReadOptions extends Omit<ReadDocumentOptions, 'resume' | 'atr'> {
  /** How long to wait for the first card. Default 60 s. */
  firstCardWaitMs?: number;
  /** How long a card that left may take to come back before the read fails with CARD_REMOVED. Default 20 s. */
  returnWaitMs?: number;
  /** Most returns accepted in one read. Default 5. */
  maxReturns?: number;
  signal?: AbortSignal;
  onEvent?: (e: CardSessionEvent) => void;
}

export interface ResumableRead extends DocumentRead {
  reader: string;
  atr: string;
  /** How many times the card left and came back during this read. */
  returns: number;
}

export const DEFAULT_FIRST_CARD_WAIT_MS = 60_000;
export const DEFAULT_RETURN_WAIT_MS = 20_000;
export const DEFAULT_MAX_RETURNS = 5;

/** The file whose end, read again, proves the same chip came back (signerInfos close EF.SOD: signature bytes). */
const IDENTITY_FILE: LdsFileName = 'SOD';
const IDENTITY_TAIL_BYTES = 64;

class DifferentCard extends Error {}

/**
 * Read a document, resuming across removals. `stats` counts every APDU of every insertion, and `ms` runs
 * from the first card to the end. Data of a discarded card is wiped.
 */
export async function readDocumentResumable(source: CardSource, opts: ResumableReadOptions): Promise<ResumableRead> {
  const { firstCardWaitMs, returnWaitMs, maxReturns, signal, onEvent, onFileDone, ...readOpts } = opts;
  let card = await source.waitForCard({ timeoutMs: firstCardWaitMs ?? DEFAULT_FIRST_CARD_WAIT_MS, signal });
  const started = performance.now();
  const totals = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
  /** Files read completely, and at most one file read in part (when the card left during it). */
  const complete = new Map<LdsFileName, Uint8Array>();
  let partial: { file: LdsFileName; bytes: Uint8Array } | null = null;
  let returns = 0;
  const discard = (): void => {
    wipe(...complete.values(), partial?.bytes);
    complete.clear();
    partial = null;
  };

  for (;;) {
    const identity = returns > 0 ? complete.get(IDENTITY_FILE) : undefined;
    const resume = new Map(complete);
    // Read the end of EF.SOD again (one READ BINARY from its offset): the proof that this is the same chip.
    if (identity) resume.set(IDENTITY_FILE, identity.subarray(0, Math.max(8, identity.length - IDENTITY_TAIL_BYTES)));
    if (partial) resume.set(partial.file, partial.bytes);
    onEvent?.({ type: 'reading', reader: card.reader, resumed: resume.size > 0 });
    let sameChip = !identity;
    try {
      const doc = await readDocument(countingChannel(card.channel, totals), {
        ...readOpts,
        atr: card.atr,
        resume,
        onFileDone: (name, bytes) => {
          if (name === IDENTITY_FILE && identity) {
            if (!equal(identity, bytes)) throw new DifferentCard();
            sameChip = true;
          }
          complete.set(name, bytes);
          if (partial?.file === name) partial = null;
          onFileDone?.(name, bytes);
        },
      });
      return { ...doc, stats: { ...totals, ms: Math.round(performance.now() - started) }, reader: card.reader, atr: card.atr, returns };
    } catch (e) {
      // A chip that fails the check in any other way (its EF.SOD is shorter than ours: the read runs past its
      // end) is not the same chip either.
      const removed = e instanceof EmrtdError && e.code === 'CARD_REMOVED';
      if (e instanceof DifferentCard || (!sameChip && !removed)) {
        discard();
        onEvent?.({ type: 'different-card' });
        continue; // the card in the field now is read from the start
      }
      if (!removed) {
        discard();
        throw e;
      }
      // (A file already complete — EF.SOD being re-checked — keeps its complete bytes.)
      if (e instanceof PartialReadError && !complete.has(e.file) && e.bytes.length > (partial?.file === e.file ? partial.bytes.length : 0)) {
        partial = { file: e.file, bytes: e.bytes };
      }
      // Without EF.SOD there is nothing to recognise the chip by; what was read before it is small: start over.
      if (!complete.has(IDENTITY_FILE)) discard();
      onEvent?.({ type: 'card-removed', file: partial?.file ?? null, bytesKept: keptBytes(complete, partial) });
      if (returns >= (maxReturns ?? DEFAULT_MAX_RETURNS)) {
        discard();
        throw e;
      }
      const previous = card;
      try {
        card = await source.waitForCard({ timeoutMs: returnWaitMs ?? DEFAULT_RETURN_WAIT_MS, after: previous, signal });
      } catch (waitError) {
        discard();
        throw new CardReadError('CARD_REMOVED', 'the card was taken away during the read and did not come back', { cause: waitError });
      }
      returns++;
      if (card.atr !== previous.atr) {
        // Another card model altogether: nothing kept can belong to it.
        discard();
        onEvent?.({ type: 'different-card' });
      } else {
        onEvent?.({ type: 'card-returned', reader: card.reader });
      }
    }
  }
}

function keptBytes(complete: Map<LdsFileName, Uint8Array>, partial: { bytes: Uint8Array } | null): number {
  let n = partial?.bytes.length ?? 0;
  for (const b of complete.values()) n += b.length;
  return n;
}

/** Count what crosses the wire over every insertion of the visit. */
function countingChannel(inner: CardChannel, totals: { apdus: number; bytesSent: number; bytesReceived: number }): CardChannel {
  return {
    async transmit(apdu) {
      totals.apdus++;
      totals.bytesSent += apdu.length;
      const resp = await inner.transmit(apdu);
      totals.bytesReceived += resp.length;
      return resp;
    },
  };
}
