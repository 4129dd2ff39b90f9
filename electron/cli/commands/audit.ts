// `kiosk audit verify`: re-walks the audit log's hash chain (electron/audit) and names every line that was
// edited, removed, inserted or reordered. With --head <seq>:<hash> (the chain head kept elsewhere, e.g. by
// monitoring) a log cut short at its end is caught too. The file and the chain's HMAC key come from the
// configuration (--config or KIOSK_CONFIG); --file verifies another copy, with the configured key if any.
// Exit 0: chain intact; exit 2: broken (the problems are listed) or not verifiable ({"error": …} with --json).
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { verifyAuditLog, type AuditVerification } from '../../audit/audit-log.ts';
import { BackendError, toBackendError } from '../../backends/errors.ts';
import { keyProviderFromConfig } from '../../backends/outbox/key-provider.ts';
import { loadBackendConfig } from '../../config/backend-config.ts';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command.ts';

const USAGE = 'audit verify [--file <path>] [--config <file>] [--head <seq>:<hash>] [--json]';

export interface AuditVerifyReport extends AuditVerification {
  file: string;
  keyed: boolean;
}

export async function auditVerify(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<AuditVerifyReport> {
  let v;
  try {
    v = parseArgs({
      args,
      options: { file: { type: 'string' }, config: { type: 'string' }, head: { type: 'string' }, json: { type: 'boolean', default: false } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (e) {
    throw new BackendError('INVALID_INPUT', `${(e as Error).message}; usage: kiosk ${USAGE}`);
  }
  const head = v.head === undefined ? undefined : parseHead(v.head);
  // Without a configuration a --file is still verifiable, as a plain SHA-256 chain.
  const config = v.config !== undefined || env.KIOSK_CONFIG || v.file === undefined ? loadBackendConfig(v.config, env) : null;
  const file = v.file ?? config!.audit.file;
  if (!existsSync(file)) throw new BackendError('INVALID_INPUT', `audit log not found: ${file}`);
  const key = config?.audit.key ? await keyProviderFromConfig(config.audit.key, { env }).getKey() : undefined;
  let result: AuditVerification;
  try {
    result = verifyAuditLog(file, { key, expectHead: head });
  } catch (e) {
    throw new BackendError('INVALID_INPUT', `audit log not readable: ${file}`, { cause: e });
  }
  return { file, keyed: key !== undefined, ...result };
}

function parseHead(text: string): { seq: number; hash: string } {
  const m = /^(\d{1,15}):([0-9a-f]{64})$/.exec(text);
  if (!m) throw new BackendError('INVALID_INPUT', '--head must be <seq>:<64 hex digits>');
  return { seq: Number(m[1]), hash: m[2] };
}

export const command: CliCommand = {
  path: ['audit', 'verify'],
  usage: USAGE,
  summary: 'Verify the audit log hash chain: report edited, removed or inserted lines (and a cut tail with --head).',
  async run(args, io) {
    const json = args.includes('--json');
    try {
      const r = await auditVerify(args);
      if (json) io.out(JSON.stringify(r, null, 2));
      else if (r.ok) io.out(`audit log intact: ${r.entries} entries, ${r.keyed ? 'HMAC' : 'SHA-256'} chain (${r.file})`);
      else {
        io.out(`audit log BROKEN: ${r.problems.length} problem(s) in ${r.entries} entries (${r.file})`);
        for (const p of r.problems) io.out(`  line ${p.line}: ${p.reason}`);
      }
      return r.ok ? EXIT_OK : EXIT_FAILURE;
    } catch (e) {
      const err = toBackendError(e);
      if (json) io.out(JSON.stringify({ error: { code: err.code, message: err.message } }));
      else io.err(`audit verify failed: ${err.code}: ${err.message}`);
      return EXIT_FAILURE;
    }
  },
};
