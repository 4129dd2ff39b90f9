// `npm run fuzz`: every outside-input parser (tests/fuzz/targets.ts) under fast-check at full count.
// FUZZ_RUNS (default 120000) is the total case count, split by each target's weight; FUZZ_SEED replays a run;
// FUZZ_ONLY=<substring> runs matching targets only. Exits 1 if any parser threw anything but its typed error.
import { fuzzTargets, runTarget, runsByWeight } from '../tests/fuzz/targets.ts';

const total = Number(process.env.FUZZ_RUNS ?? 120_000);
const seed = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);
const only = process.env.FUZZ_ONLY?.toLowerCase();
if (!Number.isInteger(total) || total < 1) {
  console.error('FUZZ_RUNS must be a positive integer');
  process.exit(64);
}

const started = performance.now();
const targets = (await fuzzTargets()).filter((t) => !only || t.name.toLowerCase().includes(only));
const runs = runsByWeight(targets, total);
console.log(`fuzz: ${targets.length} targets, ${total} cases requested, seed ${seed}`);
let cases = 0;
let failures = 0;
for (const t of targets) {
  const r = await runTarget(t, runs.get(t.name) ?? 0, seed);
  cases += r.runs;
  const rate = r.ms > 0 ? Math.round((r.runs * 1000) / r.ms) : r.runs;
  console.log(`${r.failure ? 'FAIL' : 'ok  '}  ${t.name.padEnd(38)} ${String(r.runs).padStart(7)} cases  ${String(r.ms).padStart(6)} ms  ${rate}/s`);
  if (r.failure) {
    failures++;
    console.log(`      ${r.failure}`);
  }
}
const secs = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${cases} cases in ${secs} s, ${failures} target(s) with an untyped failure`);
process.exit(failures > 0 ? 1 : 0);
