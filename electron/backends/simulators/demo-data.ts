// Invented demo data for the simulators: which demo citizens have BHYT coverage, and the airline's flights
// and bookings. The CCCD numbers match tests/unit/backends/card-fixtures.ts and the demo cards in
// resources/demo-cards/ (electron/card/fixtures/demo-citizens.ts), and belong to nobody.
export interface DemoCoverage {
  cccd: string;
  bhytCard: string;
  benefit: string;
  validFrom: string;
  validTo: string;
}

export const DEMO_COVERAGE: DemoCoverage[] = [
  { cccd: '001099012345', bhytCard: 'GD4010199012345', benefit: '80%', validFrom: '2026-01-01', validTo: '2026-12-31' },
  { cccd: '048075000777', bhytCard: 'HT2480175000777', benefit: '95%', validFrom: '2026-01-01', validTo: '2027-06-30' },
  // Demo card nguyen-van-an: a retired patient (HT: hưu trí), 95 % benefit.
  { cccd: '001058012345', bhytCard: 'HT2010158012345', benefit: '95%', validFrom: '2026-01-01', validTo: '2026-12-31' },
];

export interface DemoFlight {
  carrier: string;
  number: string;
  from: string;
  to: string;
  /** Day of the year. */
  julianDate: number;
  seats: string[];
}

export interface DemoBooking {
  pnr: string;
  /** SURNAME/GIVEN as the airline holds it. */
  name: string;
  flight: string; // carrier + number
  /** A booking the kiosk may not finish alone (unaccompanied minor, special assistance). */
  needsAgent?: boolean;
}

export const DEMO_FLIGHTS: DemoFlight[] = [
  { carrier: 'VN', number: '213', from: 'HAN', to: 'SGN', julianDate: 45, seats: ['12A', '12B', '12C', '14D', '14E', '21F'] },
  { carrier: 'VJ', number: '501', from: 'HAN', to: 'DAD', julianDate: 60, seats: ['3A', '3B', '7C', '8D'] },
  { carrier: 'QH', number: '1043', from: 'SGN', to: 'HPH', julianDate: 61, seats: ['5A', '5B', '6C'] },
];

export const DEMO_BOOKINGS: DemoBooking[] = [
  { pnr: 'ABC123', name: 'NGUYEN/VAN AN MR', flight: 'VN213' },
  { pnr: 'XYZ789', name: 'DANG/THITHUHA MS', flight: 'VJ501' },
  { pnr: 'QHD777', name: 'DO/DUC DAT MR', flight: 'QH1043', needsAgent: true },
  { pnr: 'KLM456', name: 'TRAN/VAN BINH MR', flight: 'VN213' },
  // Demo card dang-quoc-duc: the airline holds the name without diacritics, Đ as D.
  { pnr: 'DQD240', name: 'DANG/QUOC DUC MR', flight: 'VN213' },
];
