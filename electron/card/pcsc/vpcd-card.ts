// Our software chip as a card in a real PC/SC stack: a TCP client of the vsmartcard `vpcd` driver loaded by
// pcscd ("Virtual PCD 00 00" on port 35963, "Virtual PCD 00 01" on 35964). Connecting is putting the card on
// the reader, closing the socket is taking it away. Every message in both directions is a 2-byte big-endian
// length and that many bytes; from vpcd a 1-byte message is a control (00 power off, 01 power on, 02 reset,
// 04 get ATR — only the last is answered), anything longer a command APDU answered by the response APDU.
// For tests, benchmarks and demos on machines without an NFC reader; loopback only.
import { connect, type Socket } from 'node:net';
import { EmrtdError } from '../../emrtd/errors.ts';

/** The two readers Debian's vpcd configuration creates, by TCP port. */
export const VPCD_READERS = [
  { port: 35963, name: 'Virtual PCD 00 00' },
  { port: 35964, name: 'Virtual PCD 00 01' },
] as const;

/** What vpcd needs from a chip: its ATR and APDU answers; `reinsert` models a power cycle (session lost). */
export interface VirtualChip {
  readonly atr: Uint8Array;
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
  reinsert?(): void;
}

export interface VpcdCardOptions {
  /** vpcd's port for the reader to sit on (default 35963: "Virtual PCD 00 00"). */
  port?: number;
  /** Loopback only: vpcd listens on every interface, the card never leaves this machine. */
  host?: '127.0.0.1' | '::1';
  /**
   * Called with each command APDU before the chip sees it (n counts from 1 per insertion). Return 'remove'
   * to take the card away instead of answering, as a hand sliding the card off mid-command would.
   */
  beforeCommand?: (apdu: Uint8Array, n: number) => 'remove' | void;
}

export interface VpcdCardStats {
  /** Command APDUs answered. */
  apdus: number;
  /** Bytes of command APDUs received from the reader. */
  bytesIn: number;
  /** Bytes of response APDUs sent to the reader (data ‖ SW, without the length prefix). */
  bytesOut: number;
}

const CTRL_OFF = 0x00;
const CTRL_ON = 0x01;
const CTRL_RESET = 0x02;
const CTRL_ATR = 0x04;

export class VpcdCard {
  readonly stats: VpcdCardStats = { apdus: 0, bytesIn: 0, bytesOut: 0 };
  readonly #chip: VirtualChip;
  readonly #opts: VpcdCardOptions;
  #socket: Socket | null = null;
  #buffer: Buffer = Buffer.alloc(0);
  #queue: Promise<void> = Promise.resolve();
  #commands = 0;
  #closed: Promise<void> = Promise.resolve();

  constructor(chip: VirtualChip, opts: VpcdCardOptions = {}) {
    this.#chip = chip;
    this.#opts = opts;
  }

  get inserted(): boolean {
    return this.#socket !== null;
  }

  get port(): number {
    return this.#opts.port ?? VPCD_READERS[0].port;
  }

  /** Put the card on the reader: connect to vpcd. pcscd notices within its polling interval (≈0.3–1.3 s). */
  insert(): Promise<void> {
    if (this.#socket) return Promise.resolve();
    const host = this.#opts.host ?? '127.0.0.1';
    if (host !== '127.0.0.1' && host !== '::1') return Promise.reject(new EmrtdError('INPUT_INVALID', 'vpcd cards connect to loopback only'));
    this.#commands = 0;
    this.#buffer = Buffer.alloc(0);
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port: this.port });
      socket.setNoDelay(true);
      let settled = false;
      socket.once('connect', () => {
        settled = true;
        this.#socket = socket;
        resolve();
      });
      socket.on('data', (chunk: Buffer) => this.#onData(socket, chunk));
      this.#closed = new Promise((done) => {
        socket.once('close', () => {
          if (this.#socket === socket) this.#socket = null;
          // A card taken away loses power: whatever session it had is gone.
          this.#chip.reinsert?.();
          done();
        });
      });
      socket.on('error', (e) => {
        if (!settled) {
          settled = true;
          reject(new EmrtdError('CARD_REMOVED', `vpcd on 127.0.0.1:${this.port} is not reachable: ${e.message}`, { cause: e }));
        }
      });
    });
  }

  /** Take the card away: close the connection (pcscd reports the slot empty at its next poll). */
  async remove(): Promise<void> {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = null;
    socket.destroy();
    await this.#closed;
  }

  /** Resolves when the connection ends, whoever ended it (a stopped pcscd closes it too). */
  get closed(): Promise<void> {
    return this.#closed;
  }

  #onData(socket: Socket, chunk: Buffer): void {
    this.#buffer = this.#buffer.length ? Buffer.concat([this.#buffer, chunk]) : chunk;
    while (this.#buffer.length >= 2) {
      const len = this.#buffer.readUInt16BE(0);
      if (this.#buffer.length < 2 + len) break;
      const msg = new Uint8Array(this.#buffer.subarray(2, 2 + len));
      this.#buffer = this.#buffer.subarray(2 + len);
      // One message at a time, in order: the chip's answers are asynchronous.
      this.#queue = this.#queue.then(() => this.#handle(socket, msg));
    }
  }

  async #handle(socket: Socket, msg: Uint8Array): Promise<void> {
    if (socket.destroyed) return;
    if (msg.length === 1) {
      switch (msg[0]) {
        case CTRL_OFF:
        case CTRL_ON:
        case CTRL_RESET:
          this.#chip.reinsert?.();
          return;
        case CTRL_ATR:
          this.#send(socket, this.#chip.atr);
          return;
        default:
          return; // unknown control: vpcd expects no answer
      }
    }
    const n = ++this.#commands;
    if (this.#opts.beforeCommand?.(msg, n) === 'remove') {
      socket.destroy();
      return;
    }
    let resp: Uint8Array;
    try {
      resp = await this.#chip.transmit(msg);
    } catch {
      // The chip left the field by itself (an emulator knob): so does the card.
      socket.destroy();
      return;
    }
    if (socket.destroyed) return;
    this.stats.apdus++;
    this.stats.bytesIn += msg.length;
    this.stats.bytesOut += resp.length;
    this.#send(socket, resp);
  }

  #send(socket: Socket, payload: Uint8Array): void {
    const frame = Buffer.alloc(2 + payload.length);
    frame.writeUInt16BE(payload.length, 0);
    frame.set(payload, 2);
    socket.write(frame); // one write per frame: no Nagle split on our side
  }
}
