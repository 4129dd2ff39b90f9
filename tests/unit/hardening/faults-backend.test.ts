// Fault injection at the backend, through the whole kiosk: a visit verified main-side (KioskCore, emulated
// reader, scripted face engine) is submitted through the real BackendService and outbox to the hospital
// simulator while it is down, answers 500, hangs after doing the work (a timeout), or is slow. Each time the
// person sees "queued" (their check-in is kept, staff are told), nothing of the visit stays in memory once
// they are done, and the outbox later delivers it exactly once. Then a restart of main with a queued item:
// the kiosk runtime is closed with the visit still in its outbox and reopened on the same data folder with the
// backend back: the item is delivered.
import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { HospitalSimulator } from '../../../electron/backends/simulators/hospital-sim.ts';
import type { Fault } from '../../../electron/backends/simulators/sim-server.ts';
import { EmulatedReader } from '../../../electron/checkin/card-reader.ts';
import { startKioskRuntime, type KioskRuntime } from '../../../electron/checkin/kiosk-runtime.ts';
import { FakeClock, KEY_ENV, tempDir, testConfig, until as poll } from '../backends/harness.ts';
import { AN_CARD, AN_KEY, EMPTY_RESIDUE, PIN, at, feedFrames, makeKiosk, toKey, until } from './faults-harness.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp(fault: Fault, slowMs?: number) {
  const sim = new HospitalSimulator();
  const url = await sim.start();
  if (slowMs !== undefined) sim.slowMs = slowMs;
  await sim.setFault(fault);
  const dir = tempDir('kiosk-faults-backend-');
  const clock = new FakeClock();
  // Request time limit 2 s, first attempt answered as "queued" after 1.5 s (harness defaults).
  const service = await BackendService.open({ config: testConfig(dir, { hospital: url }), env: KEY_ENV, audit: new MemoryAuditSink(), clock, startWorker: false, random: () => 1 });
  const k = makeKiosk(service);
  cleanups.push(async () => {
    await k.core.close();
    await service.close();
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { sim, service, clock, ...k };
}

/** Admissions the hospital holds (Encounters): `stats.commits` also counts the BHYT coverage lookups. */
async function admissions(sim: HospitalSimulator): Promise<number> {
  const found = await sim.repo.search({ resourceType: 'Encounter' } as Parameters<HospitalSimulator['repo']['search']>[0]);
  return found.entry?.length ?? 0;
}

async function visit(k: ReturnType<typeof makeKiosk>): Promise<void> {
  await toKey(k.core);
  await k.core.call('submitAccessKey', AN_KEY);
  k.reader.tap(AN_CARD);
  await feedFrames(k.core, 'submitting');
}

describe('backend faults during a visit', () => {
  for (const fault of ['down', '500', 'hang-after-commit'] as const) {
    it(`${fault}: the person is told the check-in is queued; it is delivered once the backend answers, exactly once`, async () => {
      const s = await setUp(fault);
      await visit(s);
      const r = await until(s.core, (v) => v.screen.step === 'result' || v.screen.step === 'failed', 'result', 15_000);
      expect(r.screen).toMatchObject({ step: 'result', result: { kind: 'queued', service: 'hospital', staffVerified: false } });
      expect(s.service.outboxCounts().pending.count).toBe(1);
      expect(s.audit.events.find((e) => e.type === 'visit.submitted')?.data).toMatchObject({ result: 'queued' });
      await s.core.call('finish', {});
      expect(s.core.residue()).toEqual(EMPTY_RESIDUE);

      // The first attempt is over (refused, 500, or timed out after the backend did the work).
      await s.service.worker.stop();
      expect(await admissions(s.sim)).toBe(fault === 'hang-after-commit' ? 1 : 0);
      await s.sim.setFault('none');
      s.clock.advance(10 * 60_000);
      await s.service.worker.drain();
      expect(s.service.outboxCounts()).toMatchObject({ pending: { count: 0 }, failed: { count: 0 }, delivered: { count: 1 } });
      // One admission in all: a timed-out attempt that had committed is replayed by its idempotency key.
      expect(await admissions(s.sim)).toBe(1);
    });
  }

  it('slow (answers after the first-attempt wait): queued on screen, and the same attempt then lands as delivered', async () => {
    const s = await setUp('slow', 1_800);
    await visit(s);
    const r = await until(s.core, at('result'), 'result', 15_000);
    expect(r.screen).toMatchObject({ result: { kind: 'queued', service: 'hospital' } });
    await poll(() => s.service.outboxCounts().delivered.count === 1, 15_000);
    expect(s.service.outboxCounts().pending.count).toBe(0);
    expect(await admissions(s.sim)).toBe(1);
  });

  it('slow but within the first-attempt wait: the ticket is shown', async () => {
    const s = await setUp('slow', 300);
    await visit(s);
    const r = await until(s.core, at('result'), 'result', 15_000);
    expect(r.screen).toMatchObject({ result: { kind: 'hospital-ticket', ticket: { number: expect.stringMatching(/^KB-/) as string } } });
    expect(s.service.outboxCounts().delivered.count).toBe(1);
  });
});

describe('main restarts with queued outbox items', () => {
  it('a visit queued while the backend is down is delivered by the next start of the kiosk on the same data folder', async () => {
    const dataDir = tempDir('kiosk-faults-restart-');
    const start = (): Promise<KioskRuntime> => startKioskRuntime({ dataDir, face: false, realtimeLink: false, staffPin: PIN, firstAttemptWaitMs: 200 });
    let rt = await start();
    cleanups.push(async () => {
      await rt.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const demo = rt.demo;
    if (!demo) throw new Error('no demo backends');
    await demo.hospital.setFault('down');
    const core = rt.core;
    await toKey(core);
    await core.call('submitAccessKey', AN_KEY);
    const reader = rt.reader;
    if (!(reader instanceof EmulatedReader)) throw new Error('the embedded default has the emulated reader');
    reader.tap(AN_CARD);
    // No face engine in this runtime: staff looks at the person and the card and approves.
    const failed = await until(core, at('failed'), 'failed', 15_000);
    expect(failed.screen).toMatchObject({ error: 'FACE_ENGINE_UNAVAILABLE', staffCanTakeOver: true });
    await core.call('staffLogin', { pin: PIN });
    await core.call('staffDecide', { decision: 'approve', reason: 'compared the card photo with the person' });
    const r = await until(core, at('result'), 'result', 15_000);
    expect(r.screen).toMatchObject({ step: 'result', result: { kind: 'queued', service: 'hospital', staffVerified: true } });
    expect(rt.backends?.outboxCounts().pending.count).toBe(1);

    // Main stops (its simulators with it) with the item still queued…
    await rt.close();
    // …and starts again on the same data folder; the (new) hospital backend is up.
    rt = await start();
    const backends = rt.backends;
    const hospital = rt.demo?.hospital;
    if (!backends || !hospital) throw new Error('no backends');
    expect(backends.outboxCounts().pending.count + backends.outboxCounts().delivered.count).toBe(1);
    await poll(() => backends.outboxCounts().delivered.count === 1, 20_000, 50);
    expect(backends.outboxCounts()).toMatchObject({ pending: { count: 0 }, failed: { count: 0 } });
    expect(await admissions(hospital)).toBe(1);
    // The new start holds no visit: attract, nothing in memory.
    expect(rt.core.view().screen.step).toBe('attract');
    expect(rt.core.residue()).toEqual(EMPTY_RESIDUE);
  }, 60_000);
});
