// Reader discovery and hot-plug over nfc-pcsc: which PC/SC readers exist, which hold a card, and a channel
// to the card in the configured reader. Survives what happens at a desk — readers unplugged and plugged back,
// cards taken away and returned, pcscd restarted — without the kiosk restarting: when pcscd goes, every
// channel fails with CARD_REMOVED, the state turns to "no service", and the monitor reconnects once the
// daemon answers again.
import { hex } from '../../emrtd/bytes.ts';
import type { CardSource, PresentCard } from '../card-session.ts';
import { CardReadError } from '../read-errors.ts';
import { loadNfcLibrary, type Nfc, type NfcReader } from './nfc-library.ts';
import { PcscChannel, type PcscChannelOptions } from './pcsc-channel.ts';
import { pcscdReachable } from './pcscd-socket.ts';

/** What a reader's slot holds, from the PC/SC status bits. */
export type CardState = 'empty' | 'present' | 'mute' | 'in-use' | 'unavailable' | 'unknown';

export interface ReaderInfo {
  name: string;
  card: CardState;
  /** ATR of the card in the field (hex), when there is one. */
  atr: string | null;
}

/** The one answer the kiosk screen needs: can a card be read, and if not, why. */
export type PcscStatus =
  | { kind: 'no-service'; message: string }
  | { kind: 'no-reader'; message: string }
  | { kind: 'no-card'; readers: string[] }
  | { kind: 'card'; reader: string; atr: string };

export type PcscEvent =
  | { type: 'service-up' }
  | { type: 'service-down'; reason: string }
  | { type: 'reader-added'; reader: string }
  | { type: 'reader-removed'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: string }
  | { type: 'card-removed'; reader: string };

export type ReaderPattern = string | RegExp;

export interface PcscReadersOptions extends PcscChannelOptions {
  /** The reader to use: a case-insensitive part of its name, or a RegExp. Default: the first reader with a card. */
  reader?: ReaderPattern;
  /** How often to look for pcscd again while it is not running. */
  serviceRetryMs?: number;
}

export interface WaitForCardOptions {
  timeoutMs: number;
  /** Overrides the monitor's configured reader for this wait. */
  reader?: ReaderPattern;
  /** Skip the card this channel was talking to (wait for a card put into the field after it). */
  after?: PcscChannel;
  signal?: AbortSignal;
}

interface ReaderEntry {
  device: NfcReader;
  /** Raw SCARD_STATE_* bits and ATR of the last status. */
  stateBits: number | null;
  /** When the last status arrived. */
  statusAt: number;
  atr: Uint8Array | null;
  /** nfc-pcsc connected to the card (its 'card' event): a channel can be opened. */
  connected: boolean;
  insertion: number;
  channel: PcscChannel | null;
  reviving: boolean;
}

/**
 * A card lifted and put back between two pcscd polls (≈0.4 s) is never reported as removed: its old
 * connection is dead but the slot still says "present". After this long with a dead channel and no removal
 * event, the monitor reconnects to the card and treats it as a new insertion.
 */
const REVIVE_AFTER_MS = 800;

/** Errors nfc-pcsc emits while it is being closed ("Command cancelled") and on teardown: nothing to report. */
const IGNORE = (): void => {};

export function matchesReader(name: string, pattern: ReaderPattern | undefined): boolean {
  if (pattern === undefined || pattern === '') return true;
  return typeof pattern === 'string' ? name.toLowerCase().includes(pattern.toLowerCase()) : pattern.test(name);
}

export class PcscReaders {
  readonly #opts: PcscReadersOptions;
  readonly #readers = new Map<string, ReaderEntry>();
  readonly #listeners = new Set<(e: PcscEvent) => void>();
  #nfc: Nfc | null = null;
  #service: 'unknown' | 'up' | 'down' = 'unknown';
  #serviceMessage = 'pcscd has not been contacted yet';
  #retry: NodeJS.Timeout | null = null;
  #closed = false;
  #lastActivity = 0;
  /** Numbers card insertions across readers and pcscd restarts, so a channel never matches a later card. */
  #insertions = 0;

  private constructor(opts: PcscReadersOptions) {
    this.#opts = opts;
  }

  /** Start watching PC/SC readers. Never throws for a missing pcscd or reader: see status(). */
  static async start(opts: PcscReadersOptions = {}): Promise<PcscReaders> {
    loadNfcLibrary(); // a missing native module is a configuration fault: say so now (NO_READER)
    const readers = new PcscReaders(opts);
    await readers.#connect();
    return readers;
  }

  /** Listen to service, reader and card events; returns the unsubscribe function. */
  subscribe(listener: (e: PcscEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get serviceRunning(): boolean {
    return this.#service === 'up';
  }

  /** Every reader pcscd knows, in its order, with what its slot holds. */
  list(): ReaderInfo[] {
    return [...this.#readers.values()].map((e) => ({ name: e.device.name, card: cardState(e), atr: e.atr ? hex(e.atr) : null }));
  }

  /** Whether a card can be read now in the configured reader (or `reader`), and if not, why. */
  status(reader: ReaderPattern | undefined = this.#opts.reader): PcscStatus {
    if (this.#service !== 'up') return { kind: 'no-service', message: this.#serviceMessage };
    const matching = [...this.#readers.values()].filter((e) => matchesReader(e.device.name, reader));
    if (matching.length === 0) {
      return { kind: 'no-reader', message: reader === undefined ? 'no PC/SC reader is connected' : `no PC/SC reader matching "${String(reader)}"` };
    }
    const withCard = matching.find((e) => e.connected && e.atr);
    if (!withCard) return { kind: 'no-card', readers: matching.map((e) => e.device.name) };
    return { kind: 'card', reader: withCard.device.name, atr: hex(withCard.atr!) };
  }

  /**
   * Resolve once the first listing is in: pcscd answered (or not), every reader reported its first status,
   * and nothing changed for `quietMs`. For one-shot callers (the CLI) that want a settled picture.
   */
  async settled(quietMs = 150, maxMs = 2000): Promise<void> {
    const end = Date.now() + maxMs;
    while (Date.now() < end) {
      const entries = [...this.#readers.values()];
      const firstStatusIn = entries.every((e) => e.stateBits !== null);
      // A card pcscd reports present is being connected to by nfc-pcsc; give that a moment to finish.
      const connecting = entries.some((e) => cardState(e) === 'present' && !e.connected && Date.now() - e.statusAt < 1000);
      if (this.#service === 'down') return;
      if (this.#service === 'up' && firstStatusIn && !connecting && Date.now() - this.#lastActivity >= quietMs) return;
      await sleep(25);
    }
  }

  /** A channel to the card in the configured reader right now, or null (no waiting). */
  current(reader: ReaderPattern | undefined = this.#opts.reader): PcscChannel | null {
    return this.#service === 'up' ? this.#pick(reader, undefined) : null;
  }

  /**
   * A channel to a card in a matching reader, waiting up to `timeoutMs` for one. Fails with NO_READER when
   * pcscd or a matching reader is missing at the end of the wait, NO_CARD when the reader stays empty.
   */
  async waitForCard(opts: WaitForCardOptions): Promise<PcscChannel> {
    const pattern = opts.reader ?? this.#opts.reader;
    const deadline = Date.now() + opts.timeoutMs;
    for (;;) {
      const channel = this.#pick(pattern, opts.after);
      if (channel) return channel;
      if (opts.signal?.aborted) throw new CardReadError('NO_CARD', 'waiting for a card was cancelled');
      const left = deadline - Date.now();
      if (left <= 0) {
        const s = this.status(pattern);
        if (s.kind === 'no-service' || s.kind === 'no-reader') throw new CardReadError('NO_READER', s.message);
        throw new CardReadError('NO_CARD', `no card in reader ${s.kind === 'no-card' ? s.readers.map((r) => `"${r}"`).join(', ') : `"${s.reader}"`}`);
      }
      await this.#nextEvent(Math.min(left, 250), opts.signal);
    }
  }

  /** This monitor as the card source of a resumable read (electron/card/card-session.ts). */
  cardSource(reader: ReaderPattern | undefined = this.#opts.reader): CardSource {
    return {
      waitForCard: async ({ timeoutMs, after, signal }) => {
        const previous = after?.channel instanceof PcscChannel ? after.channel : undefined;
        return presentCard(await this.waitForCard({ timeoutMs, reader, after: previous, signal }));
      },
    };
  }

  /** Stop watching: disconnect from cards, end the status threads, release the PC/SC context. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    await this.#teardown('the reader monitor was closed', true);
    this.#listeners.clear();
  }

  #pick(pattern: ReaderPattern | undefined, after: PcscChannel | undefined): PcscChannel | null {
    for (const e of this.#readers.values()) {
      if (!matchesReader(e.device.name, pattern) || !e.connected || !e.atr) continue;
      if (e.channel && !e.channel.usable) {
        // Either its removal event is on its way, or the card came back unnoticed: reconnect after a while.
        if (!e.reviving && Date.now() - e.channel.lostAt >= REVIVE_AFTER_MS) void this.#revive(e);
        continue;
      }
      if (after && e.channel === after) continue; // the same insertion: wait for a newer one
      e.channel ??= new PcscChannel(e.device, e.atr, e.insertion, this.#opts);
      return e.channel;
    }
    return null;
  }

  #nextEvent(timeoutMs: number, signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        off();
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      const off = this.subscribe(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  #emit(e: PcscEvent): void {
    this.#lastActivity = Date.now();
    for (const l of [...this.#listeners]) {
      try {
        l(e);
      } catch (err) {
        console.error('pcsc listener failed:', err);
      }
    }
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    if (!(await pcscdReachable())) {
      this.#serviceDown('pcscd is not running (start it, or check that the pcscd service is enabled)');
      return;
    }
    if (this.#closed) return;
    let nfc: Nfc;
    try {
      const { NFC } = loadNfcLibrary();
      nfc = new NFC();
    } catch (e) {
      this.#serviceDown(`PC/SC context failed: ${(e as Error).message}`);
      return;
    }
    this.#nfc = nfc;
    this.#service = 'up';
    this.#serviceMessage = 'pcscd is running';
    this.#lastActivity = Date.now();
    nfc.on('reader', (device: NfcReader) => this.#onReader(nfc, device));
    nfc.on('error', (err: Error) => {
      // The PC/SC context is gone (pcscd stopped or crashed): start over once it is back.
      if (this.#nfc !== nfc) return;
      setImmediate(() => void this.#lost(`pcscd connection lost: ${err.message}`));
    });
    this.#emit({ type: 'service-up' });
  }

  #onReader(nfc: Nfc, device: NfcReader): void {
    // Synchronously, before nfc-pcsc sees the first status: no SELECT / GET UID of its own on card arrival.
    device.autoProcessing = false;
    if (this.#nfc !== nfc) return;
    const entry: ReaderEntry = { device, stateBits: null, statusAt: 0, atr: null, connected: false, insertion: 0, channel: null, reviving: false };
    this.#readers.set(device.name, entry);
    device.reader.on('status', (s: { state: number; atr?: Buffer }) => {
      entry.stateBits = s.state;
      entry.statusAt = Date.now();
      entry.atr = s.atr && s.atr.length > 0 && s.state & device.reader.SCARD_STATE_PRESENT ? new Uint8Array(s.atr) : null;
      this.#lastActivity = Date.now();
    });
    device.on('card', (card: { atr?: Buffer }) => {
      entry.insertion = ++this.#insertions;
      entry.connected = true;
      entry.channel = null;
      if (card.atr) entry.atr = new Uint8Array(card.atr);
      this.#emit({ type: 'card-inserted', reader: device.name, atr: entry.atr ? hex(entry.atr) : '' });
    });
    device.on('card.off', () => {
      entry.connected = false;
      entry.channel?.markLost('card removed');
      entry.channel = null;
      this.#emit({ type: 'card-removed', reader: device.name });
    });
    device.on('error', (err: Error) => {
      // A reader's status thread failed (reader unplugged, pcscd gone): its 'end' follows.
      entry.channel?.markLost(err.message);
    });
    device.on('end', () => {
      entry.channel?.markLost('reader removed');
      if (this.#readers.get(device.name) === entry) this.#readers.delete(device.name);
      this.#emit({ type: 'reader-removed', reader: device.name });
    });
    this.#emit({ type: 'reader-added', reader: device.name });
  }

  async #revive(entry: ReaderEntry): Promise<void> {
    entry.reviving = true;
    try {
      await disconnectQuietly(entry.device);
      await entry.device.connect();
      if (this.#readers.get(entry.device.name) !== entry || !entry.atr) return;
      entry.insertion = ++this.#insertions;
      entry.connected = true;
      entry.channel = null;
      this.#emit({ type: 'card-inserted', reader: entry.device.name, atr: hex(entry.atr) });
    } catch {
      // No card after all: pcscd reports the empty slot and 'card.off' follows.
    } finally {
      entry.reviving = false;
    }
  }

  async #lost(reason: string): Promise<void> {
    if (this.#closed) return;
    await this.#teardown(reason, false);
    this.#serviceDown(reason);
  }

  #serviceDown(message: string): void {
    const was = this.#service;
    this.#service = 'down';
    this.#serviceMessage = message;
    if (was !== 'down') this.#emit({ type: 'service-down', reason: message });
    if (this.#closed || this.#retry) return;
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#connect();
    }, this.#opts.serviceRetryMs ?? 500);
  }

  async #teardown(reason: string, disconnect: boolean): Promise<void> {
    const nfc = this.#nfc;
    this.#nfc = null;
    const entries = [...this.#readers.values()];
    this.#readers.clear();
    for (const e of entries) e.channel?.markLost(reason);
    if (disconnect) {
      // Leave the card powered for the next application; bounded, a dead pcscd never answers.
      const connected = entries.filter((e) => e.device.connection);
      if (connected.length) await withTimeout(Promise.allSettled(connected.map((e) => disconnectQuietly(e.device))), 1000);
    }
    for (const e of entries) {
      e.device.on('error', IGNORE);
      e.device.reader.on('error', IGNORE);
      try {
        e.device.reader.close();
      } catch {
        // already ended
      }
    }
    if (nfc) {
      nfc.on('error', IGNORE);
      try {
        nfc.close();
      } catch {
        // already ended
      }
    }
  }
}

export function presentCard(channel: PcscChannel): PresentCard {
  return { channel, atr: channel.atrHex, reader: channel.readerName };
}

function cardState(e: ReaderEntry): CardState {
  const bits = e.stateBits;
  const r = e.device.reader;
  if (bits === null) return 'unknown';
  if (bits & r.SCARD_STATE_UNAVAILABLE) return 'unavailable';
  if (bits & r.SCARD_STATE_EMPTY) return 'empty';
  if (bits & r.SCARD_STATE_MUTE) return 'mute';
  if (bits & r.SCARD_STATE_EXCLUSIVE) return 'in-use';
  if (bits & r.SCARD_STATE_PRESENT) return 'present';
  return 'unknown';
}

async function disconnectQuietly(device: NfcReader): Promise<void> {
  try {
    await device.disconnect();
  } catch {
    // the card or the reader is already gone
  }
}

/** Wait for `p`, but no longer than `ms` (and leave no timer behind to hold the process). */
async function withTimeout(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p, new Promise((r) => (timer = setTimeout(r, ms)))]);
  clearTimeout(timer);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
