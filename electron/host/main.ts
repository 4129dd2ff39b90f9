// `npm run start:browser`: the kiosk on the embedded default (emulated reader with the demo cards, local
// hospital and airline simulators, the face engine) served to any Chromium on 127.0.0.1. Prints the kiosk URL
// (with this run's token) and the staff PIN, and opens the URL when a desktop is available.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChallengeStep } from '../contract/guidance.ts';
import type { ServiceKind } from '../contract/view.ts';
import type { Fault } from '../backends/simulators/sim-server.ts';
import { REPO_ROOT, startKioskRuntime, type RuntimeOptions } from '../checkin/kiosk-runtime.ts';
import { loadBackendConfig, type ReaderConfig } from '../config/backend-config.ts';
import { DEFAULT_POLICY, type VisitPolicy } from '../checkin/visit-machine.ts';
import { startHost, type TestHook } from './host-server.ts';

const USAGE = `usage: start:browser [--port N] [--data-dir DIR] [--no-open] [--services hospital,airport] [--pin 123456]
                     [--cards-dir DIR] [--synthetic-subject] [--test-hooks] [--reader emulated|pcsc] [--reader-name PART] [--no-realtime-link]
                     [--config FILE]
  --config FILE: the backends, outbox and audit from a configuration file instead of the local simulators.
  --test-hooks adds token-protected GET /__test/<name> requests for automated tests (residue, outbox, fault,
  stats, face, memory: process and face-worker memory after a GC when node runs with --expose-gc). Off by
  default; never for a kiosk facing people.`;

/**
 * The fake-camera profile for automated tests: the test clip is a still photo warped into head turns, which
 * the landmark net reads as at most ~12–15° of yaw and cannot make blink. So the challenge is the two turns at
 * a 8° threshold; and since the looping clip turns both ways whatever it is asked, it may turn the wrong way
 * more often than a person following the prompt. Never for a kiosk facing people: it weakens the
 * presentation-attack check (a still photo still fails: identical frames).
 */
const SYNTHETIC_SUBJECT: Pick<RuntimeOptions, 'challenge' | 'liveness'> = {
  challenge: ['TURN_LEFT', 'TURN_RIGHT'] satisfies ChallengeStep[],
  liveness: { turnDegrees: 8, wrongTurnsAllowed: 4 },
};

/** --reader pcsc [--reader-name PART]: a PC/SC reader (the first whose name contains PART); default the emulated one. */
function readerOption(kind: string | undefined, name: string | undefined): ReaderConfig | undefined {
  if (kind === undefined) return name === undefined ? undefined : { kind: 'pcsc', name };
  if (kind === 'emulated' && name === undefined) return { kind: 'emulated' };
  if (kind === 'pcsc') return { kind: 'pcsc', name };
  throw new Error('--reader: emulated or pcsc (--reader-name goes with pcsc)');
}

function scaledTimeouts(f: number): Partial<VisitPolicy> {
  if (!(f > 0)) throw new Error('--timeout-scale must be a positive number');
  const steps = Object.fromEntries(Object.entries(DEFAULT_POLICY.stepTimeoutMs).map(([k, ms]) => [k, Math.round(ms * f)]));
  return { stepTimeoutMs: steps, moreTimePromptMs: Math.round(DEFAULT_POLICY.moreTimePromptMs * f) };
}

function openBrowser(url: string): void {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  for (const cmd of ['xdg-open', 'chromium']) {
    if (!['/usr/bin/', '/usr/local/bin/'].some((d) => existsSync(d + cmd))) continue;
    const p = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    p.on('error', () => undefined);
    p.unref();
    return;
  }
}

async function main(): Promise<void> {
  const { values: v } = parseArgs({
    options: {
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      'no-open': { type: 'boolean', default: false },
      services: { type: 'string' },
      pin: { type: 'string' },
      'cards-dir': { type: 'string' },
      'synthetic-subject': { type: 'boolean', default: false },
      'test-hooks': { type: 'boolean', default: false },
      'first-attempt-wait-ms': { type: 'string' },
      'no-face': { type: 'boolean', default: false },
      reader: { type: 'string' },
      'reader-name': { type: 'string' },
      /** Backends, outbox and audit from a configuration file (electron/config) instead of the simulators. */
      config: { type: 'string' },
      /** Answer APDUs at once instead of modelling the contactless link's speed (soak runs). */
      'no-realtime-link': { type: 'boolean', default: false },
      /** Multiply every step's time limit (tests of the idle wipe use a small factor). */
      'timeout-scale': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (v.help) {
    console.error(USAGE);
    return;
  }
  const staticDir = join(REPO_ROOT, 'out', 'renderer');
  if (!existsSync(join(staticDir, 'index.html'))) {
    console.error('The renderer is not built: run `npm run build:renderer` (start:browser does it for you).');
    process.exitCode = 1;
    return;
  }
  const services = v.services ? (v.services.split(',').map((s) => s.trim()) as ServiceKind[]) : undefined;
  if (services && !services.every((s) => s === 'hospital' || s === 'airport')) throw new Error('--services: hospital and/or airport');

  const runtime = await startKioskRuntime({
    dataDir: v['data-dir'] ?? join(REPO_ROOT, '.kiosk-data'),
    cardsDir: v['cards-dir'],
    services,
    staffPin: v.pin,
    firstAttemptWaitMs: v['first-attempt-wait-ms'] ? Number(v['first-attempt-wait-ms']) : undefined,
    face: !v['no-face'],
    reader: readerOption(v.reader, v['reader-name']),
    realtimeLink: !v['no-realtime-link'],
    ...(v.config ? { backends: loadBackendConfig(v.config) } : {}),
    visitPolicy: v['timeout-scale'] ? scaledTimeouts(Number(v['timeout-scale'])) : undefined,
    ...(v['synthetic-subject'] ? SYNTHETIC_SUBJECT : {}),
  });

  const hooks: Record<string, TestHook> | undefined = v['test-hooks']
    ? {
        residue: () => runtime.core.residue(),
        outbox: () => runtime.backends?.outboxCounts() ?? null,
        fault: (q) => {
          const target = q.get('target') === 'airline' ? runtime.demo?.airline : runtime.demo?.hospital;
          if (!target) throw new Error('no simulator');
          return target.setFault((q.get('fault') ?? 'none') as Fault).then(() => ({ fault: target.fault }));
        },
        stats: () => ({ hospital: runtime.demo?.hospital.stats ?? null, airline: runtime.demo?.airline.stats ?? null }),
        face: async () => {
          await runtime.faceReady;
          return { ready: runtime.faceError === null, error: runtime.faceError };
        },
        // For the soak run: memory after a full GC (node --expose-gc), the face worker's own figures.
        memory: async () => {
          const gc = (globalThis as { gc?: () => void }).gc;
          if (gc) {
            gc();
            gc();
          }
          const m = process.memoryUsage();
          const face = runtime.face && runtime.faceError === null ? await runtime.face.memory().catch(() => null) : null;
          return { gc: gc !== undefined, rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers, face };
        },
      }
    : undefined;

  const host = await startHost({ api: runtime.core, staticDir, port: v.port ? Number(v.port) : 0, testHooks: hooks });
  // The operator reads these on stdout; the last line is for scripts and tests.
  const out = (line: string): boolean => process.stdout.write(line + '\n');
  out(`Kiosk (browser) running at ${host.kioskUrl}`);
  out(runtime.staffPin ? `Staff PIN for this run: ${runtime.staffPin}` : 'Staff PIN: as configured');
  out(`KIOSK_READY ${JSON.stringify({ url: host.url, kioskUrl: host.kioskUrl, token: host.token, pin: runtime.staffPin })}`);
  if (!v['no-open']) openBrowser(host.kioskUrl);

  void runtime.faceReady.then(() => {
    if (runtime.faceError) console.error(`face engine not available: ${runtime.faceError}`);
  });

  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void host
      .close()
      .then(() => runtime.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
