import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Encounter } from '@medplum/fhirtypes';
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { HospitalSimulator } from '../../../electron/backends/simulators/hospital-sim.ts';
import type { HospitalReceipt } from '../../../electron/backends/hospital/hospital-client.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { CITIZENS, demoCard } from './card-fixtures.ts';
import { KEY_ENV, VERIFIED, tempDir, testConfig } from './harness.ts';

describe('hospital FHIR simulator through the outbox', () => {
  const sim = new HospitalSimulator();
  let service: BackendService;
  const audit = new MemoryAuditSink();

  beforeAll(async () => {
    const url = await sim.start();
    service = await BackendService.open({ config: testConfig(tempDir(), { hospital: url }), env: KEY_ENV, audit });
  });
  afterAll(async () => {
    await service.close();
    await sim.stop();
  });

  it('stores exactly one Patient per CCCD across repeated visits, one Encounter per visit, with queue tickets', async () => {
    const tickets: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.ha), visitType: i === 2 ? 'xet-nghiem' : 'kham-benh', verification: VERIFIED });
      expect(r.status).toBe('delivered');
      if (r.status === 'delivered') {
        const receipt: HospitalReceipt = r.receipt;
        expect(receipt.ticket).not.toBeNull();
        tickets.push(`${receipt.ticket?.number} ${receipt.ticket?.department} ${receipt.ticket?.room}`);
      }
    }
    await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED });
    expect(await sim.patientsWithCccd('079186004321')).toHaveLength(1);
    expect(await sim.patientsWithCccd('001099012345')).toHaveLength(1);
    const encounters = await sim.all<Encounter>('Encounter');
    expect(encounters).toHaveLength(4);
    const haId = (await sim.patientsWithCccd('079186004321'))[0].id;
    expect(encounters.filter((e) => e.subject?.reference === `Patient/${haId}`)).toHaveLength(3);
    expect(tickets).toEqual(['KB-001 Khoa Khám bệnh Phòng 105', 'KB-002 Khoa Khám bệnh Phòng 105', 'XN-001 Khoa Xét nghiệm Phòng 201']);
    expect(service.outboxCounts().delivered.count).toBe(4);
    expect(audit.events.filter((e) => e.type === 'outbox.delivered')).toHaveLength(4);
  });

  it('returns BHYT coverage for a demo citizen who has it, none for one who does not, and links it', async () => {
    const cov = await service.lookupCoverage(demoCard(CITIZENS.duc));
    expect(cov).toHaveLength(1);
    expect(cov[0]).toMatchObject({ cardNumber: 'HT2480175000777', benefit: '95%', validTo: '2027-06-30' });
    expect(await service.lookupCoverage(demoCard(CITIZENS.ha))).toEqual([]);
    const r = await service.submitHospitalVisit({ card: demoCard(CITIZENS.duc), visitType: 'tai-kham', verification: VERIFIED, coverage: cov[0].reference });
    expect(r.status).toBe('delivered');
    const accounts = await sim.all('Account');
    expect(JSON.stringify(accounts)).toContain(cov[0].reference);
  });

  it('refuses to store an invalid bundle (simulator-side validation) and the outbox marks it failed, not retried', async () => {
    const before = service.outboxCounts().failed.count;
    const bad = { resourceType: 'Bundle', type: 'transaction', entry: [{ fullUrl: 'urn:uuid:1', resource: { resourceType: 'Patient', birthDate: 'yesterday' }, request: { method: 'POST', url: 'Patient' } }] };
    const r = await service.worker.submit('hospital', bad);
    expect(r.status).toBe('rejected');
    expect(service.outboxCounts().failed.count).toBe(before + 1);
  });

  it('a repeated request id is one visit: conditional create on the request identifier, idempotency replay', async () => {
    const requestId = '0b6f2d1e-3c4a-4b5d-8e6f-7a8b9c0d1e2f';
    const n = (await sim.all('Encounter')).length;
    const a = await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED, requestId });
    const b = await service.submitHospitalVisit({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', verification: VERIFIED, requestId, at: '2030-01-01T00:00:00Z' });
    expect(a.status).toBe('delivered');
    expect(b.status).toBe('delivered'); // the same outbox record: already delivered
    expect((await sim.all('Encounter')).length).toBe(n + 1);
  });
});
