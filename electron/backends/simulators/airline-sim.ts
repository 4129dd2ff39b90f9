// An airline check-in server for tests and the demo: a few domestic flights and bookings in memory.
// POST /checkin takes the kiosk's verified-identity assertion, finds the booking, matches the traveller's
// name itself (the kiosk's match is advisory), assigns the next free seat and returns a BCBP boarding pass.
import { encode } from 'bcbp';
import type { CheckinAssertion } from '../airport/checkin-assertion.ts';
import { matchNames } from '../airport/name-match.ts';
import { DEMO_BOOKINGS, DEMO_FLIGHTS, type DemoBooking, type DemoFlight } from './demo-data.ts';
import { SimServer, type SimOptions, type SimRequest, type SimResponse } from './sim-server.ts';

const json = (status: number, v: unknown): SimResponse => ({ status, body: JSON.stringify(v) });

export class AirlineSimulator extends SimServer {
  private readonly flights: DemoFlight[] = DEMO_FLIGHTS.map((f) => ({ ...f, seats: [...f.seats] }));
  private readonly bookings: DemoBooking[] = DEMO_BOOKINGS.map((b) => ({ ...b }));
  /** PNR → seat, once checked in. */
  readonly checkedIn = new Map<string, string>();

  constructor(options: SimOptions = {}) {
    super(options);
  }

  protected async handle(req: SimRequest): Promise<SimResponse> {
    if (req.method !== 'POST' || req.path !== '/checkin') return json(404, { error: 'not found' });
    let a: CheckinAssertion;
    try {
      a = JSON.parse(req.body) as CheckinAssertion;
    } catch {
      return json(400, { error: 'not JSON' });
    }
    if (a.type !== 'verified-identity-checkin' || !a.booking?.pnr || !a.traveller?.nameUnicode) return json(400, { error: 'not a check-in assertion' });
    const booking = this.bookings.find((b) => b.pnr === a.booking.pnr);
    const flight = booking && this.flights.find((f) => f.carrier + f.number === booking.flight);
    if (!booking || !flight) return json(200, { result: 'NOT_FOUND' });
    const f = a.booking.flight;
    if (f && (f.carrier !== flight.carrier || f.number !== flight.number)) return json(200, { result: 'NOT_FOUND' });
    if (!matchNames({ chip: a.traveller.nameUnicode, booking: booking.name, source: 'pnr' }).match) return json(200, { result: 'NAME_MISMATCH' });
    if (booking.needsAgent) return json(200, { result: 'NEEDS_AGENT', reason: 'special service request on the booking' });
    let seat = this.checkedIn.get(booking.pnr);
    if (!seat) {
      seat = flight.seats.shift();
      if (!seat) return json(200, { result: 'NEEDS_AGENT', reason: 'flight full' });
      this.checkedIn.set(booking.pnr, seat);
    }
    const year = new Date().getUTCFullYear();
    const bcbp = encode({
      data: {
        passengerName: booking.name.replace(/ (MR|MRS|MS|MISS|MSTR)$/, '').slice(0, 20),
        legs: [
          {
            operatingCarrierPNR: booking.pnr, departureAirport: flight.from, arrivalAirport: flight.to,
            operatingCarrierDesignator: flight.carrier, flightNumber: flight.number.padStart(4, '0'),
            flightDate: new Date(Date.UTC(year, 0, flight.julianDate)), compartmentCode: 'Y',
            seatNumber: seat.padStart(4, '0'), checkInSequenceNumber: String(this.checkedIn.size).padStart(4, '0'), passengerStatus: '1',
          },
        ],
      },
      meta: { numberOfLegs: 1 },
    });
    return json(200, { result: 'CHECKED_IN', seat, boardingPass: { bcbp, gate: '12', boardingTime: null } });
  }
}
