// One card from one PC/SC reader, for one-shot callers (`kiosk card read --reader`): start watching, take the
// settled picture, and answer at once when pcscd or the reader is missing (NO_READER) or wait a little for a
// card that was only just put down (NO_CARD when none comes). The kiosk app keeps a PcscReaders running instead.
import { CardReadError } from '../read-errors.ts';
import type { PcscChannel } from './pcsc-channel.ts';
import { PcscReaders, type ReaderPattern } from './reader-monitor.ts';

export interface OpenCardOptions {
  /** How long to wait for a card in a reader that is there but empty. Default 3 s (pcscd notices a card in ≈1 s). */
  cardWaitMs?: number;
  transmitTimeoutMs?: number;
}

export interface OpenedCard {
  channel: PcscChannel;
  atr: string;
  reader: string;
  /** Disconnect and release the PC/SC context (else the process keeps pcsclite's threads alive). */
  close(): Promise<void>;
}

export async function openPcscCard(reader: ReaderPattern | undefined, opts: OpenCardOptions = {}): Promise<OpenedCard> {
  const readers = await PcscReaders.start({ reader, transmitTimeoutMs: opts.transmitTimeoutMs });
  try {
    await readers.settled();
    const s = readers.status();
    if (s.kind === 'no-service' || s.kind === 'no-reader') throw new CardReadError('NO_READER', s.message);
    const channel = await readers.waitForCard({ timeoutMs: opts.cardWaitMs ?? 3000 });
    return { channel, atr: channel.atrHex, reader: channel.readerName, close: () => readers.close() };
  } catch (e) {
    await readers.close();
    throw e;
  }
}
