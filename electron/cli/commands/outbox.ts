// `kiosk outbox`: what is waiting to be delivered, for staff — pending / failed / delivered counts and ages,
// no personal data. Reads the outbox without locking it, so it works while the kiosk runs.
// Configuration: --config <file> or KIOSK_CONFIG (outbox folder and key source).
import { parseArgs } from 'node:util';
import { BackendError, toBackendError } from '../../backends/errors.ts';
import { keyProviderFromConfig } from '../../backends/outbox/key-provider.ts';
import { OutboxStore, type OutboxCounts } from '../../backends/outbox/outbox-store.ts';
import { loadBackendConfig } from '../../config/backend-config.ts';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command.ts';

const USAGE = 'outbox [--config <file>] [--json]';

function age(s: number | null): string {
  if (s === null) return '-';
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export async function outboxCounts(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<OutboxCounts> {
  let v;
  try {
    v = parseArgs({ args, options: { config: { type: 'string' }, json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new BackendError('INVALID_INPUT', `${(e as Error).message}; usage: kiosk ${USAGE}`);
  }
  const config = loadBackendConfig(v.config, env);
  return OutboxStore.inspect(config.outbox.dir, keyProviderFromConfig(config.outbox.key, { env }));
}

export const command: CliCommand = {
  path: ['outbox'],
  usage: USAGE,
  summary: 'Show the outbox: pending, failed and delivered submissions with their ages (no personal data).',
  async run(args, io) {
    const json = args.includes('--json');
    try {
      const c = await outboxCounts(args);
      if (json) io.out(JSON.stringify(c, null, 2));
      else {
        io.out(`pending    ${c.pending.count}  oldest ${age(c.pending.oldestAgeSeconds)}  most attempts ${c.pending.maxAttempts}`);
        io.out(`failed     ${c.failed.count}  oldest ${age(c.failed.oldestAgeSeconds)}`);
        io.out(`delivered  ${c.delivered.count}  newest ${age(c.delivered.newestAgeSeconds)}`);
      }
      return EXIT_OK;
    } catch (e) {
      const err = toBackendError(e);
      if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else io.err(`outbox failed: ${err.code}: ${err.message}`);
      return EXIT_FAILURE;
    }
  },
};
