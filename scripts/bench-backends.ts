// `npm run bench:backends`: throughput and latency of submissions through the outbox to the local
// simulators (127.0.0.1), the latency the outbox adds over a bare POST, and the time to empty a queue of
// 100 visits after a backend outage. Options: --n <submissions, default 300> --concurrency <default 8>
// --outage-seconds <default 60; real time> --queued <default 100>.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Bundle } from '@medplum/fhirtypes';
import { MemoryAuditSink } from '../electron/audit/audit-log.ts';
import { BackendService } from '../electron/backends/backend-service.ts';
import { buildAdmissionBundle } from '../electron/backends/hospital/admission-bundle.ts';
import { HospitalDeliverer } from '../electron/backends/hospital/hospital-client.ts';
import { validateAdmissionBundle } from '../electron/backends/hospital/validate-bundle.ts';
import { HospitalSimulator } from '../electron/backends/simulators/hospital-sim.ts';
import { AirlineSimulator } from '../electron/backends/simulators/airline-sim.ts';
import { HttpsTransport } from '../electron/backends/transport/https-transport.ts';
import { OutboxStore } from '../electron/backends/outbox/outbox-store.ts';
import { StaticKeyProvider } from '../electron/backends/outbox/key-provider.ts';
import { parseBackendConfig } from '../electron/config/backend-config.ts';
import type { CardReadResult } from '../electron/contract/card-read.ts';
import { CITIZENS, demoCard } from '../tests/unit/backends/card-fixtures.ts';

const { values: opt } = parseArgs({
  options: {
    n: { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '8' },
    'outage-seconds': { type: 'string', default: '60' },
    queued: { type: 'string', default: '100' },
  },
});
const N = Number(opt.n);
const CONCURRENCY = Number(opt.concurrency);
const OUTAGE_S = Number(opt['outage-seconds']);
const QUEUED = Number(opt.queued);
const env = { BENCH_OUTBOX_KEY: 'a5'.repeat(32) };
const verification = { consentId: 'bench', face: { result: 'match' as const, score: 0.8, threshold: 0.6 }, liveness: { result: 'pass' as const, score: 0.9 } };

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}
const ms = (x: number): string => `${x.toFixed(2)} ms`;

/** A distinct citizen per visit (12-digit CCCD from a counter) so the simulator does real work each time. */
function card(i: number): CardReadResult {
  const c = { ...CITIZENS.an, idNumber: String(1_000_000_000 + i).padStart(12, '0') };
  return demoCard(c);
}

function bundle(i: number): Bundle {
  return validateAdmissionBundle(
    buildAdmissionBundle({ card: card(i), visitType: 'kham-benh', verification, context: { requestId: randomUUID(), at: new Date().toISOString(), kioskId: 'bench', locationId: 'bench' } }),
  );
}

async function open(dir: string, urls: { hospital?: string; airport?: string }, firstAttemptWaitMs = 10_000): Promise<BackendService> {
  const config = parseBackendConfig(
    {
      kioskId: 'bench', locationId: 'bench',
      hospital: urls.hospital ? { baseUrl: urls.hospital, timeoutMs: 5_000 } : undefined,
      airport: urls.airport ? { baseUrl: urls.airport, timeoutMs: 5_000 } : undefined,
      outbox: { dir: join(dir, 'outbox'), key: { kind: 'env', name: 'BENCH_OUTBOX_KEY' }, firstAttemptWaitMs },
    },
    dir,
  );
  return BackendService.open({ config, env, audit: new MemoryAuditSink() });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-backends-'));
  const hospital = new HospitalSimulator();
  const airline = new AirlineSimulator();
  const hUrl = await hospital.start();
  const aUrl = await airline.start();
  console.log(`bench:backends — Node ${process.version}, simulators on 127.0.0.1, outbox in ${dir} (fsync per enqueue)`);

  // 1. Bare POST of prebuilt bundles (no outbox) vs the same through the outbox, sequential.
  const bundles = Array.from({ length: 2 * N + 20 }, (_, i) => bundle(i));
  console.log(`prepared ${bundles.length} bundles`);
  const transport = new HttpsTransport({ baseUrl: hUrl, tls: {}, oauth: null, timeoutMs: 5_000 });
  const bare = new HospitalDeliverer(transport);
  for (let i = 0; i < 20; i++) await bare.deliver(bundles[2 * N + i], randomUUID()); // warm-up
  const service = await open(dir, { hospital: hUrl, airport: aUrl });
  // Alternate bare and outbox submissions so drift on this shared machine hits both alike.
  const direct: number[] = [];
  const via: number[] = [];
  let viaTotal = 0;
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    const r = await bare.deliver(bundles[2 * i], randomUUID());
    direct.push(performance.now() - t);
    if (r.kind !== 'delivered') throw new Error(`bare POST failed: ${r.kind}`);
    t = performance.now();
    const o = await service.worker.submit('hospital', bundles[2 * i + 1]);
    const d = performance.now() - t;
    via.push(d);
    viaTotal += d;
    if (o.status !== 'delivered') throw new Error(`outbox submit: ${o.status}`);
  }
  transport.close();
  console.log(`\nhospital, sequential, ${N} visits each way (prebuilt, validated bundles; bare and outbox alternating):`);
  console.log(`  bare POST         p50 ${ms(pct(direct, 50))}  p99 ${ms(pct(direct, 99))}`);
  console.log(`  through outbox    p50 ${ms(pct(via, 50))}  p99 ${ms(pct(via, 99))}  → ${(N / (viaTotal / 1000)).toFixed(0)} submissions/s`);
  console.log(`  added by outbox   p50 ${ms(pct(via, 50) - pct(direct, 50))}  p99 ${ms(pct(via, 99) - pct(direct, 99))}`);

  // The outbox's own work per submission, no network: sealed fsync'ed enqueue, then delivered + compaction.
  const storeDir = mkdtempSync(join(tmpdir(), 'bench-store-'));
  const store = await OutboxStore.open({ dir: storeDir, keyProvider: new StaticKeyProvider(new Uint8Array(32).fill(5)), retentionMs: 3_600_000 });
  const enq: number[] = [];
  const del: number[] = [];
  for (let i = 0; i < N; i++) {
    let t = performance.now();
    const r = store.enqueue('hospital', bundles[i]);
    enq.push(performance.now() - t);
    t = performance.now();
    store.markDelivered(r.id);
    del.push(performance.now() - t);
  }
  store.close();
  rmSync(storeDir, { recursive: true, force: true });
  console.log(`  outbox work alone (no network, ${N} records of ${JSON.stringify(bundles[0]).length} B):`);
  console.log(`    enqueue (seal + append + fsync)            p50 ${ms(pct(enq, 50))}  p99 ${ms(pct(enq, 99))}`);
  console.log(`    delivered (stub append + journal emptied in place)  p50 ${ms(pct(del, 50))}  p99 ${ms(pct(del, 99))}`);

  // 2. Whole visits (build + validate + outbox + deliver), concurrent submitters, both backends.
  for (const target of ['hospital', 'airport'] as const) {
    const lat: number[] = [];
    const queued: string[] = [];
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < N) {
          const i = next++;
          const t = performance.now();
          const r =
            target === 'hospital'
              ? await service.submitHospitalVisit({ card: card(10_000 + i), visitType: 'kham-benh', verification })
              : await service.submitAirportCheckin({ card: demoCard(CITIZENS.an), booking: 'ABC123', verification });
          lat.push(performance.now() - t);
          if (r.status === 'queued') queued.push(r.lastError ?? '?');
          else if (r.status !== 'delivered') throw new Error(`${target} visit: ${r.status}`);
        }
      }),
    );
    const s = (performance.now() - t0) / 1000;
    console.log(`\n${target}, whole visits (build + validate + outbox + deliver), ${CONCURRENCY} concurrent, ${N} visits:`);
    console.log(`  ${(N / s).toFixed(0)} submissions/s   latency p50 ${ms(pct(lat, 50))}  p99 ${ms(pct(lat, 99))}`);
    if (queued.length) console.log(`  ${queued.length} answered "queued" at once (${[...new Set(queued)].join(', ')}), delivered by the retry loop`);
    while (service.outboxCounts().pending.count > 0) await new Promise((r) => setTimeout(r, 50));
  }
  await service.close();

  // 3. Outage: the hospital is down; QUEUED visits arrive and are queued; it comes back after OUTAGE_S.
  const outDir = mkdtempSync(join(tmpdir(), 'bench-outage-'));
  const outage = await open(outDir, { hospital: hUrl }, 0);
  await hospital.setFault('down');
  const down = performance.now();
  for (let i = 0; i < QUEUED; i++) {
    const r = await outage.submitHospitalVisit({ card: card(50_000 + i), visitType: 'kham-benh', verification });
    if (r.status !== 'queued') throw new Error(`expected queued, got ${r.status}`);
  }
  const queuedIn = performance.now() - down;
  const before = hospital.stats.requests;
  await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_S * 1000 - queuedIn)));
  await hospital.setFault('none');
  const up = performance.now();
  let firstDelivery = 0;
  while (outage.outboxCounts().pending.count > 0) {
    if (!firstDelivery && outage.outboxCounts().delivered.count > 0) firstDelivery = performance.now();
    await new Promise((r) => setTimeout(r, 10));
  }
  const done = performance.now();
  console.log(`\noutage: hospital down ${OUTAGE_S} s (real time), ${QUEUED} visits queued in ${(queuedIn / 1000).toFixed(2)} s`);
  console.log(`  backoff (default configuration) 1 s ×2, equal jitter, capped 15 s: one probe per step while down, so the wait after recovery is at most the cap`);
  console.log(`  recovery: first delivery ${((firstDelivery - up) / 1000).toFixed(2)} s after the backend returned; queue empty after ${((done - up) / 1000).toFixed(2)} s`);
  console.log(`  requests that reached the backend after it returned: ${hospital.stats.requests - before} for ${QUEUED} visits`);
  const counts = outage.outboxCounts();
  await outage.close();
  console.log(`  outbox after recovery: pending ${counts.pending.count}, failed ${counts.failed.count}, delivered ${counts.delivered.count}`);

  await hospital.stop();
  await airline.stop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
}

await main();
