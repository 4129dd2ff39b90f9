// `npm run soak`: many scripted visits through the real browser-kiosk host (electron/host/main.ts as a child
// process: emulated reader with the demo cards, hospital and airline simulators, the face engine), driven over
// the same WebSocket wire as the renderer, with mixed outcomes. Memory of the host is sampled after a forced
// GC (host runs under node --expose-gc with --test-hooks; the token-protected `memory` hook). Passes when,
// after the warm-up (first 10 % of the visits), RSS and the main heap stay within ±10 % of the first
// post-warm-up sample, every visit reached its expected outcome, every visit left nothing behind at attract
// (screen, staff facts, main-side visit data), every queued visit was delivered, and a privacy scan of the
// data folder, the host's captured stdout/stderr and its temp folder finds no demo citizen data or image.
// The hospital and airline simulators run in this process by default (the host gets them through --config),
// so the host's memory is the kiosk's own, not a simulated hospital filling up with admissions;
// SOAK_BACKENDS=in-host runs them inside the host as `npm run start:browser` does.
// Env: SOAK_VISITS (default 1000), SOAK_SEED (default 1), SOAK_SAMPLE_EVERY (default 25), SOAK_KEEP=1 keeps
// the temp folder. Exit 0 pass, 1 fail.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { scanPaths } from './privacy-scan.ts';
import { startDemoBackends, type DemoBackends } from '../electron/backends/simulators/demo-backends.ts';
import type { Fault } from '../electron/backends/simulators/sim-server.ts';
import { REPO_ROOT } from '../electron/checkin/kiosk-runtime.ts';
import type { ScreenStep } from '../electron/contract/view.ts';
import { framesOf } from '../tests/soak/frames.ts';
import { KioskClient } from '../tests/soak/kiosk-client.ts';
import {
  airport,
  backendFault,
  CANCEL_AT,
  cancel,
  cardPulled,
  checkClean,
  consentRefused,
  faceMismatch,
  hospitalOk,
  idleTimeout,
  type Outcome,
  type VisitContext,
} from '../tests/soak/visits.ts';

const PIN = '135790';
/** Step time limits scaled down so the idle-timeout visits cost seconds, not minutes (face step: 12 s). */
const TIMEOUT_SCALE = 0.2;
/** Per 1000 visits. Live face steps cost seconds of CPU; the rest are cheap. */
const MIX: [Outcome, number][] = [
  ['hospital-ok', 45],
  ['airport-pnr', 25],
  ['airport-bcbp', 15],
  ['face-mismatch', 15],
  ['card-pulled', 80],
  ['backend-fault', 80],
  ['consent-refused', 250],
  ['cancel', 485],
  ['idle-timeout', 5],
];

interface Memory {
  gc: boolean;
  rss: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
  face: { rss: number; heapUsed: number; wasmHeap: number; tensors: number } | null;
}

interface Sample {
  visit: number;
  m: Memory;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function schedule(n: number, random: () => number): Outcome[] {
  const total = MIX.reduce((s, [, w]) => s + w, 0);
  const out: Outcome[] = [];
  for (const [o, w] of MIX) for (let i = 0; i < Math.max(1, Math.round((w * n) / total)); i++) out.push(o);
  // Fisher–Yates with the seeded generator, trimmed or padded with cheap visits to exactly n.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  while (out.length < n) out.push('consent-refused');
  return out.slice(0, n);
}

const mb = (b: number): string => (b / 1048576).toFixed(1);

/** The configuration the host reads with --config: this process's simulators, the outbox in the data folder. */
function writeConfig(dir: string, dataDir: string, demo: DemoBackends): string {
  const file = join(dir, 'kiosk-config.json');
  const config = {
    kioskId: 'kiosk-soak-01',
    locationId: 'kiosk-sanh-a',
    hospital: demo.endpoints.hospital,
    airport: demo.endpoints.airport,
    outbox: {
      dir: join(dataDir, 'outbox'),
      key: { kind: 'env', name: 'KIOSK_OUTBOX_KEY' },
      retentionHours: 72,
      backoff: { initialMs: 1_000, maxMs: 5_000, factor: 2 },
      firstAttemptWaitMs: 300,
    },
    audit: { file: join(dataDir, 'audit.jsonl') },
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}

async function startHost(dir: string, demo: DemoBackends | null): Promise<{ child: ChildProcess; url: string; token: string; log: string }> {
  const dataDir = join(dir, 'data');
  const hostTmp = join(dir, 'tmp');
  mkdirSync(hostTmp, { recursive: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const configArgs = demo ? ['--config', writeConfig(dir, dataDir, demo)] : [];
  const log = join(dir, 'host.log');
  const logStream = createWriteStream(log);
  // tsx's compile cache would put transpiled copies of the repository's demo fixtures (source code with the
  // demo names) into the host's TMPDIR; a bundled kiosk has no such cache, so it is off here.
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      'electron/host/main.ts',
      '--no-open',
      '--test-hooks',
      '--synthetic-subject',
      '--no-realtime-link',
      '--pin',
      PIN,
      '--data-dir',
      dataDir,
      '--first-attempt-wait-ms',
      '300',
      '--timeout-scale',
      String(TIMEOUT_SCALE),
      ...configArgs,
    ],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'test', TMPDIR: hostTmp, TSX_DISABLE_CACHE: '1', KIOSK_OUTBOX_KEY: randomBytes(32).toString('hex') },
    },
  );
  child.stderr?.pipe(logStream);
  let out = '';
  const info = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('kiosk host did not start in 120 s (see host.log)')), 120_000);
    child.stdout?.on('data', (d: Buffer) => {
      logStream.write(d);
      out += d.toString();
      const m = /^KIOSK_READY (.*)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]) as { url: string; token: string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk host exited (${code}): ${readFileSync(log, 'utf8').slice(-2000)}`));
    });
  });
  return { child, ...info, log };
}

async function stopHost(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

async function main(): Promise<number> {
  const visits = Number(process.env.SOAK_VISITS ?? 1000);
  const seed = Number(process.env.SOAK_SEED ?? 1);
  const every = Number(process.env.SOAK_SAMPLE_EVERY ?? 25);
  if (!(Number.isInteger(visits) && visits > 0) || !(every > 0)) throw new Error('SOAK_VISITS and SOAK_SAMPLE_EVERY must be positive integers');
  const warmup = Math.max(1, Math.floor(visits / 10));
  const random = mulberry32(seed);
  const plan = schedule(visits, random);
  const dir = mkdtempSync(join(tmpdir(), 'kiosk-soak-'));
  console.log(`soak: ${visits} visits (seed ${seed}), warm-up ${warmup}, memory every ${every}; temp ${dir}`);

  const t0 = performance.now();
  // Frames are made in this process, before the host starts, so the two never compete for the cores.
  const faces = { duc: await framesOf('public-domain/biden/2.jpg'), an: await framesOf('public-domain/obama/1.jpg') };
  console.log(`frames ready (${faces.duc.live.length} per live clip) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const separate = (process.env.SOAK_BACKENDS ?? 'separate') !== 'in-host';
  const demo = separate ? await startDemoBackends() : null;
  console.log(`backend simulators: ${separate ? 'in the soak process' : 'inside the host'}`);
  const host = await startHost(dir, demo);
  const failures: string[] = [];
  const notes = new Map<string, number>();
  const counts = new Map<string, { n: number; ms: number }>();
  const samples: Sample[] = [];
  let c: KioskClient | null = null;
  let runMs = 0;
  let delivered = false;
  let outboxEnd: unknown = null;
  try {
    c = await KioskClient.connect(host);
    const face = await c.hook<{ ready: boolean; error: string | null }>('face');
    if (!face.ready) throw new Error(`face engine did not start: ${face.error}`);
    const client = c;
    const setFault = async (fault: Fault): Promise<void> => {
      if (demo) await demo.hospital.setFault(fault);
      else await client.hook('fault', { target: 'hospital', fault });
    };
    const x: VisitContext = { c, faces, pin: PIN, random, setFault, note: (e) => notes.set(e, (notes.get(e) ?? 0) + 1) };
    const faults = ['down', '500', 'slow'] as const;
    const idleLimit = 60_000;
    samples.push({ visit: 0, m: await c.hook<Memory>('memory') });
    const tRun = performance.now();
    for (let i = 0; i < visits; i++) {
      const outcome = plan[i];
      let label: string = outcome;
      const t = performance.now();
      try {
        switch (outcome) {
          case 'hospital-ok':
            await hospitalOk(x);
            break;
          case 'airport-pnr':
            await airport(x, 'pnr');
            break;
          case 'airport-bcbp':
            await airport(x, 'bcbp');
            break;
          case 'consent-refused':
            await consentRefused(x);
            break;
          case 'face-mismatch':
            await faceMismatch(x);
            break;
          case 'card-pulled':
            await cardPulled(x);
            break;
          case 'cancel': {
            const step: ScreenStep = CANCEL_AT[Math.floor(random() * CANCEL_AT.length)];
            label = `cancel@${step}`;
            await cancel(x, step);
            break;
          }
          case 'backend-fault': {
            const f = faults[Math.floor(random() * faults.length)];
            label = `backend-${f}`;
            await backendFault(x, f);
            break;
          }
          case 'idle-timeout':
            await idleTimeout(x, idleLimit);
            break;
        }
        await checkClean(x, outcome === 'idle-timeout' ? idleLimit : 30_000);
      } catch (e) {
        const msg = `visit ${i + 1} (${label}): ${e instanceof Error ? e.message : String(e)}`;
        failures.push(msg);
        console.error(`FAIL ${msg}`);
        // Put the kiosk back at attract for the next visit, as a person pressing Cancel would.
        await c.call('cancel', {}).catch(() => null);
        await setFault('none').catch(() => null);
        await c.waitFor((v) => v.screen.step === 'attract', 30_000, 'attract after a failure').catch(() => null);
        if (failures.length >= 20) throw new Error('20 visits failed: stopping');
      }
      const entry = counts.get(label) ?? { n: 0, ms: 0 };
      entry.n++;
      entry.ms += performance.now() - t;
      counts.set(label, entry);
      if ((i + 1) % every === 0 || i + 1 === warmup || i + 1 === visits) {
        const m = await c.hook<Memory>('memory');
        samples.push({ visit: i + 1, m });
        const el = (performance.now() - tRun) / 1000;
        console.log(`  ${String(i + 1).padStart(5)} visits  ${el.toFixed(0).padStart(5)} s  rss ${mb(m.rss)} MB  heap ${mb(m.heapUsed)} MB  face heap ${m.face ? mb(m.face.heapUsed) : '-'} MB  wasm ${m.face ? mb(m.face.wasmHeap) : '-'} MB  tensors ${m.face?.tensors ?? '-'}`);
      }
    }
    runMs = performance.now() - tRun;
    // Everything queued during the backend faults is delivered once the simulators answer again.
    const deadline = Date.now() + 90_000;
    for (;;) {
      outboxEnd = await c.hook<{ pending: { count: number }; failed: { count: number } }>('outbox');
      const o = outboxEnd as { pending: { count: number }; failed: { count: number } } | null;
      if (o && o.pending.count === 0) {
        delivered = o.failed.count === 0;
        break;
      }
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  } finally {
    await c?.close();
    await stopHost(host.child);
    await demo?.stop();
  }

  // ── report ───────────────────────────────────────────────────────────────────────────────────────────
  console.log('\nvisits per outcome');
  console.log('| outcome | visits | mean s |');
  console.log('|---|---:|---:|');
  for (const [k, v] of [...counts].sort()) console.log(`| ${k} | ${v.n} | ${(v.ms / v.n / 1000).toFixed(2)} |`);
  if (notes.size) {
    console.log('\nbeside the plan (not failures):');
    for (const [k, n] of notes) console.log(`  ${k}: ${n}`);
  }
  const base = samples.find((s) => s.visit >= warmup) ?? samples[samples.length - 1];
  const after = samples.filter((s) => s.visit >= base.visit);
  const drift = (pick: (m: Memory) => number): { base: number; max: number; min: number; end: number; pct: number } => {
    const b = pick(base.m);
    const vals = after.map((s) => pick(s.m));
    const max = Math.max(...vals);
    const min = Math.min(...vals);
    const pct = (Math.max(Math.abs(max - b), Math.abs(min - b)) / b) * 100;
    return { base: b, max, min, end: vals[vals.length - 1], pct };
  };
  const rss = drift((m) => m.rss);
  const heap = drift((m) => m.heapUsed);
  const faceHeap = base.m.face ? drift((m) => m.face?.heapUsed ?? 0) : null;
  const wasm = base.m.face ? drift((m) => m.face?.wasmHeap ?? 0) : null;
  console.log(`\nmemory of the host (after GC: ${base.m.gc ? 'yes' : 'NO'}; simulators ${separate ? 'outside it' : 'inside it'}), baseline at visit ${base.visit}, ${after.length} samples after it`);
  console.log('| measure | start | baseline | min | max | end | largest drift |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const row = (name: string, d: ReturnType<typeof drift>, start: number): void =>
    console.log(`| ${name} | ${mb(start)} MB | ${mb(d.base)} MB | ${mb(d.min)} MB | ${mb(d.max)} MB | ${mb(d.end)} MB | ${d.pct.toFixed(1)} % |`);
  row('host RSS (incl. face worker)', rss, samples[0].m.rss);
  row('host main heap', heap, samples[0].m.heapUsed);
  if (faceHeap) row('face worker heap', faceHeap, samples[0].m.face?.heapUsed ?? 0);
  if (wasm) row('face WASM heap', wasm, samples[0].m.face?.wasmHeap ?? 0);
  console.log(`\nduration: ${(runMs / 1000).toFixed(0)} s for ${visits} visits (${(runMs / visits).toFixed(0)} ms/visit); outbox at the end: ${JSON.stringify(outboxEnd)}`);

  const privacy = scanPaths([dir]);
  console.log(`privacy scan of ${dir} (data folder, host.log, host TMPDIR): ${privacy.files} files, ${privacy.findings.length} finding(s)`);
  for (const f of privacy.findings) console.log(`  ${f.file}:${f.offset}  ${f.kind}`);

  const problems: string[] = [];
  if (failures.length) problems.push(`${failures.length} visit(s) failed`);
  if (rss.pct > 10) problems.push(`RSS drift ${rss.pct.toFixed(1)} % > 10 %`);
  if (heap.pct > 10) problems.push(`heap drift ${heap.pct.toFixed(1)} % > 10 %`);
  if (!base.m.gc) problems.push('memory sampled without a forced GC');
  if (!delivered) problems.push('queued visits not all delivered');
  if (privacy.findings.length) problems.push('privacy scan found personal data or images');
  if (process.env.SOAK_KEEP !== '1') rmSync(dir, { recursive: true, force: true });
  console.log(problems.length ? `\nSOAK FAIL: ${problems.join('; ')}` : '\nSOAK PASS');
  return problems.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.stack ?? e.message : String(e));
    process.exit(1);
  },
);
