// The booking the passenger brings: an IATA BCBP string decoded from the boarding-pass barcode
// (Resolution 792, format M) or a 6-character PNR typed on the keypad. The `bcbp` package decodes any
// string without complaint (it happily returns legs for "hello"), so the mandatory fields' shape is checked
// here first. Barcode decoding from the camera (zxing) lives in the renderer; this takes the decoded text.
import { decode } from 'bcbp';
import { BackendError } from '../errors.ts';

export interface BoardingPassLeg {
  pnr: string;
  from: string;
  to: string;
  carrier: string;
  flightNumber: string;
  /** Day of the year of the flight (BCBP carries no year). */
  julianDate: number;
  compartment: string;
  seat: string | null;
  sequence: string | null;
  passengerStatus: string;
}

export interface BoardingPass {
  /** SURNAME/GIVEN NAMES as in the 20-character field, trailing spaces removed. */
  passengerName: string;
  electronicTicket: boolean;
  legs: BoardingPassLeg[];
}

export type BookingInput = { kind: 'pnr'; pnr: string } | { kind: 'bcbp'; boardingPass: BoardingPass; raw: string };

// Resolution 792 format M, the mandatory items of one leg after the 23-character header, by position.
const LEG_FIELDS: [name: string, start: number, end: number, shape: RegExp][] = [
  ['operating carrier PNR', 0, 7, /^[A-Z0-9]{5,7} *$/],
  ['from airport', 7, 10, /^[A-Z]{3}$/],
  ['to airport', 10, 13, /^[A-Z]{3}$/],
  ['operating carrier', 13, 16, /^[A-Z0-9]{2}[A-Z0-9 ]$/],
  ['flight number', 16, 21, /^ *\d{1,4}[A-Z]? *$/],
  ['date of flight', 21, 24, /^\d{3}$/],
  ['compartment', 24, 25, /^[A-Z]$/],
  ['seat', 25, 29, /^[0-9A-Z ]{4}$/],
  ['check-in sequence', 29, 34, /^[0-9A-Z ]{5}$/],
  ['passenger status', 34, 35, /^[0-9A-Z]$/],
  ['conditional size', 35, 37, /^[0-9A-F]{2}$/],
];
const HEADER = /^M([1-4])([A-Z0-9 /.\-']{20})([E ])/;
const LEG_LENGTH = 37;
const PNR = /^[A-Z0-9]{6}$/;

function invalid(what: string): never {
  throw new BackendError('INVALID_BOOKING', `not a valid IATA BCBP boarding pass: ${what}`);
}

/** Validates the shape of a BCBP string, then decodes it with `bcbp`. Throws INVALID_BOOKING. */
export function parseBoardingPass(text: string): BoardingPass {
  if (text.length < 23 + LEG_LENGTH) invalid('shorter than the 60 mandatory characters');
  if (text.length > 2000) invalid('too long');
  if (!/^[\x20-\x7e]+$/.test(text)) invalid('characters outside printable ASCII');
  const head = HEADER.exec(text);
  if (!head) invalid('header (format code M, legs 1–4, 20-character name, e-ticket flag)');
  const name = head[2].replace(/ +$/, '');
  if (!/^[A-Z][A-Z .\-']*\/[A-Z .\-']*$/.test(name)) invalid('passenger name is not SURNAME/GIVEN');
  const legCount = Number(head[1]);
  let pos = 23;
  for (let i = 0; i < legCount; i++) {
    const leg = text.slice(pos, pos + LEG_LENGTH);
    if (leg.length < LEG_LENGTH) invalid(`leg ${i + 1} is shorter than its mandatory items`);
    for (const [field, start, end, shape] of LEG_FIELDS) {
      if (!shape.test(leg.slice(start, end))) invalid(`${field} of leg ${i + 1}`);
    }
    const day = Number(leg.slice(21, 24));
    if (day < 1 || day > 366) invalid(`date of flight of leg ${i + 1}`);
    const conditional = parseInt(leg.slice(35, 37), 16);
    pos += LEG_LENGTH + conditional;
    if (pos > text.length) invalid(`conditional items of leg ${i + 1} run past the end`);
  }
  const rest = text.slice(pos);
  if (rest.length > 0 && rest[0] !== '^') invalid('unexpected data after the last leg');

  const decoded = decode(text);
  const legs = decoded.data?.legs ?? [];
  if (legs.length !== legCount) invalid('leg count disagrees with the decoded legs');
  return {
    passengerName: name,
    electronicTicket: head[3] === 'E',
    legs: legs.map((l) => {
      return {
        pnr: (l.operatingCarrierPNR ?? '').trim(),
        from: l.departureAirport ?? '',
        to: l.arrivalAirport ?? '',
        carrier: (l.operatingCarrierDesignator ?? '').trim(),
        flightNumber: (l.flightNumber ?? '').trim().replace(/^0+(?=\d)/, ''),
        julianDate: julianOf(l.flightDate),
        compartment: l.compartmentCode ?? '',
        seat: l.seatNumber?.trim() ? l.seatNumber.trim().replace(/^0+(?=\d)/, '') : null,
        sequence: l.checkInSequenceNumber?.trim() ? l.checkInSequenceNumber.trim() : null,
        passengerStatus: l.passengerStatus ?? '',
      };
    }),
  };
}

function julianOf(d: Date | undefined): number {
  if (!d) return 0;
  const start = Date.UTC(d.getUTCFullYear(), 0, 0);
  return Math.round((d.getTime() - start) / 86_400_000);
}

/** A 6-character PNR (record locator) or a BCBP string; anything else is INVALID_BOOKING. */
export function parseBookingInput(text: string): BookingInput {
  const t = text.trim().toUpperCase();
  if (PNR.test(t)) return { kind: 'pnr', pnr: t };
  if (text.startsWith('M')) return { kind: 'bcbp', boardingPass: parseBoardingPass(text), raw: text };
  throw new BackendError('INVALID_BOOKING', 'booking must be a 6-character PNR or an IATA BCBP string');
}
