// Hands the verified visit to the backend through the backends layer's public API (BackendService) and turns
// its answer into what the result screen shows: a queue ticket, a seat, or "queued" when the backend is down
// (the outbox delivers later). Only facts go out — chip data, face score and threshold, liveness result,
// consent id — never the portrait or a frame.
import type { CardReadResult } from '../contract/card-read.ts';
import { KioskError } from '../contract/errors.ts';
import type { ResultView, ServiceKind } from '../contract/view.ts';
import type { CheckinAnswer } from '../backends/airport/airport-client.ts';
import { parseBoardingPass } from '../backends/airport/boarding-pass.ts';
import { BackendError } from '../backends/errors.ts';
import type { VisitType } from '../backends/hospital/fhir-systems.ts';
import type { CoverageSummary, HospitalReceipt } from '../backends/hospital/hospital-client.ts';
import type { SubmitResult } from '../backends/outbox/delivery-worker.ts';
import type { OutboxCounts } from '../backends/outbox/outbox-store.ts';
import type { VerificationFacts } from '../backends/visit-facts.ts';

/** The part of BackendService the visit uses (so tests can stand in for it). */
export interface VisitBackends {
  lookupCoverage(card: CardReadResult): Promise<CoverageSummary[]>;
  submitHospitalVisit(v: { card: CardReadResult; verification: VerificationFacts; visitType: VisitType; coverage?: string | null }): Promise<SubmitResult<HospitalReceipt>>;
  submitAirportCheckin(v: { card: CardReadResult; verification: VerificationFacts; booking: string }): Promise<SubmitResult<CheckinAnswer>>;
  outboxCounts(): OutboxCounts;
}

export interface SubmissionInput {
  service: ServiceKind;
  card: CardReadResult;
  verification: VerificationFacts;
  visitType: VisitType;
  booking: string | null;
  staffVerified: boolean;
  /** How long to wait for the BHYT lookup before admitting without it (ms). */
  coverageWaitMs?: number;
}

function holderName(card: CardReadResult): string | null {
  return card.personal?.fullName ?? null;
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function fromBackendError(e: unknown): KioskError {
  if (e instanceof KioskError) return e;
  if (e instanceof BackendError) {
    if (e.code === 'INVALID_BOOKING') return new KioskError('BOOKING_INVALID', e.message, { cause: e });
    if (e.code === 'CONFIG') return new KioskError('SERVICE_NOT_CONFIGURED', e.message, { cause: e });
    if (e.code === 'INVALID_BUNDLE' || e.code === 'INVALID_INPUT') return new KioskError('SUBMIT_REJECTED', e.message, { cause: e });
    if (e.code === 'OUTBOX_UNWRITABLE') return new KioskError('STORAGE_UNAVAILABLE', e.message, { cause: e });
    return new KioskError('BACKEND_UNAVAILABLE', e.message, { cause: e });
  }
  return new KioskError('INTERNAL', e instanceof Error ? e.message : 'submission failed', { cause: e });
}

/** Submits and returns the result screen; throws KioskError for outcomes the person must act on. */
export async function submitVisit(backends: VisitBackends | null, v: SubmissionInput): Promise<ResultView> {
  if (!backends) throw new KioskError('SERVICE_NOT_CONFIGURED', 'no backends configured');
  try {
    if (v.service === 'hospital') return await submitHospital(backends, v);
    return await submitAirport(backends, v);
  } catch (e) {
    throw fromBackendError(e);
  }
}

async function submitHospital(backends: VisitBackends, v: SubmissionInput): Promise<ResultView> {
  // BHYT coverage is a convenience: a slow or failing lookup never blocks the admission.
  const coverage = await withTimeout(backends.lookupCoverage(v.card).catch(() => [] as CoverageSummary[]), v.coverageWaitMs ?? 3_000);
  const cov = coverage?.[0] ?? null;
  const r = await backends.submitHospitalVisit({ card: v.card, verification: v.verification, visitType: v.visitType, coverage: cov?.reference ?? null });
  switch (r.status) {
    case 'delivered':
      return {
        kind: 'hospital-ticket',
        holderName: holderName(v.card),
        ticket: r.receipt.ticket,
        coverage: cov ? { benefit: cov.benefit, validTo: cov.validTo } : null,
        staffVerified: v.staffVerified,
      };
    case 'queued':
    case 'duplicate':
      return { kind: 'queued', service: 'hospital', staffVerified: v.staffVerified };
    case 'rejected':
      throw new KioskError('SUBMIT_REJECTED', 'the hospital refused the admission');
  }
}

async function submitAirport(backends: VisitBackends, v: SubmissionInput): Promise<ResultView> {
  if (!v.booking) throw new KioskError('BOOKING_INVALID', 'no booking');
  const r = await backends.submitAirportCheckin({ card: v.card, verification: v.verification, booking: v.booking });
  switch (r.status) {
    case 'queued':
    case 'duplicate':
      return { kind: 'queued', service: 'airport', staffVerified: v.staffVerified };
    case 'rejected':
      throw new KioskError('SUBMIT_REJECTED', 'the airline refused the check-in');
    case 'delivered':
      break;
  }
  const a = r.receipt;
  switch (a.result) {
    case 'CHECKED_IN': {
      let flight: string | null = null;
      try {
        const leg = parseBoardingPass(a.boardingPass.bcbp).legs[0];
        if (leg) flight = `${leg.carrier}${leg.flightNumber} ${leg.from}→${leg.to}`;
      } catch {
        flight = null;
      }
      return {
        kind: 'boarding',
        holderName: holderName(v.card),
        seat: a.seat,
        flight,
        gate: a.boardingPass.gate,
        boardingTime: a.boardingPass.boardingTime,
        staffVerified: v.staffVerified,
      };
    }
    case 'NAME_MISMATCH':
      throw new KioskError('NAME_MISMATCH');
    case 'NOT_FOUND':
      throw new KioskError('BOOKING_NOT_FOUND');
    case 'NEEDS_AGENT':
      throw new KioskError('NEEDS_AGENT');
  }
}
