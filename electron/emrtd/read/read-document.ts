// One complete chip read for a check-in: access control, the read plan, then Active and Chip Authentication
// while the session is open (9303-11 §6), with the transport statistics the kiosk reports. Parsing and the
// passive-authentication verdict happen above this, on the raw files it returns.
import type { CardChannel } from '../channel.ts';
import { PlainSender } from '../channel.ts';
import type { AccessKey } from '../access/access-key.ts';
import { openSession, type AccessProtocol } from '../access/open-session.ts';
import type { LdsFileName } from '../lds/files.ts';
import { EmrtdError, StatusWordError } from '../errors.ts';
import { ChunkMemory, type ChunkMode } from './chunking.ts';
import { readPlan, type ReadProgress } from './read-plan.ts';
import { runChipChecks, type ChipChecks } from '../auth/chip-checks.ts';

export interface ReadDocumentOptions {
  keys: AccessKey[];
  /** The card's ATR (hex), to remember which chunk size its model accepts. */
  atr?: string;
  chunkMemory?: ChunkMemory;
  files?: readonly LdsFileName[];
  onProgress?: (p: ReadProgress) => void;
  onFileDone?: (file: LdsFileName, bytes: Uint8Array) => void;
  /** Whole-read time budget; a hostile or failing chip cannot hold the kiosk longer. */
  timeBudgetMs?: number;
  maxFileBytes?: number;
  resume?: ReadonlyMap<LdsFileName, Uint8Array>;
  /** Active Authentication when DG15 was read (default true). */
  activeAuthentication?: boolean;
  /** Chip Authentication when DG14 offers it (default true). */
  chipAuthentication?: boolean;
}

export interface DocumentRead {
  access: { protocol: AccessProtocol; attempts: number };
  files: Map<LdsFileName, Uint8Array>;
  absent: LdsFileName[];
  denied: LdsFileName[];
  chunkMode: ChunkMode;
  stats: { apdus: number; bytesSent: number; bytesReceived: number; ms: number };
  /** Active and Chip Authentication verdicts (not-supported when the chip has no DG15 / DG14 CA key). */
  authentication: ChipChecks;
}

export const DEFAULT_READ_BUDGET_MS = 30_000;

export async function readDocument(channel: CardChannel, opts: ReadDocumentOptions): Promise<DocumentRead> {
  const started = performance.now();
  // The budget starts before access control: a chip that stalls in BAC/PACE is held to it as well.
  const deadline = Date.now() + (opts.timeBudgetMs ?? DEFAULT_READ_BUDGET_MS);
  const plain = new PlainSender(withDeadline(channel, deadline));
  const memory = opts.chunkMemory ?? new ChunkMemory();
  let mode = memory.get(opts.atr);
  let session = await openSession(plain, opts.keys);
  const attempts = session.attempts;
  const done = new Map(opts.resume ?? []);
  let reopens = 0;
  for (;;) {
    try {
      const plan = await readPlan(session.sender, {
        files: opts.files,
        chunkMode: mode,
        deadline,
        maxFileBytes: opts.maxFileBytes,
        onProgress: opts.onProgress,
        onChunkMode: (m) => (mode = m),
        onFileDone: (name, bytes) => {
          done.set(name, bytes);
          opts.onFileDone?.(name, bytes);
        },
        resume: done,
      });
      memory.remember(opts.atr, plan.chunkMode);
      const chip = await runChipChecks(plain, session.sender, plan.files, { active: opts.activeAuthentication, chip: opts.chipAuthentication });
      session.sender.end();
      chip.sender.end();
      return {
        access: { protocol: session.protocol, attempts },
        files: plan.files,
        absent: plan.absent,
        denied: plan.denied,
        chunkMode: plan.chunkMode,
        stats: { ...plain.stats, ms: Math.round(performance.now() - started) },
        authentication: chip.checks,
      };
    } catch (e) {
      // A chip that refuses an APDU length at the transport level answers in plain, without counting it
      // in its send sequence counter: the session is then out of step. Re-open it once with the key that
      // worked and go on from the files already read, with the smaller chunk size.
      if (!sessionLost(e) || reopens >= 1) throw e;
      reopens++;
      session.sender.sm.wipe();
      session = await openSession(plain, [session.key]);
    }
  }
}

function sessionLost(e: unknown): boolean {
  if (e instanceof StatusWordError) return e.sw === 0x6987 || e.sw === 0x6988;
  return e instanceof EmrtdError && (e.code === 'SM_MAC_INVALID' || e.code === 'SM_MALFORMED');
}

/**
 * The file reader checks the budget between chunks; this bounds each APDU too, so a chip (or reader) that
 * stops answering, or answers ever more slowly, cannot hold the kiosk past the whole read's time budget.
 */
function withDeadline(channel: CardChannel, deadline: number): CardChannel {
  const over = (): EmrtdError => new EmrtdError('READ_BUDGET_EXCEEDED', 'the chip read took longer than its time budget');
  return {
    transmit(apdu) {
      const left = deadline - Date.now();
      if (left <= 0) return Promise.reject(over());
      return new Promise<Uint8Array>((resolve, reject) => {
        const timer = setTimeout(() => reject(over()), left);
        channel.transmit(apdu).then(
          (r) => {
            clearTimeout(timer);
            resolve(r);
          },
          (e: unknown) => {
            clearTimeout(timer);
            reject(e);
          },
        );
      });
    },
  };
}
