// Retention with a fake clock: every outbox record — pending, failed or delivered — goes once it is older than
// the retention period, not a millisecond earlier, with one audit event; what went is gone from the disk
// (not only from memory), stays gone after a restart, and the periodic purge of the backend service runs
// without anyone calling it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import { OutboxStore } from '../../../electron/backends/outbox/outbox-store.ts';
import { SealedJournal } from '../../../electron/backends/outbox/sealed-journal.ts';
import { StaticKeyProvider } from '../../../electron/backends/outbox/key-provider.ts';
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { FakeClock, KEY_ENV, OUTBOX_KEY_HEX, tempDir, testConfig } from '../backends/harness.ts';

const KEY = new Uint8Array(Buffer.from(OUTBOX_KEY_HEX, 'hex'));
const keyProvider = new StaticKeyProvider(KEY);
const HOUR = 3_600_000;
const RETENTION = 72 * HOUR;

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  vi.useRealTimers();
});

/** Every decrypted line the outbox keeps on disk (journal and delivered stubs). */
function onDisk(dir: string): string {
  return [...SealedJournal.readRecords(join(dir, 'outbox.journal'), KEY, false), ...SealedJournal.readRecords(join(dir, 'delivered.journal'), KEY, false)].join('\n');
}

async function open(dir: string, clock: FakeClock, audit?: MemoryAuditSink): Promise<OutboxStore> {
  const store = await OutboxStore.open({ dir, keyProvider, retentionMs: RETENTION, clock, audit });
  closers.push(() => store.close());
  return store;
}

describe('outbox retention (fake clock)', () => {
  it('purges pending, failed and delivered records exactly when they pass the retention period', async () => {
    const dir = tempDir('kiosk-retention-');
    const clock = new FakeClock();
    const audit = new MemoryAuditSink();
    const store = await open(dir, clock, audit);

    const oldPending = store.enqueue('hospital', { marker: 'old-pending' });
    const oldFailed = store.enqueue('airport', { marker: 'old-failed' });
    const oldDelivered = store.enqueue('hospital', { marker: 'old-delivered' });
    store.recordRetry(oldPending.id, 'NETWORK', clock.now() + 5_000);
    store.markFailed(oldFailed.id, 'HTTP_STATUS');
    store.markDelivered(oldDelivered.id);
    clock.advance(10 * HOUR);
    const young = store.enqueue('hospital', { marker: 'young-pending' });
    const youngFailed = store.enqueue('airport', { marker: 'young-failed' });
    store.markFailed(youngFailed.id, 'HTTP_STATUS');
    expect(onDisk(dir)).toContain('old-failed');

    // One millisecond before the oldest records reach 72 h: nothing goes.
    clock.advance(RETENTION - 10 * HOUR - 1);
    expect(store.purgeExpired()).toEqual({ pending: 0, failed: 0, delivered: 0 });
    expect(audit.events.filter((e) => e.type === 'outbox.purged')).toHaveLength(0);

    clock.advance(2);
    expect(store.purgeExpired()).toEqual({ pending: 1, failed: 1, delivered: 1 });
    for (const r of [oldPending, oldFailed, oldDelivered]) expect(store.get(r.id), r.id).toBeUndefined();
    expect(store.get(young.id)?.state).toBe('pending');
    expect(store.get(youngFailed.id)?.state).toBe('failed');
    expect(store.counts()).toMatchObject({ pending: { count: 1 }, failed: { count: 1 }, delivered: { count: 0 } });
    expect(audit.events.filter((e) => e.type === 'outbox.purged').map((e) => e.data)).toEqual([{ pending: 1, failed: 1, delivered: 1, retentionHours: 72 }]);

    // Gone from the disk, not only from memory: no payload, no id, no delivered stub.
    const disk = onDisk(dir);
    for (const r of [oldPending, oldFailed, oldDelivered]) expect(disk, r.id).not.toContain(r.id);
    for (const m of ['old-pending', 'old-failed', 'old-delivered']) expect(disk, m).not.toContain(m);
    expect(disk).toContain('young-pending');
    expect(disk).toContain('young-failed');

    // The younger ones go when their own time comes.
    clock.advance(10 * HOUR);
    expect(store.purgeExpired()).toEqual({ pending: 1, failed: 1, delivered: 0 });
    expect(store.counts()).toMatchObject({ pending: { count: 0 }, failed: { count: 0 }, delivered: { count: 0 } });
    expect(onDisk(dir)).not.toMatch(/young-|old-/);
  });

  it('what was purged stays purged after a restart', async () => {
    const dir = tempDir('kiosk-retention-');
    const clock = new FakeClock();
    const store = await OutboxStore.open({ dir, keyProvider, retentionMs: RETENTION, clock });
    const a = store.enqueue('hospital', { marker: 'a' });
    const b = store.enqueue('airport', { marker: 'b' });
    store.markDelivered(b.id);
    clock.advance(RETENTION + 1);
    const c = store.enqueue('hospital', { marker: 'c' });
    expect(store.purgeExpired()).toEqual({ pending: 1, failed: 0, delivered: 1 });
    store.close();

    const again = await open(dir, clock);
    expect(again.get(a.id)).toBeUndefined();
    expect(again.get(b.id)).toBeUndefined();
    expect(again.get(c.id)).toMatchObject({ state: 'pending', payload: { marker: 'c' } });
    expect(await OutboxStore.inspect(dir, keyProvider, clock)).toEqual(again.counts());
  });

  it('a record whose time has passed while the kiosk was off is purged at start', async () => {
    const dir = tempDir('kiosk-retention-');
    const clock = new FakeClock();
    const audit = new MemoryAuditSink();
    const service = await BackendService.open({ config: testConfig(dir, { hospital: 'http://127.0.0.1:9' }), env: KEY_ENV, audit, clock, startWorker: false });
    const r = service.outbox.enqueue('hospital', { marker: 'left-behind' });
    await service.close();
    clock.advance(RETENTION + 1);
    const reopened = await BackendService.open({ config: testConfig(dir, { hospital: 'http://127.0.0.1:9' }), env: KEY_ENV, audit, clock, startWorker: false });
    closers.push(() => reopened.close());
    expect(reopened.outbox.get(r.id)).toBeUndefined();
    expect(audit.events.filter((e) => e.type === 'outbox.purged').map((e) => e.data)).toEqual([{ pending: 1, failed: 0, delivered: 0, retentionHours: 72 }]);
  });

  it('the running service purges on its own, every purge interval', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const dir = tempDir('kiosk-retention-');
    const clock = new FakeClock();
    const audit = new MemoryAuditSink();
    const service = await BackendService.open({ config: testConfig(dir, { hospital: 'http://127.0.0.1:9' }), env: KEY_ENV, audit, clock, startWorker: true, purgeEveryMs: 600_000 });
    closers.push(() => service.close());
    const r = service.outbox.enqueue('hospital', { marker: 'waits' });
    clock.advance(RETENTION + 1);
    expect(service.outbox.get(r.id)).toBeDefined();
    vi.advanceTimersByTime(600_000);
    expect(service.outbox.get(r.id)).toBeUndefined();
    expect(audit.events.some((e) => e.type === 'outbox.purged')).toBe(true);
  });
});
