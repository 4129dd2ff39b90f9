// The one object the kiosk app talks to for backends: it validates and durably queues a visit's submission,
// delivers it (now, or later with backoff), and reports outbox counts for the staff screen.
//
//   const backends = await BackendService.open({ config, keyProvider });   // keyProvider: safeStorage in Electron
//   const coverage = await backends.lookupCoverage(card);                 // BHYT, optional, may throw
//   const r = await backends.submitHospitalVisit({ card, visitType, verification, coverage: coverage[0]?.reference });
//   if (r.status === 'delivered') show(r.receipt.ticket) else if (r.status === 'queued') tellStaff(r.id)
//   backends.outboxCounts();  await backends.close();
import { randomUUID } from 'node:crypto';
import type { AuditSink } from '../audit/audit-log.ts';
import { AuditLog } from '../audit/audit-log.ts';
import type { BackendConfig } from '../config/backend-config.ts';
import type { CardReadResult } from '../contract/card-read.ts';
import { AirportDeliverer, type CheckinAnswer } from './airport/airport-client.ts';
import { parseBookingInput } from './airport/boarding-pass.ts';
import { buildCheckinAssertion } from './airport/checkin-assertion.ts';
import { identityFromCard } from './card-identity.ts';
import { BackendError } from './errors.ts';
import { buildAdmissionBundle } from './hospital/admission-bundle.ts';
import type { VisitType } from './hospital/fhir-systems.ts';
import { HospitalDeliverer, lookupCoverage, type CoverageSummary, type HospitalReceipt } from './hospital/hospital-client.ts';
import { validateAdmissionBundle } from './hospital/validate-bundle.ts';
import { DeliveryWorker, type SubmitResult } from './outbox/delivery-worker.ts';
import type { Deliverer } from './outbox/delivery.ts';
import { keyProviderFromConfig, type KeyProvider } from './outbox/key-provider.ts';
import { OutboxStore, type Clock, type OutboxCounts, type OutboxTarget } from './outbox/outbox-store.ts';
import { HttpsTransport, type Transport, type TransportLogger } from './transport/https-transport.ts';
import type { VerificationFacts } from './visit-facts.ts';

export interface BackendServiceOptions {
  config: BackendConfig;
  /** Defaults to the configured key source (env/file); Electron passes a safeStorage-backed provider. */
  keyProvider?: KeyProvider;
  /** Defaults to the configured hash-chained audit log file. */
  audit?: AuditSink;
  clock?: Clock;
  logger?: TransportLogger;
  env?: NodeJS.ProcessEnv;
  /** Replace the HTTPS transports (tests). */
  transports?: Partial<Record<OutboxTarget, Transport>>;
  /** Start the background delivery loop (default true). */
  startWorker?: boolean;
  /** How often to purge expired records (default 10 min). */
  purgeEveryMs?: number;
  random?: () => number;
}

export interface VisitCommon {
  card: CardReadResult;
  verification: VerificationFacts;
  /** Defaults: a fresh UUID, now. */
  requestId?: string;
  at?: string;
}

export class BackendService {
  private purgeTimer: NodeJS.Timeout | null = null;

  private constructor(
    private readonly config: BackendConfig,
    readonly outbox: OutboxStore,
    readonly worker: DeliveryWorker,
    private readonly transports: Partial<Record<OutboxTarget, Transport>>,
    private readonly ownedAudit: AuditLog | null,
    private readonly clock: Clock,
  ) {}

  static async open(options: BackendServiceOptions): Promise<BackendService> {
    const { config } = options;
    const clock = options.clock ?? { now: () => Date.now() };
    let audit = options.audit;
    let ownedAudit: AuditLog | null = null;
    if (!audit) {
      const key = config.audit.key ? await keyProviderFromConfig(config.audit.key, { env: options.env }).getKey() : undefined;
      ownedAudit = await AuditLog.open(config.audit.file, { key });
      audit = ownedAudit;
    }
    const keyProvider = options.keyProvider ?? keyProviderFromConfig(config.outbox.key, { env: options.env });
    const outbox = await OutboxStore.open({
      dir: config.outbox.dir, keyProvider, retentionMs: config.outbox.retentionHours * 3_600_000, clock, audit,
    });
    const transports: Partial<Record<OutboxTarget, Transport>> = { ...options.transports };
    if (!transports.hospital && config.hospital) transports.hospital = new HttpsTransport(config.hospital, { logger: options.logger, env: options.env });
    if (!transports.airport && config.airport) transports.airport = new HttpsTransport(config.airport, { logger: options.logger, env: options.env });
    const deliverers: Partial<Record<OutboxTarget, Deliverer>> = {};
    if (transports.hospital) deliverers.hospital = new HospitalDeliverer(transports.hospital);
    if (transports.airport) deliverers.airport = new AirportDeliverer(transports.airport);
    const worker = new DeliveryWorker(outbox, deliverers, {
      backoff: config.outbox.backoff, firstAttemptWaitMs: config.outbox.firstAttemptWaitMs, random: options.random,
    });
    const service = new BackendService(config, outbox, worker, transports, ownedAudit, clock);
    outbox.purgeExpired();
    if (options.startWorker !== false) {
      worker.start();
      service.purgeTimer = setInterval(() => outbox.purgeExpired(), options.purgeEveryMs ?? 600_000);
      service.purgeTimer.unref();
    }
    return service;
  }

  private contextOf(v: VisitCommon): { requestId: string; at: string; kioskId: string; locationId: string } {
    return {
      requestId: v.requestId ?? randomUUID(),
      at: v.at ?? new Date(this.clock.now()).toISOString(),
      kioskId: this.config.kioskId,
      locationId: this.config.locationId,
    };
  }

  /** BHYT coverage the hospital reports for this citizen; throws BackendError when it cannot be asked. */
  async lookupCoverage(card: CardReadResult): Promise<CoverageSummary[]> {
    const t = this.transports.hospital;
    if (!t) throw new BackendError('CONFIG', 'no hospital backend configured');
    return lookupCoverage(t, identityFromCard(card).idNumber);
  }

  /** Builds, validates (offline), queues durably and tries to deliver the admission. */
  async submitHospitalVisit(v: VisitCommon & { visitType: VisitType; coverage?: string | null }): Promise<SubmitResult<HospitalReceipt>> {
    const context = this.contextOf(v);
    const bundle = validateAdmissionBundle(
      buildAdmissionBundle({ card: v.card, visitType: v.visitType, context, verification: v.verification, coverage: v.coverage ?? null }),
    );
    return this.worker.submit<HospitalReceipt>('hospital', bundle, context.requestId);
  }

  /** Builds, queues durably and tries to deliver the check-in assertion. `booking` is a PNR or BCBP text. */
  async submitAirportCheckin(v: VisitCommon & { booking: string }): Promise<SubmitResult<CheckinAnswer>> {
    const context = this.contextOf(v);
    const assertion = buildCheckinAssertion({ card: v.card, booking: parseBookingInput(v.booking), context, verification: v.verification });
    return this.worker.submit<CheckinAnswer>('airport', assertion, context.requestId);
  }

  outboxCounts(): OutboxCounts {
    return this.outbox.counts();
  }

  async close(): Promise<void> {
    if (this.purgeTimer) clearInterval(this.purgeTimer);
    await this.worker.stop();
    this.outbox.close();
    for (const t of Object.values(this.transports)) t?.close();
    await this.ownedAudit?.close();
  }
}
