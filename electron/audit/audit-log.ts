// Append-only, hash-chained audit log (JSON Lines). Each line carries the hash of the line before it, so an
// edited line breaks its own hash and a removed line breaks the chain (`verifyAuditLog`). With a key the
// hash is an HMAC: someone who can write the file but not read the key cannot re-chain a forged log.
// Removing lines from the END leaves a valid shorter chain; pass the last known head (seq, hash) kept
// elsewhere (e.g. reported to staff/monitoring) to detect that too.
// Events never hold personal data: `append` rejects values that look like an ID number.
import { createHash, createHmac } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
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
    private readonly fd: number,
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
    const log = new AuditLog(path, fd, options, last);
    if (tornBytes > 0) await log.append('audit.torn-tail-cut', { bytes: tornBytes });
    if (unreadable > 0) await log.append('audit.unreadable-tail', { lines: unreadable });
    return log;
  }

  append(type: string, data: AuditData): Promise<void> {
    assertNoPersonalData(type, data);
    const run = async (): Promise<void> => {
      const ts = (this.options.now ?? (() => new Date()))().toISOString();
      const partial = { seq: this.seq + 1, ts, type, data, prev: this.head };
      const entry: AuditEntry = { ...partial, hash: entryHash(partial, this.options.key) };
      writeSync(this.fd, JSON.stringify(entry) + '\n');
      fsyncSync(this.fd);
      this.seq = entry.seq;
      this.head = entry.hash;
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

/** Re-walks the chain; reports every line whose hash, predecessor or sequence number is wrong. */
export function verifyAuditLog(
  path: string,
  options: { key?: Uint8Array; expectHead?: { seq: number; hash: string } } = {},
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
