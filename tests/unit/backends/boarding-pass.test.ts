import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseBoardingPass, parseBookingInput } from '../../../electron/backends/airport/boarding-pass.ts';
import { BackendError } from '../../../electron/backends/errors.ts';
import { encode } from 'bcbp';

// Built field by field from IATA Resolution 792 format M (header 23 chars, 37 mandatory chars per leg).
const DEMO_BCBP = 'M1NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100';
// The Resolution 792 example passenger (one leg, no conditional items).
const IATA_EXAMPLE = 'M1DESMARAIS/LUC       EABC123 YULFRAAC 0834 326J001A0025 100';

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof BackendError ? e.code : `untyped ${(e as Error).name}`;
  }
  return 'no error';
}

describe('IATA BCBP boarding pass', () => {
  it('parses a one-leg domestic boarding pass', () => {
    expect(DEMO_BCBP).toHaveLength(60);
    const bp = parseBoardingPass(DEMO_BCBP);
    expect(bp.passengerName).toBe('NGUYEN/VAN AN');
    expect(bp.electronicTicket).toBe(true);
    expect(bp.legs).toEqual([
      {
        pnr: 'ABC123', from: 'HAN', to: 'SGN', carrier: 'VN', flightNumber: '213', julianDate: 45,
        compartment: 'Y', seat: '12A', sequence: '0001', passengerStatus: '1',
      },
    ]);
  });

  it('parses the Resolution 792 example and a two-leg pass with conditional items (encoded by bcbp)', () => {
    expect(parseBoardingPass(IATA_EXAMPLE).legs[0]).toMatchObject({ pnr: 'ABC123', from: 'YUL', to: 'FRA', carrier: 'AC', flightNumber: '834', julianDate: 326, seat: '1A' });
    const twoLegs = encode({
      data: {
        passengerName: 'TRAN/THI THU HA',
        legs: [
          { operatingCarrierPNR: 'XYZ789', departureAirport: 'HAN', arrivalAirport: 'DAD', operatingCarrierDesignator: 'VJ', flightNumber: '0501', flightDate: new Date(Date.UTC(2026, 2, 1)), compartmentCode: 'Y', seatNumber: '023C', checkInSequenceNumber: '0042', passengerStatus: '1', airlineNumericCode: '978', serialNumber: '1234567890' },
          { operatingCarrierPNR: 'XYZ789', departureAirport: 'DAD', arrivalAirport: 'SGN', operatingCarrierDesignator: 'VJ', flightNumber: '0622', flightDate: new Date(Date.UTC(2026, 2, 2)), compartmentCode: 'Y', seatNumber: '007A', checkInSequenceNumber: '0043', passengerStatus: '1' },
        ],
      },
      meta: { numberOfLegs: 2, versionNumber: 6 },
    });
    const bp = parseBoardingPass(twoLegs);
    expect(bp.passengerName).toBe('TRAN/THI THU HA');
    expect(bp.legs.map((l) => [l.carrier, l.flightNumber, l.from, l.to, l.seat, l.julianDate])).toEqual([
      ['VJ', '501', 'HAN', 'DAD', '23C', 60],
      ['VJ', '622', 'DAD', 'SGN', '7A', 61],
    ]);
  });

  it.each([
    ['empty', ''],
    ['plain words', 'hello garbage'],
    ['a URL from a QR code', 'https://example.com/boarding-pass?id=ABC123&name=NGUYEN'],
    ['too short', DEMO_BCBP.slice(0, 59)],
    ['wrong format code', 'X' + DEMO_BCBP.slice(1)],
    ['leg count 0', 'M0' + DEMO_BCBP.slice(2)],
    ['leg count larger than the data', 'M2' + DEMO_BCBP.slice(2)],
    ['name without slash', 'M1NGUYEN VAN AN       E' + DEMO_BCBP.slice(23)],
    ['lower-case airport', DEMO_BCBP.replace('HANSGN', 'hanSGN')],
    ['date of flight 000', DEMO_BCBP.replace('045Y', '000Y')],
    ['date of flight 400', DEMO_BCBP.replace('045Y', '400Y')],
    ['conditional size not hex', DEMO_BCBP.slice(0, 58) + 'ZZ'],
    ['conditional size past the end', DEMO_BCBP.slice(0, 58) + '10'],
    ['trailing junk', DEMO_BCBP + 'JUNK'],
    ['non-ASCII', DEMO_BCBP.replace('NGUYEN', 'NGUYỄN')],
  ])('rejects garbage: %s', (_label, text) => {
    expect(code(() => parseBoardingPass(text))).toBe('INVALID_BOOKING');
  });

  it('property: arbitrary strings are either valid passes or INVALID_BOOKING, never an untyped error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ minLength: 55, maxLength: 80 }).map((s) => 'M1' + s)), (s) => {
        const c = code(() => parseBoardingPass(s));
        expect(['no error', 'INVALID_BOOKING']).toContain(c);
      }),
    );
  });

  it('property: corrupting one mandatory character of a valid pass is caught or still decodes consistently', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 59 }), fc.constantFrom('#', '?', 'a', '~'), (i, ch) => {
        const s = DEMO_BCBP.slice(0, i) + ch + DEMO_BCBP.slice(i + 1);
        expect(code(() => parseBoardingPass(s))).toBe('INVALID_BOOKING');
      }),
    );
  });

  it('tells a typed PNR from a scanned pass', () => {
    expect(parseBookingInput(' abc123 ')).toEqual({ kind: 'pnr', pnr: 'ABC123' });
    expect(parseBookingInput(DEMO_BCBP).kind).toBe('bcbp');
    expect(code(() => parseBookingInput('ABC12'))).toBe('INVALID_BOOKING');
    expect(code(() => parseBookingInput('ABC1234'))).toBe('INVALID_BOOKING');
  });
});
