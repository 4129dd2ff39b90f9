// Retention with a fake clock: every outbox record — pending, failed or delivered — goes once it is older than
// the retention period, not a millisecond earlier, with one audit event; what went is gone from the disk
// (not only from memory), stays gone after a restart, and the periodic purge of the backend service runs
// without anyone calling it. The audit log rotates into segments that still form one verifiable chain, and
// segments past their retention are deleted (the live file never).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AuditLog, auditSegments, verifyAuditLog, type AuditEntry } from '../../../electron/audit/audit-log.ts';
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

const AUDIT_KEY = new Uint8Array(32).fill(0x5a);
const entriesOf = (file: string): AuditEntry[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as AuditEntry);

/** The segments and the live file, each verified against the one before it, and all of it as one chain. */
function verifyAll(path: string): { files: number; entries: number; ok: boolean } {
  const files = [...auditSegments(path), path];
  let start: { seq: number; hash: string } | undefined;
  let ok = true;
  let entries = 0;
  for (const f of files) {
    const r = verifyAuditLog(f, { key: AUDIT_KEY, expectStart: start });
    ok &&= r.ok;
    entries += r.entries;
    const last = entriesOf(f).at(-1);
    if (last) start = { seq: last.seq, hash: last.hash };
  }
  return { files: files.length, entries, ok };
}

describe('audit log rotation and retention (fake clock)', () => {
  it('rotates by size into segments that join into one chain, and deletes segments past retention', async () => {
    const dir = tempDir('kiosk-audit-retention-');
    const path = join(dir, 'audit.jsonl');
    let now = Date.UTC(2026, 10, 1, 8, 0, 0);
    const options = { key: AUDIT_KEY, now: () => new Date(now), rotateBytes: 2_000, retentionMs: 30 * 24 * HOUR };
    const log = await AuditLog.open(path, options);
    closers.push(() => log.close());
    for (let day = 0; day < 40; day++) {
      for (let i = 0; i < 4; i++) await log.append('visit.ended', { reason: 'finished', step: 'result' });
      now += 24 * HOUR;
    }
    const segments = auditSegments(path);
    expect(segments.length).toBeGreaterThan(3);
    // Each rotated file after the first opens with the rotation entry naming the segment before it.
    const first = entriesOf(path)[0];
    expect(first?.type).toBe('audit.rotated');
    expect(`audit.jsonl.${String(first?.data.lastSeq).padStart(12, '0')}`).toBe(basename(segments.at(-1) ?? ''));
    const whole = verifyAll(path);
    expect(whole.ok).toBe(true);

    // 40 days of events, 30 days kept: segments whose newest entry is older than 30 days are gone, with an event.
    const cutoff = now - 30 * 24 * HOUR;
    const before = auditSegments(path).length;
    const late = await log.purgeSegments(); // those that aged out since the last rotation's purge
    expect(auditSegments(path).length).toBe(before - late);
    const purged = [...auditSegments(path), path].flatMap(entriesOf).filter((e) => e.type === 'audit.segments-purged');
    expect(purged.length).toBeGreaterThan(0);
    for (const seg of auditSegments(path)) {
      expect(Date.parse(entriesOf(seg).at(-1)?.ts ?? ''), seg).toBeGreaterThanOrEqual(cutoff);
    }
    expect(existsSync(path)).toBe(true);
    // What is left still verifies: the oldest remaining segment starts with its rotation entry.
    expect(entriesOf(auditSegments(path)[0] ?? path)[0]?.type).toBe('audit.rotated');
    expect(verifyAll(path).ok).toBe(true);
  });

  it('keeps everything without a retention period, and rotates only when asked or full', async () => {
    const dir = tempDir('kiosk-audit-retention-');
    const path = join(dir, 'audit.jsonl');
    let now = Date.UTC(2026, 0, 1);
    const log = await AuditLog.open(path, { key: AUDIT_KEY, now: () => new Date(now) });
    closers.push(() => log.close());
    await log.append('a', {});
    const seg = await log.rotate();
    expect(seg).toBe(`${path}.000000000001`);
    now += 10 * 365 * 24 * HOUR;
    await log.append('b', {});
    expect(await log.purgeSegments()).toBe(0);
    expect(auditSegments(path)).toEqual([seg]);
    expect(entriesOf(path).map((e) => [e.seq, e.type])).toEqual([
      [2, 'audit.rotated'],
      [3, 'b'],
    ]);
    expect(verifyAll(path)).toEqual({ files: 2, entries: 3, ok: true });
  });

  it('a crash between closing a segment and starting the next one does not restart the chain', async () => {
    const dir = tempDir('kiosk-audit-retention-');
    const path = join(dir, 'audit.jsonl');
    const log = await AuditLog.open(path, { key: AUDIT_KEY });
    for (let i = 0; i < 3; i++) await log.append('visit.started', {});
    await log.close();
    renameSync(path, `${path}.000000000003`); // the rename happened, the new file's first entry did not
    const again = await AuditLog.open(path, { key: AUDIT_KEY });
    closers.push(() => again.close());
    await again.append('visit.started', {});
    expect(entriesOf(path).map((e) => [e.seq, e.type])).toEqual([
      [4, 'audit.rotated'],
      [5, 'visit.started'],
    ]);
    expect(verifyAll(path).ok).toBe(true);
  });

  it('a segment whose rotation entry was cut off, or that claims another start, does not verify', async () => {
    const dir = tempDir('kiosk-audit-retention-');
    const path = join(dir, 'audit.jsonl');
    const log = await AuditLog.open(path, { key: AUDIT_KEY });
    for (let i = 0; i < 3; i++) await log.append('visit.started', {});
    await log.rotate();
    for (let i = 0; i < 3; i++) await log.append('visit.ended', { reason: 'finished' });
    await log.close();
    expect(verifyAll(path).ok).toBe(true);
    const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
    writeFileSync(path, lines.slice(1).join('\n') + '\n');
    expect(verifyAuditLog(path, { key: AUDIT_KEY }).ok).toBe(false);
    // A rotation entry forged without the key does not hash.
    const forged = { ...(JSON.parse(lines[0] ?? '{}') as AuditEntry), seq: 1, prev: '0'.repeat(64) };
    writeFileSync(path, [JSON.stringify(forged), ...lines.slice(1)].join('\n') + '\n');
    expect(verifyAuditLog(path, { key: AUDIT_KEY }).problems.map((p) => p.reason)).toContain('hash-mismatch');
    // The real file against the wrong previous head: the start does not match.
    writeFileSync(path, lines.join('\n') + '\n');
    expect(verifyAuditLog(path, { key: AUDIT_KEY, expectStart: { seq: 2, hash: 'f'.repeat(64) } }).ok).toBe(false);
  });
});
