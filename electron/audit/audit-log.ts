// Append-only, hash-chained audit log (JSON Lines). Each line carries the hash of the line before it, so an
// edited line breaks its own hash and a removed line breaks the chain (`verifyAuditLog`). With a key the
// hash is an HMAC: someone who can write the file but not read the key cannot re-chain a forged log.
// Removing lines from the END leaves a valid shorter chain; pass the last known head (seq, hash) kept
// elsewhere (e.g. reported to staff/monitoring) to detect that too.
// Events never hold personal data: `append` rejects values that look like an ID number.
// Rotation (opt-in, `rotateBytes`): a full file is renamed to `<file>.<last seq, 12 digits>` and the new file
// opens with an `audit.rotated` entry (data: the segment's last seq; a file name would trip the ID-number guard)
// that continues the same chain (seq and prev), so each segment verifies
// on its own and the segments join into one chain. Retention (`retentionMs`): rotated segments whose last
// entry is older than that are deleted, with an `audit.segments-purged` event; the live file is never deleted.
import { createHash, createHmac } from 'node:crypto';
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { canonicalJson, type JsonValue } from './canonical-json.ts';
import { looksLikeIdNumber } from './personal-data.ts';

export type AuditData = Record<string, string | number | boolean | null>;

export interface AuditEntry {
  seq: number;
  ts: string;
  type: string;
  data: AuditData;
  prev: string;
  hash: string;
}

/** Where components write audit events; the log file is one implementation, tests use a memory one. */
export interface AuditSink {
  append(type: string, data: AuditData): Promise<void>;
}

export interface AuditLogOptions {
  /** HMAC key for the chain; without one, plain SHA-256 (detects accidents, not a forger). */
  key?: Uint8Array;
  now?: () => Date;
  /** Rotate to a new segment before an append once the live file holds at least this many bytes. */
  rotateBytes?: number;
  /** Delete rotated segments whose newest entry is older than this (checked at open and at each rotation). */
  retentionMs?: number;
}

export const ROTATED_EVENT = 'audit.rotated';
const SEGMENT_SUFFIX = /^\.(\d{12})$/;

/** Rotated segments of the log at `path`, oldest first. */
export function auditSegments(path: string): string[] {
  const dir = dirname(path);
  const base = basename(path);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(base) && SEGMENT_SUFFIX.test(f.slice(base.length)))
    .sort()
    .map((f) => join(dir, f));
}

function lastEntryOf(path: string): AuditEntry | null {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const e = JSON.parse(lines[i] ?? '') as AuditEntry;
      if (e && typeof e === 'object' && typeof e.ts === 'string') return e;
    } catch {
      // an unreadable line: look further up
    }
  }
  return null;
}

export const GENESIS_HASH = '0'.repeat(64);

function entryHash(e: Omit<AuditEntry, 'hash'>, key: Uint8Array | undefined): string {
  const body: JsonValue = { seq: e.seq, ts: e.ts, type: e.type, data: e.data, prev: e.prev };
  const h = key ? createHmac('sha256', key) : createHash('sha256');
  return h.update(canonicalJson(body), 'utf8').digest('hex');
}

function assertNoPersonalData(type: string, data: AuditData): void {
  for (const [k, v] of Object.entries(data)) {
    if (typeof v === 'string' && looksLikeIdNumber(v)) {
      throw new Error(`audit event ${type}: field ${k} looks like an ID number; log a pseudonym instead`);
    }
  }
}

export class AuditLog implements AuditSink {
  private seq: number;
  private head: string;
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private fd: number,
    private readonly options: AuditLogOptions,
    last: { seq: number; hash: string },
  ) {
    this.seq = last.seq;
    this.head = last.hash;
  }

  /** Opens (or creates) the log; a line torn by a crash mid-write is cut off and the cut is itself audited. */
  static async open(path: string, options: AuditLogOptions = {}): Promise<AuditLog> {
    let last = { seq: 0, hash: GENESIS_HASH };
    let tornBytes = 0;
    let unreadable = 0;
    const fd = openSync(path, 'a+');
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      const end = text.lastIndexOf('\n') + 1;
      if (end < text.length) {
        tornBytes = Buffer.byteLength(text.slice(end), 'utf8');
        ftruncateSync(fd, Buffer.byteLength(text.slice(0, end), 'utf8'));
      }
      const lines = text.slice(0, end).split('\n').filter((l) => l.length > 0);
      // Chain on from the last line that parses; unreadable lines stay (verify reports them) and are audited.
      for (let i = lines.length - 1; i >= 0; i--) {
        try {
          const e = JSON.parse(lines[i]) as AuditEntry;
          if (typeof e.seq === 'number' && typeof e.hash === 'string') {
            last = { seq: e.seq, hash: e.hash };
            unreadable = lines.length - 1 - i;
            break;
          }
        } catch {
          // keep looking
        }
      }
    }
    // A crash between renaming the full file and writing the new file's first entry leaves an empty live file:
    // the chain continues from the newest segment, not from the start.
    const newest = last.seq === 0 ? auditSegments(path).at(-1) : undefined;
    const carried = newest ? lastEntryOf(newest) : null;
    if (newest && carried && typeof carried.seq === 'number' && typeof carried.hash === 'string') last = { seq: carried.seq, hash: carried.hash };
    const log = new AuditLog(path, fd, options, last);
    if (newest && carried) await log.append(ROTATED_EVENT, { lastSeq: last.seq });
    if (tornBytes > 0) await log.append('audit.torn-tail-cut', { bytes: tornBytes });
    if (unreadable > 0) await log.append('audit.unreadable-tail', { lines: unreadable });
    await log.purgeSegments();
    return log;
  }

  private nowDate(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Closes the live file as a segment and opens a new one whose first entry continues the chain. */
  async rotate(): Promise<string | null> {
    let segment: string | null = null;
    const run = async (): Promise<void> => {
      segment = this.rotateNow();
    };
    this.queue = this.queue.then(run, run);
    await this.queue;
    await this.purgeSegments();
    return segment;
  }

  private rotateNow(): string | null {
    if (this.seq === 0 || fstatSync(this.fd).size === 0) return null;
    const segment = `${this.path}.${String(this.seq).padStart(12, '0')}`;
    fsyncSync(this.fd);
    closeSync(this.fd);
    renameSync(this.path, segment);
    this.fd = openSync(this.path, 'a+');
    this.write(ROTATED_EVENT, { lastSeq: this.seq });
    return segment;
  }

  /** Deletes rotated segments older than the retention period; returns how many went. */
  async purgeSegments(): Promise<number> {
    const keep = this.options.retentionMs;
    if (keep === undefined) return 0;
    const cutoff = this.nowDate().getTime() - keep;
    let gone = 0;
    for (const seg of auditSegments(this.path)) {
      const last = lastEntryOf(seg);
      const at = last ? Date.parse(last.ts) : Number.NaN;
      // A segment with no readable entry is kept: it is evidence, and nothing says how old it is.
      if (!Number.isFinite(at) || at >= cutoff) continue;
      unlinkSync(seg);
      gone++;
    }
    if (gone > 0) await this.append('audit.segments-purged', { segments: gone, retentionHours: keep / 3_600_000 });
    return gone;
  }

  private write(type: string, data: AuditData): void {
    const ts = this.nowDate().toISOString();
    const partial = { seq: this.seq + 1, ts, type, data, prev: this.head };
    const entry: AuditEntry = { ...partial, hash: entryHash(partial, this.options.key) };
    writeSync(this.fd, JSON.stringify(entry) + '\n');
    fsyncSync(this.fd);
    this.seq = entry.seq;
    this.head = entry.hash;
  }

  append(type: string, data: AuditData): Promise<void> {
    assertNoPersonalData(type, data);
    const run = async (): Promise<void> => {
      const limit = this.options.rotateBytes;
      if (limit !== undefined && fstatSync(this.fd).size >= limit && this.rotateNow() !== null) {
        // Old segments go now; their audit event queues behind this append.
        void this.purgeSegments().catch(() => undefined);
      }
      this.write(type, data);
    };
    this.queue = this.queue.then(run, run);
    return this.queue;
  }

  /** The chain head: keep it outside the file to detect a truncated tail. */
  get lastHead(): { seq: number; hash: string } {
    return { seq: this.seq, hash: this.head };
  }

  get file(): string {
    return this.path;
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    closeSync(this.fd);
  }
}

export interface AuditProblem {
  line: number;
  reason: 'unparseable' | 'hash-mismatch' | 'chain-broken' | 'sequence-gap' | 'head-mismatch';
}

export interface AuditVerification {
  ok: boolean;
  entries: number;
  problems: AuditProblem[];
}

/**
 * Re-walks the chain; reports every line whose hash, predecessor or sequence number is wrong. A file that a
 * rotation started begins with an `audit.rotated` entry: the chain is checked from there (its own hash still
 * has to verify, so with a key nobody can forge that start); `expectStart` is the previous segment's head.
 */
export function verifyAuditLog(
  path: string,
  options: { key?: Uint8Array; expectHead?: { seq: number; hash: string }; expectStart?: { seq: number; hash: string } } = {},
): AuditVerification {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  const problems: AuditProblem[] = [];
  let prevHash = GENESIS_HASH;
  let prevSeq = 0;
  lines.forEach((text, i) => {
    const line = i + 1;
    let e: AuditEntry;
    try {
      e = JSON.parse(text) as AuditEntry;
    } catch {
      problems.push({ line, reason: 'unparseable' });
      return;
    }
    // Valid JSON that is no entry object (null, a number, an array) is as unreadable as broken JSON.
    if (typeof e !== 'object' || e === null || Array.isArray(e)) {
      problems.push({ line, reason: 'unparseable' });
      return;
    }
    const { hash, ...rest } = e;
    if (i === 0 && e.type === ROTATED_EVENT && typeof e.seq === 'number' && typeof e.prev === 'string') {
      const start = options.expectStart;
      prevHash = start ? start.hash : e.prev;
      prevSeq = start ? start.seq : e.seq - 1;
    }
    if (entryHash(rest, options.key) !== hash) problems.push({ line, reason: 'hash-mismatch' });
    if (e.prev !== prevHash) problems.push({ line, reason: 'chain-broken' });
    if (e.seq !== prevSeq + 1) problems.push({ line, reason: 'sequence-gap' });
    prevHash = hash;
    prevSeq = e.seq;
  });
  const head = options.expectHead;
  if (head && (head.seq !== prevSeq || head.hash !== prevHash)) {
    problems.push({ line: lines.length, reason: 'head-mismatch' });
  }
  return { ok: problems.length === 0, entries: lines.length, problems };
}

/** An in-memory sink for tests and for the CLI's dry runs. */
export class MemoryAuditSink implements AuditSink {
  readonly events: { type: string; data: AuditData }[] = [];
  async append(type: string, data: AuditData): Promise<void> {
    assertNoPersonalData(type, data);
    this.events.push({ type, data });
  }
}
