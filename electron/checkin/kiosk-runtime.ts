// Assembles a running kiosk on the embedded default: the emulated reader with the demo cards, the CSCA trust
// store from resources/csca, the face engine worker, the local hospital and airline simulators behind a real
// BackendService (durable encrypted outbox, audit log) and a staff PIN. Both shells use it: the browser-kiosk
// host (electron/host) and the Electron main process. A deployment passes its own backend configuration and
// PIN hash instead of the demo pieces.
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AuditLog } from '../audit/audit-log.ts';
import { BackendService } from '../backends/backend-service.ts';
import type { KeyProvider } from '../backends/outbox/key-provider.ts';
import { FileKeyProvider, keyProviderFromConfig } from '../backends/outbox/key-provider.ts';
import { startDemoBackends, type DemoBackends } from '../backends/simulators/demo-backends.ts';
import { DEFAULT_AUDIT_ROTATE_BYTES, parseBackendConfig, type BackendConfig, type ReaderConfig } from '../config/backend-config.ts';
import type { ChallengeStep } from '../contract/guidance.ts';
import type { ServiceKind } from '../contract/view.ts';
import { TrustStore } from '../emrtd/auth/trust-store.ts';
import { createFaceEngine, type FaceEngine } from '../face/engine.ts';
import { createPrinter, DEFAULT_PRINTER_CONFIG, type PrinterConfig } from '../ticket/printer-config.ts';
import { TicketDesk } from '../ticket/ticket-desk.ts';
import type { LivenessPolicy } from '../face/liveness.ts';
import { EmulatedReader, loadDemoCards, DEMO_LINK } from './card-reader.ts';
import { PcscCardReader } from './pcsc-card-reader.ts';
import { STRICT_CHIP_POLICY } from './chip-verdict.ts';
import { DEFAULT_FACE_POLICY } from './face-step.ts';
import { KioskCore } from './kiosk-core.ts';
import { hashPin, StaffAuth } from './staff-auth.ts';
import { DEFAULT_POLICY, type VisitPolicy } from './visit-machine.ts';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '..', '..');

export interface RuntimeOptions {
  /** Outbox, audit log and the outbox key live here (created 0700). */
  dataDir: string;
  cardsDir?: string;
  cscaDir?: string;
  services?: ServiceKind[];
  /** Liveness challenge steps (asked in random order). */
  challenge?: ChallengeStep[];
  /** Overrides of the face engine's liveness policy (e.g. a lower turn angle for a synthetic test subject). */
  liveness?: Partial<LivenessPolicy>;
  /** Staff PIN for this run; a random 6-digit one is made (and returned) when absent. */
  staffPin?: string;
  /** A stored scrypt hash instead of a PIN (deployments). */
  staffPinHash?: string;
  /** Start the face engine (default true), or use this one (a test's scripted engine, another deployment's). */
  face?: boolean | FaceEngine;
  /** 'demo': start the loopback simulators; a configuration: real endpoints; null: no backends. */
  backends?: 'demo' | BackendConfig | null;
  /** How long a submission waits for the backend before answering "queued" (ms). */
  firstAttemptWaitMs?: number;
  /** The card reader; default: a deployment configuration's `reader`, else the emulated one with the demo cards. */
  reader?: ReaderConfig;
  /** Model the contactless link in real time (default true: the progress bar moves as on a real reader). */
  realtimeLink?: boolean;
  keyProvider?: KeyProvider;
  /** The face worker's bootstrap when this code runs bundled (Electron main): the source one, loaded via tsx. */
  faceWorkerUrl?: URL;
  visitPolicy?: Partial<VisitPolicy>;
  /** The ticket printer; default: a deployment configuration's `printer`, else emulated (memory only). */
  printer?: PrinterConfig;
}

export interface KioskRuntime {
  core: KioskCore;
  reader: EmulatedReader | PcscCardReader;
  /** The PIN when this run made or was given one (printed for the demo operator), else null. */
  staffPin: string | null;
  demo: DemoBackends | null;
  backends: BackendService | null;
  face: FaceEngine | null;
  tickets: TicketDesk;
  /** Resolves when the face engine is warm (or failed to start: see faceError). */
  faceReady: Promise<void>;
  faceError: string | null;
  close(): Promise<void>;
}

function demoConfig(dataDir: string, demo: DemoBackends, firstAttemptWaitMs: number): BackendConfig {
  return parseBackendConfig(
    {
      kioskId: 'kiosk-demo-01',
      locationId: 'kiosk-sanh-a',
      hospital: demo.endpoints.hospital,
      airport: demo.endpoints.airport,
      outbox: {
        dir: join(dataDir, 'outbox'),
        key: { kind: 'file', path: join(dataDir, 'outbox.key') },
        retentionHours: 72,
        backoff: { initialMs: 1_000, maxMs: 5_000, factor: 2 },
        firstAttemptWaitMs,
      },
      audit: { file: join(dataDir, 'audit.jsonl') },
    },
    dataDir,
  );
}

/** A 256-bit outbox key in a file only the kiosk user can read, made on first start. */
function ensureKeyFile(path: string): void {
  if (existsSync(path)) return;
  writeFileSync(path, randomBytes(32).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
}

export async function startKioskRuntime(opts: RuntimeOptions): Promise<KioskRuntime> {
  mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const cards = loadDemoCards(opts.cardsDir ?? join(REPO_ROOT, 'resources', 'demo-cards'));
  const readerConfig = opts.reader ?? (opts.backends && opts.backends !== 'demo' ? opts.backends.reader : undefined) ?? { kind: 'emulated' };
  // A PC/SC reader that is missing at start is a health state (NO_READER), not a failed start.
  const reader =
    readerConfig.kind === 'pcsc' ? await PcscCardReader.start({ name: readerConfig.name }) : new EmulatedReader(cards, opts.realtimeLink === false ? null : DEMO_LINK);
  const trust = TrustStore.fromDirectory(opts.cscaDir ?? join(REPO_ROOT, 'resources', 'csca'));

  let demo: DemoBackends | null = null;
  let backends: BackendService | null = null;
  let audit: AuditLog | null = null;
  const firstAttemptWaitMs = opts.firstAttemptWaitMs ?? 4_000;
  const wanted = opts.backends === undefined ? 'demo' : opts.backends;
  if (wanted !== null) {
    let config: BackendConfig;
    if (wanted === 'demo') {
      demo = await startDemoBackends();
      config = demoConfig(opts.dataDir, demo, firstAttemptWaitMs);
      ensureKeyFile(join(opts.dataDir, 'outbox.key'));
    } else {
      config = wanted;
    }
    // The same keyed chain and rotation the CLI's `kiosk audit verify` expects from this configuration.
    const auditKey = config.audit.key ? await keyProviderFromConfig(config.audit.key).getKey() : undefined;
    audit = await AuditLog.open(config.audit.file, {
      key: auditKey,
      rotateBytes: config.audit.rotateBytes ?? DEFAULT_AUDIT_ROTATE_BYTES,
      retentionMs: config.audit.retentionDays ? config.audit.retentionDays * 86_400_000 : undefined,
    });
    backends = await BackendService.open({
      config,
      audit,
      keyProvider: opts.keyProvider ?? (wanted === 'demo' ? new FileKeyProvider(join(opts.dataDir, 'outbox.key')) : undefined),
    });
  }

  let face: FaceEngine | null = null;
  let faceError: string | null = null;
  let faceReady: Promise<void> = Promise.resolve();
  if (opts.face !== false) {
    face = typeof opts.face === 'object' ? opts.face : createFaceEngine({ liveness: opts.liveness, workerUrl: opts.faceWorkerUrl });
    const engine = face;
    faceReady = engine.warmup().then(
      () => undefined,
      (e: unknown) => {
        faceError = e instanceof Error ? e.message : String(e);
      },
    );
  }

  let staffPin: string | null = null;
  let pinHash = opts.staffPinHash ?? null;
  if (!pinHash) {
    staffPin = opts.staffPin ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
    pinHash = hashPin(staffPin);
  }

  const printer = opts.printer ?? (wanted !== null && wanted !== 'demo' ? wanted.printer : undefined) ?? DEFAULT_PRINTER_CONFIG;
  const tickets = new TicketDesk(createPrinter(printer), printer);
  await tickets.warm();

  const core = new KioskCore({
    reader,
    face,
    backends,
    trust,
    chipPolicy: STRICT_CHIP_POLICY,
    policy: { ...DEFAULT_POLICY, ...opts.visitPolicy, services: opts.services ?? opts.visitPolicy?.services ?? DEFAULT_POLICY.services },
    facePolicy: { ...DEFAULT_FACE_POLICY, challenge: opts.challenge ?? DEFAULT_FACE_POLICY.challenge },
    staff: new StaffAuth(pinHash),
    audit,
    tickets,
  });

  return {
    core,
    reader,
    staffPin,
    demo,
    backends,
    face,
    tickets,
    faceReady,
    get faceError() {
      return faceError;
    },
    async close() {
      await core.close();
      reader.close();
      await face?.close();
      await backends?.close();
      await audit?.close();
      await demo?.stop();
    },
  };
}
