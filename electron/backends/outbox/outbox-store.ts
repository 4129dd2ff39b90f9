// The durable outbox: submissions written (sealed, fsync'ed) before their first attempt, their delivery
// state replayed from the journal after any crash, deleted on delivery (only a payload-free stub stays for
// the counts), and purged after the retention period with an audit event. Single writer (lock file).
// The record id is the idempotency key the backend sees, so a resend after a crash is not a duplicate.
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AuditData, AuditSink } from '../../audit/audit-log.ts';
import { BackendError } from '../errors.ts';
import type { KeyProvider } from './key-provider.ts';
import { acquireLock } from './outbox-lock.ts';
import { SealedJournal } from './sealed-journal.ts';

export type OutboxTarget = 'hospital' | 'airport';
export type OutboxState = 'pending' | 'failed' | 'delivered';

export interface OutboxRecord {
  id: string;
  target: OutboxTarget;
  createdAt: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  /** An error code (never a message with data) from the last attempt. */
  lastError: string | null;
  deliveredAt: number | null;
  /** Present while pending or failed; dropped on delivery. */
  payload: unknown;
}

type Op =
  | { op: 'enqueue'; id: string; target: OutboxTarget; createdAt: number; payload: unknown }
  | { op: 'attempt'; id: string; attempts: number; nextAttemptAt: number; error: string }
  | { op: 'delivered'; id: string; at: number }
  | { op: 'failed'; id: string; at: number; error: string }
  | { op: 'forget'; id: string }
  | { op: 'snapshot'; record: OutboxRecord };

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface OutboxCounts {
  pending: { count: number; oldestAgeSeconds: number | null; maxAttempts: number };
  failed: { count: number; oldestAgeSeconds: number | null };
  delivered: { count: number; newestAgeSeconds: number | null };
}

export interface OutboxOptions {
  dir: string;
  keyProvider: KeyProvider;
  retentionMs: number;
  clock?: Clock;
  audit?: AuditSink;
}

const JOURNAL = 'outbox.journal';
/** Payload-free stubs of delivered records, for the counts; sealed too, append-only, rewritten on purge. */
const DELIVERED = 'delivered.journal';
const LOCK = 'outbox.lock';
/** Rewrite the journal once this many records' history is dead weight. */
const COMPACT_AFTER_DEAD_OPS = 200;

interface DeliveredStub {
  id: string;
  target: OutboxTarget;
  createdAt: number;
  at: number;
  attempts: number;
}

function replay(lines: string[], deliveredLines: string[] = []): Map<string, OutboxRecord> {
  const records = new Map<string, OutboxRecord>();
  const stubs = new Map<string, DeliveredStub>();
  for (const line of deliveredLines) {
    const st = JSON.parse(line) as DeliveredStub;
    stubs.set(st.id, st);
  }
  for (const line of lines) {
    const op = JSON.parse(line) as Op;
    switch (op.op) {
      case 'snapshot':
        records.set(op.record.id, op.record);
        break;
      case 'enqueue':
        records.set(op.id, {
          id: op.id, target: op.target, createdAt: op.createdAt, state: 'pending', attempts: 0,
          nextAttemptAt: op.createdAt, lastError: null, deliveredAt: null, payload: op.payload,
        });
        break;
      case 'attempt': {
        const r = records.get(op.id);
        if (r && r.state === 'pending') Object.assign(r, { attempts: op.attempts, nextAttemptAt: op.nextAttemptAt, lastError: op.error });
        break;
      }
      case 'delivered': {
        const r = records.get(op.id);
        if (r) Object.assign(r, { state: 'delivered', deliveredAt: op.at, payload: null, attempts: r.attempts + 1, lastError: null });
        break;
      }
      case 'failed': {
        const r = records.get(op.id);
        if (r && r.state === 'pending') Object.assign(r, { state: 'failed', lastError: op.error, attempts: r.attempts + 1 });
        break;
      }
      case 'forget':
        records.delete(op.id);
        stubs.delete(op.id);
        break;
    }
  }
  for (const st of stubs.values()) {
    const r = records.get(st.id);
    if (r && r.state !== 'pending') continue;
    records.set(st.id, {
      id: st.id, target: st.target, createdAt: st.createdAt, state: 'delivered', attempts: st.attempts,
      nextAttemptAt: st.createdAt, lastError: null, deliveredAt: st.at, payload: null,
    });
  }
  return records;
}

function countsOf(records: Iterable<OutboxRecord>, now: number): OutboxCounts {
  const c: OutboxCounts = {
    pending: { count: 0, oldestAgeSeconds: null, maxAttempts: 0 },
    failed: { count: 0, oldestAgeSeconds: null },
    delivered: { count: 0, newestAgeSeconds: null },
  };
  const age = (t: number): number => Math.max(0, Math.round((now - t) / 1000));
  for (const r of records) {
    if (r.state === 'pending') {
      c.pending.count++;
      c.pending.oldestAgeSeconds = Math.max(c.pending.oldestAgeSeconds ?? 0, age(r.createdAt));
      c.pending.maxAttempts = Math.max(c.pending.maxAttempts, r.attempts);
    } else if (r.state === 'failed') {
      c.failed.count++;
      c.failed.oldestAgeSeconds = Math.max(c.failed.oldestAgeSeconds ?? 0, age(r.createdAt));
    } else {
      c.delivered.count++;
      const a = age(r.deliveredAt ?? r.createdAt);
      c.delivered.newestAgeSeconds = Math.min(c.delivered.newestAgeSeconds ?? a, a);
    }
  }
  return c;
}

export class OutboxStore {
  private deadOps = 0;

  private constructor(
    private readonly options: OutboxOptions,
    private readonly journal: SealedJournal,
    private readonly deliveredLog: SealedJournal,
    private readonly records: Map<string, OutboxRecord>,
    private readonly unlock: () => void,
  ) {}

  private get clock(): Clock {
    return this.options.clock ?? systemClock;
  }

  /** Opens for writing: takes the lock, repairs a torn tail, replays, compacts. */
  static async open(options: OutboxOptions): Promise<OutboxStore> {
    const key = await options.keyProvider.getKey();
    mkdirSync(options.dir, { recursive: true, mode: 0o700 });
    const unlock = acquireLock(join(options.dir, LOCK));
    try {
      const records = replay(
        SealedJournal.readRecords(join(options.dir, JOURNAL), key, true),
        SealedJournal.readRecords(join(options.dir, DELIVERED), key, true),
      );
      const journal = SealedJournal.openForAppend(options.dir, JOURNAL, key);
      const deliveredLog = SealedJournal.openForAppend(options.dir, DELIVERED, key);
      const store = new OutboxStore(options, journal, deliveredLog, records, unlock);
      store.compact();
      store.rewriteDelivered();
      return store;
    } catch (e) {
      unlock();
      throw e;
    }
  }

  /** Counts for staff without taking the lock (the kiosk may be running): a read-only replay. */
  static async inspect(dir: string, keyProvider: KeyProvider, clock: Clock = systemClock): Promise<OutboxCounts> {
    const key = await keyProvider.getKey();
    const records = replay(SealedJournal.readRecords(join(dir, JOURNAL), key, false), SealedJournal.readRecords(join(dir, DELIVERED), key, false));
    return countsOf(records.values(), clock.now());
  }

  now(): number {
    return this.clock.now();
  }

  get file(): string {
    return this.journal.path;
  }

  /** Writes the submission durably (fsync) and returns its id = idempotency key. */
  enqueue(target: OutboxTarget, payload: unknown, id: string = randomUUID()): OutboxRecord {
    const existing = this.records.get(id);
    if (existing) return existing; // the same visit submitted twice stays one record
    const createdAt = this.clock.now();
    this.journal.append([JSON.stringify({ op: 'enqueue', id, target, createdAt, payload } satisfies Op)]);
    const r: OutboxRecord = { id, target, createdAt, state: 'pending', attempts: 0, nextAttemptAt: createdAt, lastError: null, deliveredAt: null, payload };
    this.records.set(id, r);
    this.audit('outbox.enqueued', { record: id, target });
    return r;
  }

  get(id: string): OutboxRecord | undefined {
    return this.records.get(id);
  }

  /** Pending records whose next attempt is due, oldest first. */
  due(now = this.clock.now()): OutboxRecord[] {
    return [...this.records.values()]
      .filter((r) => r.state === 'pending' && r.nextAttemptAt <= now)
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  nextDueAt(): number | null {
    let next: number | null = null;
    for (const r of this.records.values()) if (r.state === 'pending') next = Math.min(next ?? r.nextAttemptAt, r.nextAttemptAt);
    return next;
  }

  /** Makes every pending record of a target due now (its backend answered again); memory only. */
  expedite(target: OutboxTarget): void {
    const now = this.clock.now();
    for (const r of this.records.values()) if (r.state === 'pending' && r.target === target) r.nextAttemptAt = Math.min(r.nextAttemptAt, now);
  }

  /** A failed attempt that will be retried; not fsync'ed: losing it only repeats an attempt. */
  recordRetry(id: string, error: string, nextAttemptAt: number): void {
    const r = this.mustGet(id);
    r.attempts++;
    r.nextAttemptAt = nextAttemptAt;
    r.lastError = error;
    this.journal.append([JSON.stringify({ op: 'attempt', id, attempts: r.attempts, nextAttemptAt, error } satisfies Op)], false);
    this.deadOps++;
  }

  /**
   * The stub goes to the delivered log first (not fsync'ed: if it is lost in a crash the record is sent
   * again with the same idempotency key and the backend replays its answer). "Deleted on delivery": once
   * nothing is pending (a kiosk's usual state) the journal is rewritten without the payload at once.
   */
  markDelivered(id: string): void {
    const r = this.mustGet(id);
    const at = this.clock.now();
    Object.assign(r, { state: 'delivered', deliveredAt: at, payload: null, attempts: r.attempts + 1, lastError: null });
    const stub: DeliveredStub = { id, target: r.target, createdAt: r.createdAt, at, attempts: r.attempts };
    this.deliveredLog.append([JSON.stringify(stub)], false);
    this.deadOps++;
    if (this.countPending() === 0 || this.deadOps >= COMPACT_AFTER_DEAD_OPS) this.compact();
    else this.journal.append([JSON.stringify({ op: 'delivered', id, at } satisfies Op)], false);
    this.audit('outbox.delivered', { record: id, target: r.target, attempts: r.attempts });
  }

  markFailed(id: string, error: string): void {
    const r = this.mustGet(id);
    this.journal.append([JSON.stringify({ op: 'failed', id, at: this.clock.now(), error } satisfies Op)]);
    Object.assign(r, { state: 'failed', lastError: error, attempts: r.attempts + 1 });
    this.audit('outbox.failed', { record: id, target: r.target, error });
  }

  /** Drops every record older than the retention period, audits how many of each state went. */
  purgeExpired(): { pending: number; failed: number; delivered: number } {
    const cutoff = this.clock.now() - this.options.retentionMs;
    const gone = { pending: 0, failed: 0, delivered: 0 };
    const ops: string[] = [];
    for (const r of this.records.values()) {
      if (r.createdAt >= cutoff) continue;
      gone[r.state]++;
      ops.push(JSON.stringify({ op: 'forget', id: r.id } satisfies Op));
      this.records.delete(r.id);
    }
    if (ops.length > 0) {
      this.journal.append(ops);
      this.compact();
      this.rewriteDelivered();
      this.audit('outbox.purged', {
        pending: gone.pending, failed: gone.failed, delivered: gone.delivered, retentionHours: this.options.retentionMs / 3_600_000,
      });
    }
    return gone;
  }

  counts(): OutboxCounts {
    return countsOf(this.records.values(), this.clock.now());
  }

  /** Rewrites the journal as one snapshot per pending or failed record: delivered payloads and history vanish. */
  compact(): void {
    const live = [...this.records.values()].filter((r) => r.state !== 'delivered');
    if (live.length === 0) this.journal.truncateToHeader();
    else this.journal.rewrite(this.options.dir, live.map((record) => JSON.stringify({ op: 'snapshot', record } satisfies Op)));
    this.deadOps = 0;
  }

  private rewriteDelivered(): void {
    const stubs = [...this.records.values()]
      .filter((r) => r.state === 'delivered')
      .map((r) => JSON.stringify({ id: r.id, target: r.target, createdAt: r.createdAt, at: r.deliveredAt ?? r.createdAt, attempts: r.attempts } satisfies DeliveredStub));
    this.deliveredLog.rewrite(this.options.dir, stubs);
  }

  close(): void {
    this.journal.close();
    this.deliveredLog.close();
    this.unlock();
  }

  /** Audit failures must not stop deliveries; they are reported on stderr (no personal data in events). */
  private audit(type: string, data: AuditData): void {
    this.options.audit?.append(type, data).catch((e: unknown) => console.error(`audit ${type} not written: ${(e as Error).message}`));
  }

  private countPending(): number {
    let n = 0;
    for (const r of this.records.values()) if (r.state === 'pending') n++;
    return n;
  }

  private mustGet(id: string): OutboxRecord {
    const r = this.records.get(id);
    if (!r) throw new BackendError('INVALID_INPUT', `no outbox record ${id}`);
    return r;
  }
}
