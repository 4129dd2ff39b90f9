// The kiosk's view of a PC/SC reader: the same small shape as the embedded emulated reader
// (electron/checkin/card-reader.ts: kind, present(), onChange(), close()), plus status() for the screen's
// "no reader" / "no card" states. The visit's resumable read uses `readers.cardSource()`.
import type { PcscChannel } from './pcsc-channel.ts';
import { PcscReaders, type PcscReadersOptions, type PcscStatus } from './reader-monitor.ts';

export class PcscCardReader {
  readonly kind = 'pcsc' as const;

  private constructor(readonly readers: PcscReaders) {}

  static async start(opts: PcscReadersOptions = {}): Promise<PcscCardReader> {
    return new PcscCardReader(await PcscReaders.start(opts));
  }

  /** The card in the configured reader's field now, or null. */
  present(): { channel: PcscChannel; atr: string } | null {
    const channel = this.readers.current();
    return channel ? { channel, atr: channel.atrHex } : null;
  }

  /** Why a card cannot be read (no-service and no-reader map to NO_READER, no-card to NO_CARD), or the card. */
  status(): PcscStatus {
    return this.readers.status();
  }

  /** Told whenever a card arrives or leaves, or the reader or pcscd comes or goes. */
  onChange(listener: (present: boolean) => void): () => void {
    return this.readers.subscribe(() => listener(this.present() !== null));
  }

  close(): void {
    void this.readers.close();
  }
}
