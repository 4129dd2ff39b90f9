import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Encounter } from '@medplum/fhirtypes';
import { HospitalSimulator } from '../../../electron/backends/simulators/hospital-sim.ts';
import { CITIZENS } from './card-fixtures.ts';
import { KEY_ENV, tempDir } from './harness.ts';

const child = fileURLToPath(new URL('./outbox-child.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

function run(args: string[]): { proc: ChildProcess; output: Promise<{ code: number | null; signal: string | null; stdout: string }> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', child, ...args], { cwd: repoRoot, env: { ...process.env, ...KEY_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const output = new Promise<{ code: number | null; signal: string | null; stdout: string }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal, stdout: stdout + (code ? stderr : '') })),
  );
  return { proc, output };
}

describe('outbox across a kiosk crash', () => {
  const sim = new HospitalSimulator();
  afterAll(() => sim.stop());

  it('kill -9 between send and acknowledgement → delivered exactly once after restart', { timeout: 60_000 }, async () => {
    const url = await sim.start();
    const dir = tempDir();
    const configPath = join(dir, 'kiosk.json');
    writeFileSync(configPath, JSON.stringify({
      kioskId: 'kiosk-crash-01', locationId: 'kiosk-sanh-a',
      hospital: { baseUrl: url, timeoutMs: 30_000 },
      outbox: { dir: 'outbox', key: { kind: 'env', name: 'KIOSK_OUTBOX_KEY' }, backoff: { initialMs: 50, maxMs: 200, factor: 2 }, firstAttemptWaitMs: 30_000 },
      audit: { file: 'audit.jsonl' },
    }));
    const requestId = '5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f';

    // The backend commits the admission, then holds the answer; the kiosk dies while waiting for it.
    await sim.setFault('hang-after-commit');
    const first = run(['submit', configPath, requestId]);
    const committedKey = await new Promise<string>((resolve) => sim.once('committed', resolve));
    first.proc.kill('SIGKILL');
    const died = await first.output;
    expect(died.signal).toBe('SIGKILL');
    expect(died.stdout).not.toContain('unexpected answer');
    expect(committedKey).toBe(requestId); // the idempotency key the backend saw is the outbox record id
    expect(sim.stats.commits).toBe(1);

    // The kiosk restarts (stale lock taken over, record replayed from the journal) and resends.
    await sim.setFault('none');
    const second = run(['resume', configPath]);
    const done = await second.output;
    expect(done.code).toBe(0);
    const counts = JSON.parse(done.stdout.trim().split('\n').pop() ?? '{}');
    expect(counts).toMatchObject({ pending: { count: 0 }, failed: { count: 0 }, delivered: { count: 1 } });

    expect(sim.stats).toMatchObject({ commits: 1, replays: 1 });
    expect(await sim.patientsWithCccd(CITIZENS.an.idNumber)).toHaveLength(1);
    expect(await sim.all<Encounter>('Encounter')).toHaveLength(1);
  });
});
