// `kiosk staff pin-hash`: makes the scrypt hash a deployment stores as KIOSK_STAFF_PIN_HASH. The PIN is read
// from standard input (never an argument, so it stays out of shell history and the process list) and only the
// hash is printed. Exit 64 when the input is not 4–12 digits.
import { hashPin } from '../../checkin/staff-auth.ts';
import { EXIT_OK, EXIT_USAGE, type CliCommand } from '../command.ts';

const USAGE = 'staff pin-hash   (reads the PIN, 4–12 digits, from standard input)';

async function readStdin(input: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of input) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

export function pinHashFromInput(text: string): string | null {
  const pin = text.trim();
  return /^[0-9]{4,12}$/.test(pin) ? hashPin(pin) : null;
}

export const command: CliCommand = {
  path: ['staff', 'pin-hash'],
  usage: USAGE,
  summary: 'Hash a staff PIN read from standard input (scrypt) for KIOSK_STAFF_PIN_HASH.',
  async run(args, io) {
    if (args.length > 0) {
      io.err(`usage: kiosk ${USAGE}`);
      return EXIT_USAGE;
    }
    const hash = pinHashFromInput(await readStdin(process.stdin));
    if (!hash) {
      io.err('the PIN must be 4 to 12 digits');
      return EXIT_USAGE;
    }
    io.out(hash);
    return EXIT_OK;
  },
};
