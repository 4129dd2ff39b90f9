// A small sample of the fuzz job (tests/fuzz/targets.ts, full count in `npm run fuzz`): every outside-input
// parser on a few hundred hostile inputs, so a regression shows in the ordinary test run. FUZZ_SAMPLE_RUNS
// sets the total (default 4000); the seeds themselves must still parse, so the mutations start from real data.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSeeds, fuzzTargets, runTarget, runsByWeight, type FuzzTarget } from '../../fuzz/targets.ts';

const TOTAL = Number(process.env.FUZZ_SAMPLE_RUNS ?? 4000);
let targets: FuzzTarget[] = [];
let runs = new Map<string, number>();

beforeAll(async () => {
  targets = await fuzzTargets();
  runs = runsByWeight(targets, TOTAL, 50);
});

describe('fuzz sample: outside-input parsers throw only their typed errors', () => {
  it('covers every parser family of the fuzz job', () => {
    expect(targets.map((t) => t.name)).toEqual([
      'BER-TLV',
      'APDU responses and commands',
      'SecureMessaging.unprotectResponse',
      'MRZ',
      'CCCD QR',
      'DG1',
      'DG2 / CBEFF / 19794-5 / 39794-5',
      'DG13',
      'DG14 / EF.CardAccess / EF.COM',
      'DG15',
      'SOD / CMS',
      'CSCA master list',
      'CRL / certificates / trust files',
      'PACE responses',
      'BCBP / booking input',
      'FHIR transaction-response / coverage',
      'airline answers / card-read JSON',
      'chip read with one hostile answer',
    ]);
  });

  it('starts from genuine seeds that parse', async () => {
    expect(await checkSeeds()).toBeGreaterThan(0);
  });

  it('every target, sampled', async () => {
    const failures: string[] = [];
    for (const t of targets) {
      const r = await runTarget(t, runs.get(t.name) ?? 50);
      if (r.failure) failures.push(`${t.name}: ${r.failure}`);
    }
    expect(failures).toEqual([]);
  });
});
