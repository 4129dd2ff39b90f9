// `kiosk readers`: the PC/SC readers pcscd knows, what each slot holds and the card's ATR — the first thing a
// technician runs at a desk. Exit 0 with the list (possibly empty), exit 2 with {"error": {code, message}}
// when pcscd is not running or the PC/SC module is missing (NO_READER).
import { parseArgs } from 'node:util';
import { CardReadError, toCardReadError } from '../../card/read-errors.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliCommand, type CliIo } from '../command.ts';
import type { ReaderInfo } from '../../card/pcsc/reader-monitor.ts';

const USAGE = 'readers [--json]';

export interface ReadersListing {
  service: 'running';
  readers: ReaderInfo[];
}

export async function listReaders(): Promise<ReadersListing> {
  const { PcscReaders } = await import('../../card/pcsc/reader-monitor.ts');
  const monitor = await PcscReaders.start();
  try {
    await monitor.settled();
    const s = monitor.status();
    if (s.kind === 'no-service') throw new CardReadError('NO_READER', s.message);
    return { service: 'running', readers: monitor.list() };
  } finally {
    await monitor.close();
  }
}

function printHuman(l: ReadersListing, io: CliIo): void {
  if (l.readers.length === 0) {
    io.out('pcscd is running; no reader connected');
    return;
  }
  for (const r of l.readers) io.out(`${r.name.padEnd(40)} ${r.card.padEnd(11)} ${r.atr ?? ''}`.trimEnd());
}

export const command: CliCommand = {
  path: ['readers'],
  usage: USAGE,
  summary: 'List PC/SC readers with their card state and ATR.',
  async run(args, io) {
    let json = false;
    try {
      json = parseArgs({ args, options: { json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }).values.json ?? false;
    } catch (e) {
      io.err(`${(e as Error).message}; usage: kiosk ${USAGE}`);
      return EXIT_USAGE;
    }
    try {
      const listing = await listReaders();
      if (json) io.out(JSON.stringify(listing, null, 2));
      else printHuman(listing, io);
      return EXIT_OK;
    } catch (e) {
      const err = toCardReadError(e);
      if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else io.err(`readers: ${err.code}: ${err.message}`);
      return EXIT_FAILURE;
    }
  },
};
