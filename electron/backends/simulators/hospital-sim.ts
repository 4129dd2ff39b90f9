// A hospital FHIR R4 server for tests and the demo: @medplum/fhir-router over its in-memory repository.
// It validates every resource it is asked to store (Medplum + the kiosk's admission checks), executes the
// transaction (conditional creates included), issues a queue ticket on each new Encounter, and answers
// `POST /Coverage/$bhyt-lookup` with BHYT coverage for some demo citizens.
import { validateResource } from '@medplum/core';
import { FhirRouter } from '@medplum/fhir-router';
import { IndexedMemoryRepository } from './indexed-repository.ts';
import type { Bundle, Coverage, Encounter, OperationOutcome, Parameters, Patient, Resource } from '@medplum/fhirtypes';
import { ensureFhirDefinitions } from '../hospital/fhir-definitions.ts';
import { BHYT_SYSTEM, CCCD_SYSTEM, QUEUE_TICKET_SYSTEM, VISIT_TYPE_SYSTEM } from '../hospital/fhir-systems.ts';
import { admissionBundleProblems } from '../hospital/validate-bundle.ts';
import { DEMO_COVERAGE } from './demo-data.ts';
import { SimServer, type SimOptions, type SimRequest, type SimResponse } from './sim-server.ts';

const DEPARTMENTS: Record<string, { name: string; room: string; prefix: string }> = {
  'kham-benh': { name: 'Khoa Khám bệnh', room: 'Phòng 105', prefix: 'KB' },
  'tai-kham': { name: 'Khoa Khám bệnh', room: 'Phòng 107', prefix: 'TK' },
  'xet-nghiem': { name: 'Khoa Xét nghiệm', room: 'Phòng 201', prefix: 'XN' },
  'chan-doan-hinh-anh': { name: 'Khoa Chẩn đoán hình ảnh', room: 'Phòng 015', prefix: 'HA' },
  'tiem-chung': { name: 'Phòng Tiêm chủng', room: 'Phòng 003', prefix: 'TC' },
};

function outcome(status: number, text: string): SimResponse {
  const oo: OperationOutcome = { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', details: { text } }] };
  return { status, body: JSON.stringify(oo), contentType: 'application/fhir+json' };
}

export class HospitalSimulator extends SimServer {
  readonly repo = new IndexedMemoryRepository();
  private readonly router = new FhirRouter();
  private readonly counters = new Map<string, number>();
  private seeded = false;

  constructor(options: SimOptions = {}) {
    super(options);
    ensureFhirDefinitions();
  }

  override async start(): Promise<string> {
    if (!this.seeded) await this.seed();
    return super.start();
  }

  private async seed(): Promise<void> {
    this.seeded = true;
    for (const c of DEMO_COVERAGE) {
      const coverage: Coverage = {
        resourceType: 'Coverage',
        status: 'active',
        identifier: [{ system: BHYT_SYSTEM, value: c.bhytCard }],
        beneficiary: { identifier: { system: CCCD_SYSTEM, value: c.cccd } },
        payor: [{ display: 'Bảo hiểm xã hội Việt Nam' }],
        period: { start: c.validFrom, end: c.validTo },
        class: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/coverage-class', code: 'plan' }] }, value: 'BHYT', name: c.benefit }],
      };
      validateResource(coverage);
      await this.repo.createResource(coverage);
    }
  }

  protected async handle(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && (req.path === '/' || req.path === '')) return this.transaction(req.body);
    if (req.method === 'POST' && req.path === '/Coverage/$bhyt-lookup') return this.coverageLookup(req.body);
    return outcome(404, 'not found');
  }

  private async transaction(body: string): Promise<SimResponse> {
    let bundle: Bundle;
    try {
      bundle = JSON.parse(body) as Bundle;
    } catch {
      return outcome(400, 'not JSON');
    }
    // Validate what we are asked to store: Medplum's structural validation of the bundle and every resource
    // in it, then the admission rules (value sets, CCCD, identifier systems, references).
    const problems = admissionBundleProblems(bundle);
    if (problems.length > 0) return outcome(422, problems.map((p) => `${p.path}: ${p.message}`).join('; '));

    const [oo, result] = await this.router.handleRequest(
      { method: 'POST', url: '/', pathname: '', body: bundle, params: {}, query: {}, config: { transactions: true } },
      this.repo,
    );
    if (!result || result.resourceType !== 'Bundle') return { status: 400, body: JSON.stringify(oo), contentType: 'application/fhir+json' };
    const response = result;
    for (const e of response.entry ?? []) {
      if (e.resource?.resourceType === 'Encounter' && e.response?.status?.startsWith('201')) {
        e.resource = await this.issueTicket(e.resource);
      }
    }
    return { status: 200, body: JSON.stringify(response), contentType: 'application/fhir+json' };
  }

  private async issueTicket(enc: Encounter & { id?: string }): Promise<Encounter> {
    const type = enc.type?.[0]?.coding?.find((c) => c.system === VISIT_TYPE_SYSTEM)?.code ?? 'kham-benh';
    const dept = DEPARTMENTS[type] ?? DEPARTMENTS['kham-benh'];
    const n = (this.counters.get(dept.prefix) ?? 0) + 1;
    this.counters.set(dept.prefix, n);
    const updated: Encounter = {
      ...enc,
      identifier: [...(enc.identifier ?? []), { system: QUEUE_TICKET_SYSTEM, value: `${dept.prefix}-${String(n).padStart(3, '0')}` }],
      serviceType: { text: dept.name },
      location: [...(enc.location ?? []), { location: { display: dept.room }, status: 'planned' }],
    };
    return this.repo.updateResource(updated as Encounter & { id: string });
  }

  private async coverageLookup(body: string): Promise<SimResponse> {
    let params: Parameters;
    try {
      params = JSON.parse(body) as Parameters;
    } catch {
      return outcome(400, 'not JSON');
    }
    const id = params.parameter?.find((p) => p.name === 'beneficiary-identifier')?.valueIdentifier;
    if (id?.system !== CCCD_SYSTEM || !id.value) return outcome(400, 'beneficiary-identifier (CCCD) required');
    const all = await this.repo.searchResources<Coverage>({ resourceType: 'Coverage' });
    const found = all.filter((c) => c.beneficiary.identifier?.system === CCCD_SYSTEM && c.beneficiary.identifier.value === id.value);
    const result: Bundle<Coverage> = { resourceType: 'Bundle', type: 'searchset', total: found.length, entry: found.map((resource) => ({ resource })) };
    return { status: 200, body: JSON.stringify(result), contentType: 'application/fhir+json' };
  }

  /** Patients stored with this CCCD (tests: exactly one across repeated visits). */
  async patientsWithCccd(cccd: string): Promise<Patient[]> {
    const all = await this.repo.searchResources<Patient>({ resourceType: 'Patient' });
    return all.filter((p) => p.identifier?.some((i) => i.system === CCCD_SYSTEM && i.value === cccd));
  }

  async all<T extends Resource>(resourceType: T['resourceType']): Promise<T[]> {
    return this.repo.searchResources<T>({ resourceType } as never);
  }
}
