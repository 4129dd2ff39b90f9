// Fault injection: the outbox's disk fills up during a visit, seen through the whole kiosk (KioskCore on the
// emulated reader, the real BackendService and outbox, the hospital simulator down so every visit must be
// queued). The visit that cannot be written is not reported as queued: the person gets the contract's
// bilingual message and is sent to the staff desk, staff get a code, nothing of the visit stays in memory;
// the visit queued before the disk filled is not lost and is delivered once there is space and a backend.
// (The outbox store's own behaviour on a full disk: outbox-disk-full.test.ts.)
import { rmSync } from 'node:fs';
import type * as Fs from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';

const disk = vi.hoisted(() => ({ full: false, refused: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof Fs>();
  const writeSync = ((fd: number, ...rest: unknown[]): number => {
    if (disk.full) {
      disk.refused++;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    }
    return (real.writeSync as (...a: unknown[]) => number)(fd, ...rest);
  }) as typeof real.writeSync;
  return { ...real, writeSync, default: { ...real, writeSync } };
});

const { MemoryAuditSink } = await import('../../../electron/audit/audit-log.ts');
const { BackendService } = await import('../../../electron/backends/backend-service.ts');
const { HospitalSimulator } = await import('../../../electron/backends/simulators/hospital-sim.ts');
const { KIOSK_ERRORS } = await import('../../../electron/contract/errors.ts');
const { FakeClock, KEY_ENV, tempDir, testConfig } = await import('../backends/harness.ts');
const { AN_CARD, AN_KEY, EMPTY_RESIDUE, feedFrames, makeKiosk, toKey, until } = await import('./faults-harness.ts');

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  disk.full = false;
  disk.refused = 0;
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('outbox disk full, through the kiosk', () => {
  it('the visit that cannot be kept is told so (bilingual, to the desk); the one queued before is delivered later', async () => {
    const sim = new HospitalSimulator();
    const url = await sim.start();
    await sim.setFault('down');
    const dir = tempDir('kiosk-faults-disk-');
    const clock = new FakeClock();
    const service = await BackendService.open({ config: testConfig(dir, { hospital: url }), env: KEY_ENV, audit: new MemoryAuditSink(), clock, startWorker: false, random: () => 1 });
    const k = makeKiosk(service);
    cleanups.push(async () => {
      await k.core.close();
      await service.close();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    const visit = async (): Promise<void> => {
      await toKey(k.core);
      await k.core.call('submitAccessKey', AN_KEY);
      k.reader.tap(AN_CARD);
      await feedFrames(k.core, ['submitting', 'result', 'failed']);
    };

    // Backend down, disk fine: queued.
    await visit();
    const first = await until(k.core, (v) => v.screen.step === 'result' || v.screen.step === 'failed', 'first result', 15_000);
    expect(first.screen).toMatchObject({ step: 'result', result: { kind: 'queued', service: 'hospital' } });
    await k.core.call('finish', {});
    expect(service.outboxCounts().pending.count).toBe(1);

    // Disk full: the next visit cannot be written, so it is not acknowledged as queued.
    disk.full = true;
    await visit();
    const second = await until(k.core, (v) => v.screen.step === 'result' || v.screen.step === 'failed', 'second result', 15_000);
    expect(disk.refused).toBeGreaterThan(0);
    // A storage fault, named as one for staff (not "the system is not answering", which reads as the network).
    expect(second.screen).toEqual({ step: 'failed', error: 'STORAGE_UNAVAILABLE', canRetry: false, staffCanTakeOver: false });
    const text = KIOSK_ERRORS.STORAGE_UNAVAILABLE;
    expect(text.message.vi.length).toBeGreaterThan(0);
    expect(text.message.en.length).toBeGreaterThan(0);
    expect(text.action.vi).toMatch(/nhân viên/i);
    expect(text.staffCode).toBe('K-DEV-04');
    expect(k.audit.events.filter((e) => e.type === 'visit.submit-error').map((e) => e.data)).toEqual([{ service: 'hospital', code: 'STORAGE_UNAVAILABLE' }]);
    expect(service.outboxCounts().pending.count).toBe(1);
    await k.core.call('finish', {});
    expect(k.core.residue()).toEqual(EMPTY_RESIDUE);

    // Space and the backend are back: the visit acknowledged as queued is delivered; nothing was lost.
    disk.full = false;
    await sim.setFault('none');
    clock.advance(10 * 60_000);
    await service.worker.drain();
    expect(service.outboxCounts()).toMatchObject({ pending: { count: 0 }, failed: { count: 0 }, delivered: { count: 1 } });
    const encounters = await sim.repo.search({ resourceType: 'Encounter' } as Parameters<typeof sim.repo.search>[0]);
    expect(encounters.entry?.length ?? 0).toBe(1);

    // And the kiosk works again: a new visit gets its ticket.
    await visit();
    const third = await until(k.core, (v) => v.screen.step === 'result' || v.screen.step === 'failed', 'third result', 15_000);
    expect(third.screen).toMatchObject({ step: 'result', result: { kind: 'hospital-ticket' } });
  });
});
