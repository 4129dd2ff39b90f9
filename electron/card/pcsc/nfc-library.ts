// The part of `nfc-pcsc` (over `@pokusew/pcsclite`, a native module) this transport uses, typed here because the
// package ships no types. Loaded lazily: the kiosk only needs libpcsclite when a reader is configured, and a
// missing or unbuilt native module must become a NO_READER answer, not a crash at import time.
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import { CardReadError } from '../read-errors.ts';

/** pcsclite's CardReader (one per PC/SC reader): raw status bits and ATR. */
export interface PcscliteReader extends EventEmitter {
  readonly name: string;
  /** SCARD_STATE_* bits of the last status seen. */
  state: number;
  readonly SCARD_STATE_EMPTY: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_MUTE: number;
  readonly SCARD_STATE_UNAVAILABLE: number;
  readonly SCARD_STATE_EXCLUSIVE: number;
  readonly SCARD_STATE_INUSE: number;
  close(): void;
}

/** nfc-pcsc's Reader: connects on card presence and exposes transmit. */
export interface NfcReader extends EventEmitter {
  readonly name: string;
  /** The pcsclite reader underneath (status bits, close). */
  readonly reader: PcscliteReader;
  /** Off: no automatic SELECT / GET UID on card arrival (the eMRTD application is selected by the chip core). */
  autoProcessing: boolean;
  card: { atr?: Buffer } | null;
  connection: { type: number; protocol: number } | null;
  transmit(data: Buffer, responseMaxLength: number): Promise<Buffer>;
  /** SCardConnect (shared); nfc-pcsc does it by itself when a card arrives. */
  connect(): Promise<unknown>;
  /** SCardDisconnect leaving the card powered. */
  disconnect(): Promise<unknown>;
}

export interface Nfc extends EventEmitter {
  close(): void;
}

interface NfcModule {
  NFC: new () => Nfc;
}

let cached: NfcModule | undefined;

/** Load nfc-pcsc (and so libpcsclite through the native addon). Throws NO_READER when it cannot be loaded. */
export function loadNfcLibrary(): NfcModule {
  if (cached) return cached;
  try {
    const require = createRequire(import.meta.url);
    cached = require('nfc-pcsc') as NfcModule;
    return cached;
  } catch (e) {
    throw new CardReadError('NO_READER', `PC/SC support is not available: the nfc-pcsc native module did not load (${(e as Error).message})`, { cause: e });
  }
}
