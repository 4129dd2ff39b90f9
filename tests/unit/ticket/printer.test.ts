import { describe, it, expect, afterEach } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DevicePrinter, EmulatedPrinter, PrinterError, TcpPrinter, type TicketJob } from '../../../electron/ticket/printer.ts';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const s of sockets) s.destroy();
  sockets.length = 0;
  for (const s of servers) await new Promise((r) => s.close(() => r(undefined)));
  servers.length = 0;
});

function job(n: number, seed = 7): TicketJob {
  const escpos = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    escpos[i] = x >>> 24;
  }
  return { escpos, png: Uint8Array.of(0x89, 0x50, 0x4e, 0x47) };
}

function listen(onConn: (s: Socket) => void, opts: { pauseOnConnect?: boolean } = {}): Promise<number> {
  const server = createServer({ pauseOnConnect: opts.pauseOnConnect ?? false }, (s) => {
    sockets.push(s);
    onConn(s);
  });
  servers.push(server);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

async function printError(p: Promise<void>): Promise<PrinterError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(PrinterError);
    return e as PrinterError;
  }
  throw new Error('print did not fail');
}

describe('tcp transport (raw port 9100)', () => {
  it('a local printer receives exactly the job bytes', async () => {
    const got: Buffer[] = [];
    let ended!: () => void;
    const done = new Promise<void>((r) => (ended = r));
    const port = await listen((s) => {
      s.on('data', (d) => got.push(d));
      s.on('end', () => {
        s.end();
        ended();
      });
    });
    const j = job(300_000);
    await new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 5_000 }).print(j);
    await done;
    expect(Buffer.concat(got).equals(Buffer.from(j.escpos))).toBe(true);
  });

  it('a printer that keeps its side open still counts as printed once the bytes went out', async () => {
    const got: Buffer[] = [];
    const port = await listen((s) => s.on('data', (d) => got.push(d)));
    const j = job(1000);
    await new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 300 }).print(j);
    await new Promise((r) => setTimeout(r, 50));
    expect(Buffer.concat(got).equals(Buffer.from(j.escpos))).toBe(true);
  });

  it('nothing listening → UNREACHABLE', async () => {
    const port = await listen(() => undefined);
    await new Promise((r) => servers.pop()!.close(() => r(undefined)));
    const e = await printError(new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 2_000 }).print(job(10)));
    expect(e.code).toBe('UNREACHABLE');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('a printer that takes no bytes (buffer full) → TIMEOUT, not a hang', async () => {
    const port = await listen(() => undefined, { pauseOnConnect: true });
    const e = await printError(new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 400 }).print(job(64 * 1024 * 1024)));
    expect(e.code).toBe('TIMEOUT');
  });

  it('a printer that drops the connection at once → IO (or a reset), never success', async () => {
    const port = await listen((s) => s.destroy());
    const e = await printError(new TcpPrinter({ host: '127.0.0.1', port, timeoutMs: 2_000 }).print(job(8 * 1024 * 1024)));
    expect(e.code).toBe('IO');
  });
});

describe('device transport', () => {
  it('writes to a character device', async () => {
    await new DevicePrinter({ path: '/dev/null' }).print(job(10_000));
  });

  it('a device that fails the write (ENOSPC on /dev/full) → IO', async () => {
    const e = await printError(new DevicePrinter({ path: '/dev/full' }).print(job(100)));
    expect(e.code).toBe('IO');
    expect(e.message).toContain('ENOSPC');
  });

  it('no such device → UNREACHABLE; a regular file → CONFIG, and nothing is written to it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ticket-'));
    try {
      expect((await printError(new DevicePrinter({ path: join(dir, 'lp0') }).print(job(10)))).code).toBe('UNREACHABLE');
      expect(existsSync(join(dir, 'lp0'))).toBe(false);
      const file = join(dir, 'file');
      writeFileSync(file, '');
      expect((await printError(new DevicePrinter({ path: file }).print(job(10)))).code).toBe('CONFIG');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('emulated transport', () => {
  it('keeps the last job in memory (a copy) and forgets it', async () => {
    const p = new EmulatedPrinter();
    const j = job(64);
    await p.print(j);
    expect(p.last?.escpos).toEqual(j.escpos);
    expect(p.last?.escpos).not.toBe(j.escpos);
    const held = p.last!;
    p.forget();
    expect(p.last).toBeNull();
    expect(held.escpos.every((b) => b === 0)).toBe(true);
    expect(p.printed).toBe(1);
  });
});
