import { describe, it, expect, afterEach } from 'vitest';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Encounter } from '@medplum/fhirtypes';
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { HospitalSimulator } from '../../../electron/backends/simulators/hospital-sim.ts';
import { OutboxStore } from '../../../electron/backends/outbox/outbox-store.ts';
import { StaticKeyProvider } from '../../../electron/backends/outbox/key-provider.ts';
import { backoffDelay } from '../../../electron/backends/outbox/backoff.ts';
import { BackendError } from '../../../electron/backends/errors.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { CITIZENS, demoCard } from './card-fixtures.ts';
import { FakeClock, KEY_ENV, OUTBOX_KEY_HEX, VERIFIED, outboxBytes, tempDir, testConfig } from './harness.ts';

const key = new StaticKeyProvider(new Uint8Array(Buffer.from(OUTBOX_KEY_HEX, 'hex')));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(clock?: FakeClock): Promise<{ sim: HospitalSimulator; service: BackendService; audit: MemoryAuditSink; dir: string }> {
  const sim = new HospitalSimulator();
  const url = await sim.start();
  const dir = tempDir();
  const audit = new MemoryAuditSink();
  // The background loop stays off: the tests drive attempts with drain() and move the fake clock.
  const service = await BackendService.open({ config: testConfig(dir, { hospital: url }), env: KEY_ENV, audit, clock, startWorker: false, random: () => 1 });
  cleanups.push(async () => {
    await service.close();
    await sim.stop();
  });
  return { sim, service, audit, dir };
}

function code(e: unknown): string {
  return e instanceof BackendError ? e.code : String(e);
}

describe('outbox', () => {
  it('backend down for the whole submission → queued durably; delivered once it returns, after backoff', async () => {
    const clock = new FakeClock();
    const { sim, service } = await setup(clock);
    await sim.setFault('down');
    const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED });
    expect(r).toMatchObject({ status: 'queued', lastError: 'NETWORK' });
    expect(service.outboxCounts().pending).toMatchObject({ count: 1, maxAttempts: 1 });

    // Still down: a due retry fails again and backs off further (1 s, then 2 s with jitter at its maximum).
    clock.advance(1_000);
    await service.worker.drain();
    expect(service.outboxCounts().pending).toMatchObject({ count: 1, maxAttempts: 2 });

    await sim.setFault('none');
    await service.worker.drain(); // not due yet: nothing is sent
    expect(sim.stats.requests).toBe(0);
    clock.advance(2_000);
    await service.worker.drain();
    expect(service.outboxCounts()).toMatchObject({ pending: { count: 0 }, delivered: { count: 1 } });
    expect(sim.stats.commits).toBe(1);
    expect(await sim.patientsWithCccd(CITIZENS.an.idNumber)).toHaveLength(1);
  });

  it('answer lost after commit (drop after commit) → the retry is replayed, not a duplicate', async () => {
    const clock = new FakeClock();
    const { sim, service } = await setup(clock);
    await sim.setFault('drop-after-commit');
    const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.ha), visitType: 'kham-benh', verification: VERIFIED });
    expect(r.status).toBe('queued');
    expect(sim.stats.commits).toBe(1);
    await sim.setFault('none');
    clock.advance(60_000);
    await service.worker.drain();
    expect(service.outboxCounts().delivered.count).toBe(1);
    // The transport resends once at once on a reset connection, the outbox again later: both are replays.
    expect(sim.stats.commits).toBe(1);
    expect(sim.stats.replays).toBe(2);
    expect(await sim.all<Encounter>('Encounter')).toHaveLength(1);
  });

  it('500s and slow answers are retried; a 4xx refusal is failed for staff and not retried', async () => {
    const clock = new FakeClock();
    const { sim, service, audit } = await setup(clock);
    await sim.setFault('500');
    const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.duc), visitType: 'kham-benh', verification: VERIFIED });
    expect(r).toMatchObject({ status: 'queued', lastError: 'HTTP_500' });
    await sim.setFault('none');
    clock.advance(60_000);
    await service.worker.drain();
    expect(service.outboxCounts().delivered.count).toBe(1);

    const bad = { resourceType: 'Bundle', type: 'transaction', entry: [] };
    expect((await service.worker.submit('hospital', bad)).status).toBe('rejected');
    clock.advance(3_600_000);
    const before = sim.stats.requests;
    await service.worker.drain();
    expect(sim.stats.requests).toBe(before);
    expect(service.outboxCounts().failed.count).toBe(1);
    expect(audit.events.map((e) => e.type)).toContain('outbox.failed');
  });

  it('while a backend is down, one probe per backoff step; when it answers, the whole queue is flushed', async () => {
    const clock = new FakeClock();
    const { sim, service } = await setup(clock);
    await sim.setFault('down');
    for (const c of [CITIZENS.an, CITIZENS.ha, CITIZENS.duc]) {
      expect((await service.submitHospitalVisit({ card: demoCard(c), visitType: 'kham-benh', verification: VERIFIED })).status).toBe('queued');
    }
    await sim.setFault('500'); // now countable: every request that reaches the backend
    clock.advance(1_000);
    await service.worker.drain();
    expect(sim.stats.requests).toBe(1);
    await service.worker.drain(); // blocked until the probe's next step
    expect(sim.stats.requests).toBe(1);
    await sim.setFault('none');
    clock.advance(2_000);
    await service.worker.drain();
    expect(service.outboxCounts()).toMatchObject({ pending: { count: 0 }, delivered: { count: 3 } });
    expect(sim.stats.requests).toBe(4);
  });

  it('the outbox files never hold the ID number or the name in plain text, queued or delivered', async () => {
    const { sim, service, dir } = await setup(new FakeClock());
    await sim.setFault('down');
    const card = demoCard(CITIZENS.ha);
    await service.submitHospitalVisit({ card, visitType: 'kham-benh', verification: VERIFIED });
    const outboxDir = join(dir, 'outbox');
    const secrets = [CITIZENS.ha.idNumber, CITIZENS.ha.fullName, 'Đặng', 'DANG', 'THI THU HA', CITIZENS.ha.idNumber.slice(3), '1986-11-02', 'Lê Lợi'];
    const check = (): void => {
      const bytes = outboxBytes(outboxDir);
      expect(bytes.length).toBeGreaterThan(200);
      for (const s of secrets) {
        expect(bytes).not.toContain(s);
        expect(bytes).not.toContain(Buffer.from(s, 'utf8').toString('latin1'));
        expect(bytes).not.toContain(Buffer.from(s, 'utf8').toString('base64'));
      }
    };
    check();
    // Sanity: the same check does find the number when it is there in plain text.
    expect(readFileSync(join(outboxDir, 'outbox.journal'), 'latin1')).not.toContain('"idNumber"');
  });

  it('purges expired records after the retention period with an audit event (fake clock)', async () => {
    const clock = new FakeClock();
    const { sim, service, audit } = await setup(clock);
    await sim.setFault('down');
    await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED });
    await sim.setFault('none');
    clock.advance(1_000);
    await service.submitHospitalVisit({ card: demoCard(CITIZENS.ha), visitType: 'kham-benh', verification: VERIFIED });
    clock.advance(71 * 3_600_000);
    expect(service.outbox.purgeExpired()).toEqual({ pending: 0, failed: 0, delivered: 0 });
    expect(service.outboxCounts().pending.oldestAgeSeconds).toBe(71 * 3600 + 1);
    clock.advance(3_600_000 + 1_000);
    expect(service.outbox.purgeExpired()).toEqual({ pending: 1, failed: 0, delivered: 1 });
    expect(service.outboxCounts()).toMatchObject({ pending: { count: 0 }, delivered: { count: 0 } });
    expect(audit.events.find((e) => e.type === 'outbox.purged')?.data).toEqual({ pending: 1, failed: 0, delivered: 1, retentionHours: 72 });
  });

  it('survives reopening: pending records come back, delivered ones are only counted', async () => {
    const dir = tempDir();
    const clock = new FakeClock();
    const store = await OutboxStore.open({ dir, keyProvider: key, retentionMs: 3_600_000, clock });
    const a = store.enqueue('hospital', { n: 1 });
    const b = store.enqueue('airport', { n: 2 });
    store.recordRetry(a.id, 'NETWORK', clock.now() + 5_000);
    store.markDelivered(b.id);
    store.close();
    const again = await OutboxStore.open({ dir, keyProvider: key, retentionMs: 3_600_000, clock });
    expect(again.get(a.id)).toMatchObject({ state: 'pending', attempts: 1, payload: { n: 1 }, lastError: 'NETWORK' });
    expect(again.get(b.id)).toMatchObject({ state: 'delivered', payload: null });
    expect(await OutboxStore.inspect(dir, key, clock)).toEqual(again.counts());
    again.close();
  });

  it('cuts a torn last record, refuses a wrong key and a tampered record, and a second live writer', async () => {
    const dir = tempDir();
    const store = await OutboxStore.open({ dir, keyProvider: key, retentionMs: 3_600_000 });
    store.enqueue('hospital', { n: 1 });
    store.enqueue('hospital', { n: 2 });
    await expect(OutboxStore.open({ dir, keyProvider: key, retentionMs: 1 }).catch((e: unknown) => Promise.reject(new Error(code(e))))).rejects.toThrow('OUTBOX_LOCKED');
    store.close();
    const file = join(dir, 'outbox.journal');
    appendFileSync(file, 'AAAAAAAAAAAAAAAA.torn-by-power-lo');
    const reopened = await OutboxStore.open({ dir, keyProvider: key, retentionMs: 3_600_000 });
    expect(reopened.counts().pending.count).toBe(2);
    reopened.close();

    const wrong = new StaticKeyProvider(new Uint8Array(32).fill(1));
    await expect(OutboxStore.open({ dir, keyProvider: wrong, retentionMs: 1 }).catch((e: unknown) => Promise.reject(new Error(code(e))))).rejects.toThrow('OUTBOX_CORRUPT');

    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1].slice(0, 20) + (lines[1][20] === 'A' ? 'B' : 'A') + lines[1].slice(21);
    writeFileSync(file, lines.join('\n'));
    await expect(OutboxStore.open({ dir, keyProvider: key, retentionMs: 1 }).catch((e: unknown) => Promise.reject(new Error(code(e))))).rejects.toThrow('OUTBOX_CORRUPT');
  });

  it('backs off exponentially with equal jitter, capped', () => {
    const cfg = { initialMs: 1_000, maxMs: 60_000, factor: 2 };
    expect([1, 2, 3, 4, 10].map((n) => backoffDelay(n, cfg, () => 1))).toEqual([1_000, 2_000, 4_000, 8_000, 60_000]);
    expect(backoffDelay(3, cfg, () => 0)).toBe(2_000);
  });
});
