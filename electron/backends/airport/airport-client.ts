// Sends the check-in assertion to the airline (POST /checkin, with the outbox's idempotency key) and reads
// the answer: CHECKED_IN (seat, boarding pass), NAME_MISMATCH, NOT_FOUND or NEEDS_AGENT. Each of these is a
// delivered assertion; what to show (boarding pass, or "please see an agent") is the visit's decision.
import { BackendError } from '../errors.ts';
import type { Deliverer, DeliveryOutcome } from '../outbox/delivery.ts';
import { retryableStatus } from '../outbox/delivery.ts';
import type { Transport } from '../transport/https-transport.ts';

export type CheckinAnswer =
  | { result: 'CHECKED_IN'; seat: string; boardingPass: { bcbp: string; gate: string | null; boardingTime: string | null } }
  | { result: 'NAME_MISMATCH' }
  | { result: 'NOT_FOUND' }
  | { result: 'NEEDS_AGENT'; reason: string | null };

export function parseCheckinAnswer(body: string): CheckinAnswer {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(body) as Record<string, unknown>;
  } catch {
    throw new BackendError('BAD_RESPONSE', 'airline answered no JSON');
  }
  if (typeof v !== 'object' || v === null) throw new BackendError('BAD_RESPONSE', 'airline answered no JSON object');
  switch (v.result) {
    case 'CHECKED_IN': {
      const bp = (v.boardingPass ?? {}) as Record<string, unknown>;
      if (typeof v.seat !== 'string' || typeof bp.bcbp !== 'string') throw new BackendError('BAD_RESPONSE', 'CHECKED_IN without seat or boarding pass');
      return {
        result: 'CHECKED_IN',
        seat: v.seat,
        boardingPass: { bcbp: bp.bcbp, gate: typeof bp.gate === 'string' ? bp.gate : null, boardingTime: typeof bp.boardingTime === 'string' ? bp.boardingTime : null },
      };
    }
    case 'NAME_MISMATCH':
    case 'NOT_FOUND':
      return { result: v.result };
    case 'NEEDS_AGENT':
      return { result: 'NEEDS_AGENT', reason: typeof v.reason === 'string' ? v.reason : null };
    default:
      throw new BackendError('BAD_RESPONSE', 'airline answered an unknown result');
  }
}

export class AirportDeliverer implements Deliverer<CheckinAnswer> {
  constructor(private readonly transport: Transport) {}

  async deliver(payload: unknown, idempotencyKey: string): Promise<DeliveryOutcome<CheckinAnswer>> {
    try {
      const res = await this.transport.send({
        method: 'POST',
        path: 'checkin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(payload),
      });
      if (res.status >= 200 && res.status < 300) {
        try {
          return { kind: 'delivered', receipt: parseCheckinAnswer(res.body) };
        } catch (e) {
          return { kind: 'rejected', error: e instanceof BackendError ? e.code : 'BAD_RESPONSE' };
        }
      }
      return retryableStatus(res.status) ? { kind: 'retry', error: `HTTP_${res.status}` } : { kind: 'rejected', error: `HTTP_${res.status}` };
    } catch (e) {
      return { kind: 'retry', error: e instanceof BackendError ? e.code : 'NETWORK' };
    }
  }
}
