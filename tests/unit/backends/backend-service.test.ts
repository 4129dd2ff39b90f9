import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { startDemoBackends } from '../../../electron/backends/simulators/demo-backends.ts';
import { verifyAuditLog } from '../../../electron/audit/audit-log.ts';
import { CITIZENS, demoCard } from './card-fixtures.ts';
import { KEY_ENV, VERIFIED, tempDir, testConfig } from './harness.ts';

describe('BackendService with its own audit log, against the demo backends', () => {
  it('writes a hash-chained audit trail of the outbox without personal data', async () => {
    const demo = await startDemoBackends();
    const dir = tempDir();
    const config = testConfig(dir, { hospital: demo.endpoints.hospital.baseUrl, airport: demo.endpoints.airport.baseUrl });
    const service = await BackendService.open({ config, env: KEY_ENV });
    try {
      const h = await service.submitHospitalVisit({ card: demoCard(CITIZENS.ha), visitType: 'kham-benh', verification: VERIFIED });
      const a = await service.submitAirportCheckin({ card: demoCard(CITIZENS.an), booking: 'ABC123', verification: VERIFIED });
      expect([h.status, a.status]).toEqual(['delivered', 'delivered']);
    } finally {
      await service.close();
      await demo.stop();
    }
    const file = join(dir, 'audit.jsonl');
    expect(verifyAuditLog(file)).toMatchObject({ ok: true, entries: 4 });
    const text = readFileSync(file, 'utf8');
    expect(text.split('\n').filter(Boolean).map((l) => JSON.parse(l).type)).toEqual(['outbox.enqueued', 'outbox.delivered', 'outbox.enqueued', 'outbox.delivered']);
    for (const s of [CITIZENS.ha.idNumber, CITIZENS.an.idNumber, 'Đặng', 'NGUYEN', 'Nguyễn']) expect(text).not.toContain(s);
  });
});
