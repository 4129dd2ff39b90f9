// `kiosk outbox`: what is waiting to be delivered, for staff — pending / failed / delivered counts and ages,
// no personal data. Reads the outbox without locking it, so it works while the kiosk runs.
// Configuration: --config <file> or KIOSK_CONFIG (outbox folder and key source); without either, the data
// folder of the embedded default (`npm run start:browser`: .kiosk-data/ in the repository).
import { parseArgs } from 'node:util';
import { BackendError, toBackendError } from '../../backends/errors.ts';
import { keyProviderFromConfig } from '../../backends/outbox/key-provider.ts';
import { OutboxStore, type OutboxCounts } from '../../backends/outbox/outbox-store.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadBackendConfig, type BackendConfig } from '../../config/backend-config.ts';
import { verifyAuditLog, type AuditProblem } from '../../audit/audit-log.ts';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command.ts';

const USAGE = 'outbox [--config <file>] [--verify-audit] [--json]';

function age(s: number | null): string {
  if (s === null) return '-';
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

/** The outbox and audit log of the embedded default kiosk (electron/checkin/kiosk-runtime.ts demo layout). */
function embeddedDefault(): Pick<BackendConfig, 'outbox' | 'audit'> {
  const dataDir = fileURLToPath(new URL('../../../.kiosk-data/', import.meta.url));
  if (!existsSync(join(dataDir, 'outbox.key'))) {
    throw new BackendError('CONFIG', 'no configuration: pass --config <file> or set KIOSK_CONFIG (no embedded-default kiosk has run here yet)');
  }
  return {
    outbox: { dir: join(dataDir, 'outbox'), key: { kind: 'file', path: join(dataDir, 'outbox.key') }, retentionHours: 0, backoff: { initialMs: 0, maxMs: 0, factor: 1 }, firstAttemptWaitMs: 0 },
    audit: { file: join(dataDir, 'audit.jsonl'), key: null },
  };
}

export interface OutboxReport extends OutboxCounts {
  /** With --verify-audit: is the audit log's hash chain intact (an edited or removed line shows here)? */
  audit?: { ok: boolean; entries: number; problems: AuditProblem[] } | { ok: false; error: string };
}

export async function outboxCounts(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<OutboxReport> {
  let v;
  try {
    v = parseArgs({ args, options: { config: { type: 'string' }, 'verify-audit': { type: 'boolean', default: false }, json: { type: 'boolean', default: false } }, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new BackendError('INVALID_INPUT', `${(e as Error).message}; usage: kiosk ${USAGE}`);
  }
  const config = v.config || env.KIOSK_CONFIG ? loadBackendConfig(v.config, env) : embeddedDefault();
  const report: OutboxReport = await OutboxStore.inspect(config.outbox.dir, keyProviderFromConfig(config.outbox.key, { env }));
  if (v['verify-audit']) {
    try {
      const key = config.audit.key ? await keyProviderFromConfig(config.audit.key, { env }).getKey() : undefined;
      report.audit = verifyAuditLog(config.audit.file, { key });
    } catch (e) {
      report.audit = { ok: false, error: e instanceof BackendError ? e.message : 'audit log not readable' };
    }
  }
  return report;
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
        if (c.audit) io.out(`audit      ${c.audit.ok ? `chain intact, ${'entries' in c.audit ? c.audit.entries : 0} entries` : 'entries' in c.audit ? `BROKEN at lines ${c.audit.problems.map((p) => p.line).join(', ')}` : `not verified: ${c.audit.error}`}`);
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
