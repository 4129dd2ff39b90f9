// The outbox when the disk fills up, through an injected fs layer: write(2) first writes part of a record
// (a short write), then fails with ENOSPC, as a full disk does. A visit submitted then is reported as not
// queued with a typed error; nothing acknowledged before is lost, the journal holds no torn record, and once
// space is back the outbox reopens cleanly and delivers. (Backend 500/timeouts/slow answers, restarts with
// queued items and kill -9 are covered in tests/unit/backends: outbox, outbox-crash, transport.)
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Fs from 'node:fs';

const disk = vi.hoisted(() => ({ full: false, shortWrites: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof Fs>();
  const enospc = (): Error => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
  const writeSync = ((fd: number, data: string | NodeJS.ArrayBufferView, ...rest: unknown[]): number => {
    if (!disk.full) return (real.writeSync as (...a: unknown[]) => number)(fd, data, ...rest);
    // The first write on a full disk gets part of its bytes down, like the last free blocks; then ENOSPC.
    if (disk.shortWrites === 0) {
      disk.shortWrites++;
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
      const offset = typeof rest[0] === 'number' && typeof data !== 'string' ? rest[0] : 0;
      const length = typeof rest[1] === 'number' && typeof data !== 'string' ? rest[1] : bytes.length - offset;
      return real.writeSync(fd, bytes, offset, Math.max(1, Math.floor(length / 2)));
    }
    throw enospc();
  }) as typeof real.writeSync;
  return { ...real, writeSync, default: { ...real, writeSync } };
});

const { BackendService } = await import('../../../electron/backends/backend-service.ts');
const { HospitalSimulator } = await import('../../../electron/backends/simulators/hospital-sim.ts');
const { OutboxStore } = await import('../../../electron/backends/outbox/outbox-store.ts');
const { StaticKeyProvider } = await import('../../../electron/backends/outbox/key-provider.ts');
const { BackendError } = await import('../../../electron/backends/errors.ts');
const { MemoryAuditSink } = await import('../../../electron/audit/audit-log.ts');
const { CITIZENS, demoCard } = await import('../backends/card-fixtures.ts');
const { FakeClock, KEY_ENV, OUTBOX_KEY_HEX, VERIFIED, tempDir, testConfig } = await import('../backends/harness.ts');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  disk.full = false;
  disk.shortWrites = 0;
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('outbox with the disk full', () => {
  it('a visit submitted on a full disk is not queued (typed error); what was queued before survives intact', async () => {
    const sim = new HospitalSimulator();
    const url = await sim.start();
    const dir = tempDir('kiosk-disk-full-');
    const config = testConfig(dir, { hospital: url });
    const clock = new FakeClock();
    let service = await BackendService.open({ config, env: KEY_ENV, audit: new MemoryAuditSink(), clock, startWorker: false, random: () => 1 });
    cleanups.push(async () => {
      await service.close();
      await sim.stop();
    });

    // Backend down: two visits are acknowledged as queued (durably written).
    await sim.setFault('down');
    const queued = [];
    for (const c of [CITIZENS.an, CITIZENS.ha]) {
      const r = await service.submitHospitalVisit({ card: demoCard(c), visitType: 'kham-benh', verification: VERIFIED });
      expect(r.status).toBe('queued');
      queued.push(r.id);
    }

    // Disk full: the third visit is refused with a typed error, not acknowledged.
    disk.full = true;
    const err = await service.submitHospitalVisit({ card: demoCard(CITIZENS.duc), visitType: 'kham-benh', verification: VERIFIED }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as InstanceType<typeof BackendError>).code).toBe('OUTBOX_UNWRITABLE');
    expect(disk.shortWrites).toBe(1); // the partial record did reach the file…
    expect(service.outboxCounts().pending.count).toBe(2);

    // A retry while the disk is still full (its bookkeeping cannot be written) neither throws nor loses a record.
    clock.advance(60_000);
    await service.worker.drain();
    expect(service.outboxCounts().pending.count).toBe(2);

    // Space is back: the journal reopens without corruption (…and was cut away), holding exactly the two.
    disk.full = false;
    await service.close();
    const reopened = await OutboxStore.inspect(config.outbox.dir, new StaticKeyProvider(new Uint8Array(Buffer.from(OUTBOX_KEY_HEX, 'hex'))));
    expect(reopened.pending.count).toBe(2);
    service = await BackendService.open({ config, env: KEY_ENV, audit: new MemoryAuditSink(), clock, startWorker: false, random: () => 1 });
    expect(service.worker ? service.outboxCounts().pending.count : 0).toBe(2);

    // The backend returns: both acknowledged visits are delivered, once each; a new visit goes through.
    await sim.setFault('none');
    clock.advance(10 * 60_000);
    await service.worker.drain();
    expect(service.outboxCounts()).toMatchObject({ pending: { count: 0 }, delivered: { count: 2 } });
    expect(sim.stats.commits).toBe(2);
    const after = await service.submitHospitalVisit({ card: demoCard(CITIZENS.duc), visitType: 'kham-benh', verification: VERIFIED });
    expect(after.status).toBe('delivered');
  });

  it('a delivery whose bookkeeping cannot be written is still reported, and resent (replayed) after restart', async () => {
    const sim = new HospitalSimulator();
    const url = await sim.start();
    const dir = tempDir('kiosk-disk-full-');
    const config = testConfig(dir, { hospital: url });
    const clock = new FakeClock();
    let service = await BackendService.open({ config, env: KEY_ENV, audit: new MemoryAuditSink(), clock, startWorker: false, random: () => 1 });
    cleanups.push(async () => {
      await service.close();
      await sim.stop();
    });
    await sim.setFault('down');
    const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED });
    expect(r.status).toBe('queued');
    await sim.setFault('none');
    disk.full = true;
    clock.advance(60_000);
    await service.worker.drain(); // delivered to the backend; the delivered mark cannot be written
    expect(sim.stats.commits).toBe(1);
    disk.full = false;
    await service.close();
    service = await BackendService.open({ config, env: KEY_ENV, audit: new MemoryAuditSink(), clock, startWorker: false, random: () => 1 });
    clock.advance(60_000);
    await service.worker.drain();
    expect(service.outboxCounts()).toMatchObject({ pending: { count: 0 }, delivered: { count: 1 } });
    // Same idempotency key: the backend replays its answer, no second admission.
    expect(sim.stats.commits).toBe(1);
  });
});
