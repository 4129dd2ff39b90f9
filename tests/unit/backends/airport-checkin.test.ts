import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { BackendService } from '../../../electron/backends/backend-service.ts';
import { AirlineSimulator } from '../../../electron/backends/simulators/airline-sim.ts';
import { parseBoardingPass, parseBookingInput } from '../../../electron/backends/airport/boarding-pass.ts';
import { buildCheckinAssertion } from '../../../electron/backends/airport/checkin-assertion.ts';
import type { CheckinAnswer } from '../../../electron/backends/airport/airport-client.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { CITIZENS, demoCard } from './card-fixtures.ts';
import { KEY_ENV, VERIFIED, tempDir, testConfig } from './harness.ts';

const AN_BCBP = 'M1NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100';

describe('airport check-in', () => {
  const sim = new AirlineSimulator();
  let service: BackendService;

  beforeAll(async () => {
    const url = await sim.start();
    service = await BackendService.open({ config: testConfig(tempDir(), { airport: url }), env: KEY_ENV, audit: new MemoryAuditSink() });
  });
  afterAll(async () => {
    await service.close();
    await sim.stop();
  });

  async function answer(citizen: keyof typeof CITIZENS, booking: string): Promise<CheckinAnswer | string> {
    const r = await service.submitAirportCheckin({ card: demoCard(CITIZENS[citizen]), booking, verification: VERIFIED });
    return r.status === 'delivered' ? r.receipt : r.status;
  }

  it('checks in a verified traveller from a scanned boarding pass: seat and a valid BCBP boarding pass', async () => {
    const a = await answer('an', AN_BCBP);
    expect(a).toMatchObject({ result: 'CHECKED_IN', seat: '12A' });
    if (typeof a !== 'string' && a.result === 'CHECKED_IN') {
      const bp = parseBoardingPass(a.boardingPass.bcbp);
      expect(bp.passengerName).toBe('NGUYEN/VAN AN');
      expect(bp.legs[0]).toMatchObject({ pnr: 'ABC123', carrier: 'VN', flightNumber: '213', seat: '12A' });
    }
  });

  it('checks in from a typed PNR (Đ name, booking without spaces)', async () => {
    expect(await answer('ha', 'xyz789')).toMatchObject({ result: 'CHECKED_IN', seat: '3A' });
  });

  it('answers NAME_MISMATCH, NOT_FOUND and NEEDS_AGENT', async () => {
    expect(await answer('ha', 'KLM456')).toEqual({ result: 'NAME_MISMATCH' });
    expect(await answer('an', 'ZZZ999')).toEqual({ result: 'NOT_FOUND' });
    expect(await answer('duc', 'QHD777')).toMatchObject({ result: 'NEEDS_AGENT' });
  });

  it('builds an assertion with Unicode and ASCII names, document and verification facts, and the kiosk name match', () => {
    const a = buildCheckinAssertion({
      card: demoCard(CITIZENS.ha),
      booking: parseBookingInput('M1DANG/THITHUHA       EXYZ789 HANDADVJ 0501 060Y003A0001 100'),
      context: { requestId: 'e1d2c3b4-a5f6-4789-8abc-def012345678', at: '2026-03-01T00:00:00.000Z', kioskId: 'k1', locationId: 'gate-a' },
      verification: VERIFIED,
    });
    expect(a.traveller).toMatchObject({ nameUnicode: 'Đặng Thị Thu Hà', nameAscii: 'DANG/THI THU HA', sex: 'F' });
    expect(a.booking).toMatchObject({ pnr: 'XYZ789', source: 'bcbp', flight: { carrier: 'VJ', number: '501', from: 'HAN', to: 'DAD', julianDate: 60 } });
    expect(a.verification.nameMatch).toEqual({ match: true, needsStaff: false, rule: 'exact' });
    expect(a.document).toMatchObject({ type: 'CCCD', idNumber: '079186004321' });
    expect(JSON.stringify(a)).not.toMatch(/portrait|sha256/);
  });

  it('rejects a garbage booking before anything is queued', async () => {
    const before = service.outboxCounts();
    await expect(service.submitAirportCheckin({ card: demoCard(), booking: 'M1' + 'x'.repeat(70), verification: VERIFIED })).rejects.toMatchObject({ code: 'INVALID_BOOKING' });
    expect(service.outboxCounts()).toEqual(before);
  });
});
