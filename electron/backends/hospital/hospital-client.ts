// Talks to the hospital's FHIR server: POSTs the admission transaction with the outbox's idempotency key
// and turns the transaction-response into a queue ticket; asks for the citizen's BHYT coverage, which the
// hospital looks up on the national insurance portal with its own account (the kiosk holds no portal
// credentials). The CCCD goes in the POST body, never in the URL.
import type { Bundle, Coverage, Encounter, Parameters } from '@medplum/fhirtypes';
import { BackendError } from '../errors.ts';
import type { Deliverer, DeliveryOutcome } from '../outbox/delivery.ts';
import { retryableStatus } from '../outbox/delivery.ts';
import type { Transport } from '../transport/https-transport.ts';
import { BHYT_SYSTEM, CCCD_SYSTEM, QUEUE_TICKET_SYSTEM } from './fhir-systems.ts';

export interface QueueTicket {
  number: string;
  department: string | null;
  room: string | null;
  /** ISO time the ticket was issued. */
  time: string | null;
}

export interface HospitalReceipt {
  patientId: string | null;
  encounterId: string | null;
  ticket: QueueTicket | null;
}

export interface CoverageSummary {
  /** `Coverage/<id>`, to reference from the admission. */
  reference: string;
  cardNumber: string | null;
  payor: string | null;
  validFrom: string | null;
  validTo: string | null;
  /** BHYT benefit level as the hospital reports it (e.g. "80%"). */
  benefit: string | null;
}

const FHIR_JSON = 'application/fhir+json';

function idOf(location: string | undefined, type: string): string | null {
  const m = location ? new RegExp(`${type}/([^/]+)`).exec(location) : null;
  return m ? m[1] : null;
}

/** Reads the transaction-response: Patient and Encounter ids, and the queue ticket on the Encounter. */
export function parseAdmissionResponse(body: string): HospitalReceipt {
  let bundle: Bundle;
  try {
    bundle = JSON.parse(body) as Bundle;
  } catch {
    throw new BackendError('BAD_RESPONSE', 'hospital answered no JSON');
  }
  if (typeof bundle !== 'object' || bundle === null || bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction-response') {
    throw new BackendError('BAD_RESPONSE', 'hospital answered no transaction-response');
  }
  return ofExpectedShape('transaction-response', () => receiptOf(bundle));
}

/**
 * The answer is outside input: a field of the wrong JSON type (an object where an array belongs, a null entry)
 * makes the reading below throw a TypeError. That is a BAD_RESPONSE like any other malformed answer.
 */
function ofExpectedShape<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof BackendError || !(e instanceof TypeError)) throw e;
    throw new BackendError('BAD_RESPONSE', `hospital answered a ${what} of unexpected shape`, { cause: e });
  }
}

function receiptOf(bundle: Bundle): HospitalReceipt {
  let patientId: string | null = null;
  let encounterId: string | null = null;
  let ticket: QueueTicket | null = null;
  for (const e of bundle.entry ?? []) {
    patientId ??= idOf(e.response?.location, 'Patient');
    const enc = e.resource?.resourceType === 'Encounter' ? (e.resource as Encounter) : null;
    if (enc || idOf(e.response?.location, 'Encounter')) {
      encounterId ??= enc?.id ?? idOf(e.response?.location, 'Encounter');
      const number = enc?.identifier?.find((i) => i.system === QUEUE_TICKET_SYSTEM)?.value;
      if (enc && number) {
        ticket = {
          number,
          department: enc.serviceType?.text ?? enc.serviceType?.coding?.[0]?.display ?? null,
          room: enc.location?.find((l) => l.status === 'planned')?.location.display ?? null,
          time: enc.period?.start ?? null,
        };
      }
    }
  }
  return { patientId, encounterId, ticket };
}

export class HospitalDeliverer implements Deliverer<HospitalReceipt> {
  constructor(private readonly transport: Transport) {}

  async deliver(payload: unknown, idempotencyKey: string): Promise<DeliveryOutcome<HospitalReceipt>> {
    try {
      const res = await this.transport.send({
        method: 'POST',
        path: '',
        headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON, 'idempotency-key': idempotencyKey },
        body: JSON.stringify(payload),
      });
      if (res.status >= 200 && res.status < 300) {
        try {
          return { kind: 'delivered', receipt: parseAdmissionResponse(res.body) };
        } catch {
          // Committed but unreadable: delivered all the same (a resend would replay the same answer).
          return { kind: 'delivered', receipt: { patientId: null, encounterId: null, ticket: null } };
        }
      }
      return retryableStatus(res.status) ? { kind: 'retry', error: `HTTP_${res.status}` } : { kind: 'rejected', error: `HTTP_${res.status}` };
    } catch (e) {
      return { kind: 'retry', error: e instanceof BackendError ? e.code : 'NETWORK' };
    }
  }
}

/** Asks the hospital for the citizen's BHYT coverage; [] when there is none. Throws on transport errors. */
export async function lookupCoverage(transport: Transport, idNumber: string): Promise<CoverageSummary[]> {
  const params: Parameters = {
    resourceType: 'Parameters',
    parameter: [{ name: 'beneficiary-identifier', valueIdentifier: { system: CCCD_SYSTEM, value: idNumber } }],
  };
  const res = await transport.send({
    method: 'POST',
    path: 'Coverage/$bhyt-lookup',
    headers: { 'content-type': FHIR_JSON, accept: FHIR_JSON },
    body: JSON.stringify(params),
  });
  if (res.status !== 200) throw new BackendError('HTTP_STATUS', `coverage lookup answered ${res.status}`, { status: res.status });
  let bundle: Bundle<Coverage>;
  try {
    bundle = JSON.parse(res.body) as Bundle<Coverage>;
  } catch {
    throw new BackendError('BAD_RESPONSE', 'coverage lookup answered no JSON');
  }
  if (typeof bundle !== 'object' || bundle === null) throw new BackendError('BAD_RESPONSE', 'coverage lookup answered no Bundle');
  return ofExpectedShape('coverage Bundle', () => coveragesOf(bundle));
}

function coveragesOf(bundle: Bundle<Coverage>): CoverageSummary[] {
  return (bundle.entry ?? [])
    .map((e) => e.resource)
    .filter((c): c is Coverage => c?.resourceType === 'Coverage' && typeof c.id === 'string' && c.status === 'active')
    .map((c) => ({
      reference: `Coverage/${c.id}`,
      cardNumber: c.identifier?.find((i) => i.system === BHYT_SYSTEM)?.value ?? null,
      payor: c.payor?.[0]?.display ?? null,
      validFrom: c.period?.start ?? null,
      validTo: c.period?.end ?? null,
      benefit: c.class?.find((k) => k.type.coding?.[0]?.code === 'plan')?.name ?? null,
    }));
}
