// The kiosk's card reader on real hardware: a PC/SC reader (pcscd → libpcsclite → nfc-pcsc), chosen by a part
// of its name from the deployment configuration, behind the same CardReader interface as the emulated reader.
// The visit learns "card arrived / card left" from the reader monitor's events; every insertion gets its own
// channel (electron/card/pcsc/pcsc-channel.ts), which fails with CARD_REMOVED the moment the card leaves, so the
// visit keeps the files it has and resumes when the card comes back. A reader unplugged, pcscd stopped, or the
// native module missing is a health state (ok=false, NO_READER), never a crash; the monitor reconnects by
// itself when the reader or pcscd returns.
import type { KioskErrorCode } from '../contract/errors.ts';
import { CardReadError } from '../card/read-errors.ts';
import { PcscReaders, type PcscStatus } from '../card/pcsc/reader-monitor.ts';
import type { CardReader, PresentCard, ReaderHealth } from './card-reader.ts';

export interface PcscCardReaderOptions {
  /** A case-insensitive part of the reader's name (e.g. "ACS ACR1252", "Virtual PCD 00 00"); default: any reader. */
  name?: string;
  /** Longest wait for one APDU's answer before the card counts as lost (default: the channel's 8 s). */
  transmitTimeoutMs?: number;
  /** How often to look for pcscd again while it is not running (default 500 ms). */
  serviceRetryMs?: number;
  /**
   * How often the reader looks at the slot between events (default 250 ms). A card lifted and put back between
   * two pcscd polls sends no event at all; looking again lets the monitor reconnect to it.
   */
  pollMs?: number;
}

/** Health of a reader that cannot read cards now, by what the monitor reports. */
function healthOf(s: PcscStatus | null, startError: string | null): ReaderHealth {
  if (startError !== null) return { ok: false, error: 'NO_READER', detail: startError };
  if (!s) return { ok: false, error: 'NO_READER', detail: 'reader closed' };
  switch (s.kind) {
    case 'no-service':
    case 'no-reader':
      return { ok: false, error: 'NO_READER', detail: s.message };
    case 'no-card':
    case 'card':
      return { ok: true, error: null, detail: null };
  }
}

export class PcscCardReader implements CardReader {
  readonly kind = 'pcsc' as const;
  readonly #readers: PcscReaders | null;
  readonly #startError: string | null;
  readonly #listeners = new Set<(present: boolean) => void>();
  readonly #unsubscribe: () => void;
  readonly #poll: NodeJS.Timeout | null;
  #present = false;
  #healthKey = '';
  #closed = false;

  private constructor(readers: PcscReaders | null, startError: string | null, pollMs: number) {
    this.#readers = readers;
    this.#startError = startError;
    this.#unsubscribe = readers ? readers.subscribe(() => this.#refresh()) : () => undefined;
    this.#poll = readers ? setInterval(() => this.#refresh(), pollMs) : null;
    this.#poll?.unref();
    this.#present = this.present() !== null;
    this.#healthKey = JSON.stringify(this.health());
  }

  /**
   * Start watching the configured reader and wait for the first settled picture (a card already on the reader
   * is present at once). Never throws for a missing pcscd, reader or native module: see health().
   */
  static async start(opts: PcscCardReaderOptions = {}): Promise<PcscCardReader> {
    const pollMs = opts.pollMs ?? 250;
    let readers: PcscReaders;
    try {
      readers = await PcscReaders.start({ reader: opts.name || undefined, transmitTimeoutMs: opts.transmitTimeoutMs, serviceRetryMs: opts.serviceRetryMs });
    } catch (e) {
      const message = e instanceof CardReadError || e instanceof Error ? e.message : String(e);
      return new PcscCardReader(null, message, pollMs);
    }
    await readers.settled();
    return new PcscCardReader(readers, null, pollMs);
  }

  /** The card in the configured reader's field now, with the channel of this insertion; null otherwise. */
  present(): PresentCard | null {
    if (this.#closed || !this.#readers) return null;
    const channel = this.#readers.current();
    return channel ? { channel, atr: channel.atrHex } : null;
  }

  health(): ReaderHealth {
    return healthOf(this.#closed || !this.#readers ? null : this.#readers.status(), this.#startError);
  }

  /** The reader in use now ("Virtual PCD 00 00", …), or null while none matches. */
  readerName(): string | null {
    const s = this.#readers?.status();
    if (!s) return null;
    return s.kind === 'card' ? s.reader : s.kind === 'no-card' ? (s.readers[0] ?? null) : null;
  }

  /** Told when a card arrives or leaves, and when the reader's health changes (with the current presence). */
  onChange(listener: (present: boolean) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Why the reader cannot be used now, as the code the visit shows (null when it can). */
  get error(): KioskErrorCode | null {
    return this.health().error;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#poll) clearInterval(this.#poll);
    this.#unsubscribe();
    this.#listeners.clear();
    void this.#readers?.close();
  }

  /** Compare with what listeners last heard; tell them when presence or health changed. */
  #refresh(): void {
    if (this.#closed) return;
    const present = this.present() !== null;
    const healthKey = JSON.stringify(this.health());
    if (present === this.#present && healthKey === this.#healthKey) return;
    this.#present = present;
    this.#healthKey = healthKey;
    for (const l of [...this.#listeners]) {
      try {
        l(present);
      } catch (e) {
        console.error('card reader listener failed:', e instanceof Error ? e.message : String(e));
      }
    }
  }
}
