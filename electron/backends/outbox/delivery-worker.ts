// Drains the outbox: attempts due records one at a time per target, records retries with backoff, marks
// deliveries and refusals, and lets `submit` wait a short while for the first answer so the citizen sees a
// queue ticket or seat at once when the backend is up, and "queued" (staff informed) when it is not.
import type { BackoffConfig } from '../../config/backend-config.ts';
import { BackendError } from '../errors.ts';
import { backoffDelay } from './backoff.ts';
import type { Deliverer, DeliveryOutcome } from './delivery.ts';
import type { OutboxRecord, OutboxStore, OutboxTarget } from './outbox-store.ts';

export type SubmitResult<R> =
  | { status: 'delivered'; id: string; receipt: R }
  | { status: 'queued'; id: string; lastError: string | null }
  | { status: 'rejected'; id: string; error: string }
  /** The same id was submitted before and already delivered; its receipt is no longer at hand. */
  | { status: 'duplicate'; id: string };

export interface WorkerOptions {
  backoff: BackoffConfig;
  /** How long `submit` waits for the first attempt's answer before answering "queued". */
  firstAttemptWaitMs: number;
  /** How often the background loop looks for due records (real time). */
  pollMs?: number;
  random?: () => number;
}

interface Waiter {
  resolve: (r: SubmitResult<unknown>) => void;
}

export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private readonly inFlight = new Set<string>();
  private readonly running = new Set<Promise<boolean>>();
  /** Recent receipts (memory only, bounded) so a double submit of one visit gets the same answer. */
  private readonly receipts = new Map<string, { value: unknown }>();
  /** Per target: no attempts before this time (set by a failed attempt, cleared by an answer). */
  private readonly blockedUntil = new Map<OutboxTarget, number>();
  private readonly waiters = new Map<string, Waiter[]>();
  private draining: Promise<void> | null = null;
  private stopped = true;

  constructor(
    private readonly store: OutboxStore,
    private readonly deliverers: Partial<Record<OutboxTarget, Deliverer>>,
    private readonly options: WorkerOptions,
  ) {}

  /** Durably enqueues, attempts at once, and waits up to `firstAttemptWaitMs` for the outcome. */
  async submit<R>(target: OutboxTarget, payload: unknown, id?: string): Promise<SubmitResult<R>> {
    const record = this.store.enqueue(target, payload, id);
    if (record.state === 'delivered') {
      const receipt = this.receipts.get(record.id);
      return (receipt ? { status: 'delivered', id: record.id, receipt: receipt.value } : { status: 'duplicate', id: record.id }) as SubmitResult<R>;
    }
    if (record.state === 'failed') return { status: 'rejected', id: record.id, error: record.lastError ?? 'FAILED' };
    const outcome = new Promise<SubmitResult<unknown>>((resolve) => {
      const list = this.waiters.get(record.id) ?? [];
      list.push({ resolve });
      this.waiters.set(record.id, list);
    });
    void this.attempt(record);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<SubmitResult<unknown>>((resolve) => {
      timer = setTimeout(() => {
        const r = this.store.get(record.id);
        resolve({ status: 'queued', id: record.id, lastError: r?.lastError ?? null });
      }, this.options.firstAttemptWaitMs);
    });
    const result = await Promise.race([outcome, timeout]);
    clearTimeout(timer);
    return result as SubmitResult<R>;
  }

  /** Starts the background loop (real timers). */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = (): void => {
      if (this.stopped) return;
      void this.drain().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs ?? 250);
      });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining;
    await Promise.all(this.running);
  }

  /**
   * Attempts due records, oldest first, per target until one fails or none is due. A failure blocks its
   * target until that record's next attempt (one probe per backoff step while a backend is down, not one per
   * record); a success unblocks it and makes every pending record of that target due (the backend is back).
   */
  drain(): Promise<void> {
    this.draining ??= (async () => {
      try {
        const targets = new Set(this.store.due().map((r) => r.target));
        await Promise.all([...targets].map((t) => this.drainTarget(t)));
      } finally {
        this.draining = null;
      }
    })();
    return this.draining;
  }

  private async drainTarget(target: OutboxTarget): Promise<void> {
    for (;;) {
      if ((this.blockedUntil.get(target) ?? 0) > this.store.now()) return;
      const next = this.store.due().find((r) => r.target === target && !this.inFlight.has(r.id));
      if (!next) return;
      if (!(await this.attempt(next))) return;
    }
  }

  /** One attempt; true if the backend answered (delivered or refused), false if it should be retried. */
  private attempt(record: OutboxRecord): Promise<boolean> {
    const p = this.attemptOnce(record);
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
    return p;
  }

  private async attemptOnce(record: OutboxRecord): Promise<boolean> {
    if (this.inFlight.has(record.id) || record.state !== 'pending') return record.state !== 'pending';
    const deliverer = this.deliverers[record.target];
    if (!deliverer) return false;
    this.inFlight.add(record.id);
    let outcome: DeliveryOutcome;
    try {
      outcome = await deliverer.deliver(record.payload, record.id);
    } catch {
      outcome = { kind: 'retry', error: 'DELIVERER_THREW' };
    } finally {
      this.inFlight.delete(record.id);
    }
    if (outcome.kind !== 'retry' && this.blockedUntil.has(record.target)) {
      this.blockedUntil.delete(record.target);
      this.store.expedite(record.target);
    }
    if (outcome.kind === 'delivered') {
      this.note(() => this.store.markDelivered(record.id));
      this.receipts.set(record.id, { value: outcome.receipt });
      if (this.receipts.size > 64) this.receipts.delete(this.receipts.keys().next().value as string);
      this.settle(record.id, { status: 'delivered', id: record.id, receipt: outcome.receipt });
      return true;
    }
    if (outcome.kind === 'rejected') {
      this.note(() => this.store.markFailed(record.id, outcome.error));
      this.settle(record.id, { status: 'rejected', id: record.id, error: outcome.error });
      return true;
    }
    const delay = backoffDelay(record.attempts + 1, this.options.backoff, this.options.random);
    this.note(() => this.store.recordRetry(record.id, outcome.error, this.nowPlus(delay)));
    this.blockedUntil.set(record.target, Math.max(this.blockedUntil.get(record.target) ?? 0, this.nowPlus(delay)));
    // Whoever waits on this submission learns now that it is queued, rather than at the end of the wait.
    this.settle(record.id, { status: 'queued', id: record.id, lastError: outcome.error });
    return false;
  }

  /**
   * An outcome whose bookkeeping cannot be written (disk full) must not crash the loop or lose the record:
   * memory keeps it as it stands, and after a restart it is at worst sent again under its idempotency key.
   */
  private note(write: () => void): void {
    try {
      write();
    } catch (e) {
      if (!(e instanceof BackendError)) throw e;
      console.error(`outbox: ${e.code}: ${e.message}`);
    }
  }

  private nowPlus(ms: number): number {
    // The store's clock decides due times, so a fake clock in tests moves retries too.
    return this.store.now() + ms;
  }

  private settle(id: string, result: SubmitResult<unknown>): void {
    for (const w of this.waiters.get(id) ?? []) w.resolve(result);
    this.waiters.delete(id);
  }
}
