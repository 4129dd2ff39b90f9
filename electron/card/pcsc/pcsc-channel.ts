// A CardChannel over one card in one PC/SC reader (nfc-pcsc → @pokusew/pcsclite → pcscd). It lives as long
// as that card stays in the field: once the card leaves (or the reader or pcscd goes), every transmit —
// including one already waiting — fails at once with CARD_REMOVED, and the chip core keeps what it had read.
import type { CardChannel } from '../../emrtd/channel.ts';
import { concat, hex } from '../../emrtd/bytes.ts';
import { EmrtdError } from '../../emrtd/errors.ts';
import type { NfcReader } from './nfc-library.ts';

/** Receive buffer for SCardTransmit: extended-length data (65536) plus SW1 SW2; less gives 0x80100008. */
export const RESPONSE_MAX_LENGTH = 65538;

/**
 * Longest wait for one response. An extended READ BINARY of a 64 KiB file at 106 kbit/s takes about 5 s on
 * the air; a reader that has not answered after this lost the tag without telling pcscd.
 */
export const DEFAULT_TRANSMIT_TIMEOUT_MS = 8000;

/**
 * PC/SC errors with which a reader refuses an APDU's length without sending it (e.g. "Transaction failed"
 * 0x80100016 from a reader whose driver takes short APDUs only, "Insufficient buffer" 0x80100008, "Invalid
 * parameter" 0x80100004). The chip core expects a chip's 6700 there, and falls back to short chunks.
 */
const LENGTH_REFUSED = new Set([0x80100016, 0x80100008, 0x80100004]);
const SW_WRONG_LENGTH = Uint8Array.of(0x67, 0x00);
/** GET RESPONSE rounds accepted for one command (ISO/IEC 7816-4 §5.3.4 chaining of a 64 KiB answer, with room). */
const MAX_GET_RESPONSES = 1024;

/** ISO/IEC 7816-4 §5.1: an extended-length command has a 00 byte where a short one has Lc or Le. */
function isExtended(apdu: Uint8Array): boolean {
  return apdu.length >= 7 && apdu[4] === 0x00;
}

export interface PcscChannelOptions {
  transmitTimeoutMs?: number;
}

export class PcscChannel implements CardChannel {
  readonly readerName: string;
  readonly atr: Uint8Array;
  /** Which card insertion (numbered by the reader monitor) the channel belongs to: a returning card gets a new one. */
  readonly insertion: number;
  #lostReason: string | null = null;
  #lostAt = 0;
  /** The reader refused an extended-length APDU once: answer the next ones 6700 without asking it again. */
  #extendedRefused = false;
  #pending: ((e: EmrtdError) => void) | null = null;
  readonly #timeoutMs: number;

  constructor(
    private readonly device: NfcReader,
    atr: Uint8Array,
    insertion: number,
    opts: PcscChannelOptions = {},
  ) {
    this.readerName = device.name;
    this.atr = atr;
    this.insertion = insertion;
    this.#timeoutMs = opts.transmitTimeoutMs ?? DEFAULT_TRANSMIT_TIMEOUT_MS;
  }

  get atrHex(): string {
    return hex(this.atr);
  }

  /** False once the card left, the reader went away, or a transmit failed. */
  get usable(): boolean {
    return this.#lostReason === null;
  }

  /** When the channel was lost (ms since epoch), 0 while usable. */
  get lostAt(): number {
    return this.#lostAt;
  }

  /** Called by the reader monitor when the card, the reader or pcscd goes: fails the waiting transmit now. */
  markLost(reason: string): void {
    if (this.#lostReason !== null) return;
    this.#lostReason = reason;
    this.#lostAt = Date.now();
    const reject = this.#pending;
    this.#pending = null;
    reject?.(this.removed());
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    let resp = await this.exchange(apdu);
    // ISO/IEC 7816-4 §5.3.4: a reader exposing T=0 answers 61xx ("xx more bytes"): fetch them with GET RESPONSE.
    const parts: Uint8Array[] = [];
    let total = 0;
    while (resp.length >= 2 && resp[resp.length - 2] === 0x61) {
      parts.push(resp.subarray(0, resp.length - 2));
      total += resp.length - 2;
      // A card answering 61xx forever would hold the kiosk: no genuine answer is longer than an extended
      // one (64 KiB), which T=0 returns in at most 256 GET RESPONSE pieces of 256 bytes.
      if (parts.length > MAX_GET_RESPONSES || total > RESPONSE_MAX_LENGTH) {
        throw new EmrtdError('APDU_MALFORMED', `card answered 61xx more than ${MAX_GET_RESPONSES} times or beyond ${RESPONSE_MAX_LENGTH} bytes`);
      }
      resp = await this.exchange(Uint8Array.of(apdu[0] & 0x03, 0xc0, 0x00, 0x00, resp[resp.length - 1]));
    }
    return parts.length ? concat(...parts, resp) : resp;
  }

  private exchange(apdu: Uint8Array): Promise<Uint8Array> {
    if (this.#lostReason !== null) return Promise.reject(this.removed());
    if (this.#extendedRefused && isExtended(apdu)) return Promise.resolve(SW_WRONG_LENGTH.slice());
    return new Promise<Uint8Array>((resolve, reject) => {
      const timer = setTimeout(() => this.markLost(`no answer within ${this.#timeoutMs} ms`), this.#timeoutMs);
      const settle = (): void => {
        clearTimeout(timer);
        this.#pending = null;
      };
      this.#pending = (e) => {
        settle();
        reject(e);
      };
      let sent: Promise<Buffer>;
      try {
        sent = this.device.transmit(Buffer.from(apdu), RESPONSE_MAX_LENGTH);
      } catch (e) {
        // nfc-pcsc throws synchronously when it has already seen the card leave.
        sent = Promise.reject(e);
      }
      sent.then(
        (buf) => {
          if (this.#lostReason !== null) return; // already rejected
          settle();
          if (buf.length < 2) {
            this.markLost(`reader returned ${buf.length} bytes`);
            reject(this.removed());
            return;
          }
          resolve(new Uint8Array(buf));
        },
        (e: unknown) => {
          if (this.#lostReason === null && isExtended(apdu) && LENGTH_REFUSED.has(pcscCode(e) ?? 0)) {
            // Not a lost card: a reader (or its driver) limited to short APDUs. Answer as such a chip would.
            settle();
            this.#extendedRefused = true;
            resolve(SW_WRONG_LENGTH.slice());
            return;
          }
          if (this.#lostReason === null) this.markLost(describe(e));
          settle();
          reject(this.removed());
        },
      );
    });
  }

  private removed(): EmrtdError {
    return new EmrtdError('CARD_REMOVED', `card left reader "${this.readerName}": ${this.#lostReason ?? 'unknown'}`);
  }
}

/** The PC/SC return code in a native error message ("…(0x80100016)"). */
function pcscCode(e: unknown): number | null {
  const m = /\(0x([0-9a-f]{8})\)/i.exec(describe(e));
  return m ? Number.parseInt(m[1], 16) : null;
}

/** The native message under nfc-pcsc's wrapper, e.g. "SCardTransmit error: Card was removed.(0x80100069)". */
function describe(e: unknown): string {
  if (e instanceof Error) {
    const previous = (e as Error & { previous?: unknown }).previous;
    return previous instanceof Error ? previous.message : e.message;
  }
  return String(e);
}
