// Where a ticket goes. One interface, three transports: 'emulated' keeps the last ticket (ESC/POS bytes and
// PNG) in memory for the demo and tests, 'tcp' sends the bytes to a network printer's raw port (9100), and
// 'device' writes them to a character device (/dev/usb/lp0). A failure is a PrinterError with a code, never
// a crash: the visit's result stays on screen and the person is told to show it to staff.
import { constants as fsConstants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { connect } from 'node:net';

export type PrinterKind = 'emulated' | 'tcp' | 'device';

export type PrinterErrorCode =
  /** Nothing answers: connection refused, host unreachable, no such device. */
  | 'UNREACHABLE'
  /** The printer did not take the bytes in time. */
  | 'TIMEOUT'
  /** The printer or the link failed while writing (EIO, a reset, out of paper on a device that reports it). */
  | 'IO'
  /** The configuration cannot work (a regular file where a device belongs). */
  | 'CONFIG';

export class PrinterError extends Error {
  readonly code: PrinterErrorCode;
  constructor(code: PrinterErrorCode, detail: string, options?: { cause?: unknown }) {
    super(detail, options);
    this.name = 'PrinterError';
    this.code = code;
  }
}

export interface TicketJob {
  escpos: Uint8Array;
  png: Uint8Array;
}

export interface TicketPrinter {
  readonly kind: PrinterKind;
  /** Where it prints, for the staff screen (host:port or device path; never ticket content). */
  readonly target: string;
  /** Resolves when the printer took the bytes; rejects with a PrinterError. */
  print(job: TicketJob): Promise<void>;
  /** Drops whatever the transport holds of past tickets (called when a visit is wiped). */
  forget(): void;
}

/** Keeps the last ticket in memory only: the embedded default, and what tests read back. */
export class EmulatedPrinter implements TicketPrinter {
  readonly kind = 'emulated';
  readonly target = 'memory';
  last: TicketJob | null = null;
  printed = 0;

  async print(job: TicketJob): Promise<void> {
    this.forget();
    this.last = { escpos: new Uint8Array(job.escpos), png: new Uint8Array(job.png) };
    this.printed++;
  }

  forget(): void {
    if (this.last) {
      this.last.escpos.fill(0);
      this.last.png.fill(0);
    }
    this.last = null;
  }
}

function errnoOf(e: unknown): string {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : 'unknown';
}

const UNREACHABLE_ERRNO = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOENT', 'ENXIO', 'ENODEV']);

function fromErrno(e: unknown, what: string): PrinterError {
  if (e instanceof PrinterError) return e;
  const errno = errnoOf(e);
  const code: PrinterErrorCode = UNREACHABLE_ERRNO.has(errno) ? 'UNREACHABLE' : errno === 'ETIMEDOUT' ? 'TIMEOUT' : 'IO';
  return new PrinterError(code, `${what}: ${errno}`, { cause: e });
}

export interface TcpPrinterOptions {
  host: string;
  port?: number;
  /** Connect + send budget (ms, default 5000). */
  timeoutMs?: number;
}

/** A network printer's raw TCP port (JetDirect / AppSocket, 9100): connect, send, close. */
export class TcpPrinter implements TicketPrinter {
  readonly kind = 'tcp';
  readonly target: string;
  private readonly port: number;
  private readonly timeoutMs: number;

  constructor(private readonly o: TcpPrinterOptions) {
    this.port = o.port ?? 9100;
    this.timeoutMs = o.timeoutMs ?? 5_000;
    this.target = `${o.host}:${this.port}`;
  }

  print(job: TicketJob): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      let sent = false;
      const socket = connect({ host: this.o.host, port: this.port });
      const finish = (err: PrinterError | null): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        if (err) reject(err);
        else resolve();
      };
      const timer = setTimeout(() => {
        // Bytes handed to the kernel and our side closed: a printer that keeps its side open still got them.
        finish(sent ? null : new PrinterError('TIMEOUT', `printer ${this.target}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      timer.unref?.();
      socket.on('error', (e) => finish(fromErrno(e, `printer ${this.target}`)));
      // Status bytes a printer may send back are read and dropped, so closing never resets the link.
      socket.on('data', () => undefined);
      socket.on('close', () => finish(sent ? null : new PrinterError('IO', `printer ${this.target}: closed before the ticket was sent`)));
      socket.once('connect', () => {
        socket.end(job.escpos, () => {
          sent = true;
        });
      });
    });
  }

  forget(): void {}
}

export interface DevicePrinterOptions {
  path: string;
  timeoutMs?: number;
}

/** A printer behind a character device (usblp: /dev/usb/lp0). Refuses regular files: tickets never go to disk. */
export class DevicePrinter implements TicketPrinter {
  readonly kind = 'device';
  readonly target: string;
  private readonly timeoutMs: number;

  constructor(o: DevicePrinterOptions) {
    this.target = o.path;
    this.timeoutMs = o.timeoutMs ?? 5_000;
  }

  async print(job: TicketJob): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new PrinterError('TIMEOUT', `printer ${this.target}: write did not finish within ${this.timeoutMs} ms`)), this.timeoutMs);
      timer.unref?.();
    });
    try {
      await Promise.race([this.write(job.escpos), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async write(bytes: Uint8Array): Promise<void> {
    try {
      const s = await stat(this.target);
      if (!s.isCharacterDevice()) throw new PrinterError('CONFIG', `printer ${this.target}: not a character device`);
      const fh = await open(this.target, fsConstants.O_WRONLY | fsConstants.O_NOCTTY);
      try {
        let at = 0;
        while (at < bytes.length) {
          const { bytesWritten } = await fh.write(bytes, at, bytes.length - at);
          if (bytesWritten <= 0) throw new PrinterError('IO', `printer ${this.target}: wrote nothing`);
          at += bytesWritten;
        }
      } finally {
        await fh.close();
      }
    } catch (e) {
      throw fromErrno(e, `printer ${this.target}`);
    }
  }

  forget(): void {}
}
