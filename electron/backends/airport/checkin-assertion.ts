// The verified-identity check-in assertion the kiosk POSTs to the airline's check-in system: which booking,
// who the traveller is (Unicode and ASCII names, document facts), how identity was verified (chip, face,
// liveness, name match) and the consent. Deterministic for given inputs (the CLI prints it as is).
import type { CardReadResult } from '../../contract/card-read.ts';
import { identityFromCard } from '../card-identity.ts';
import type { ConsentTextFacts, SubmissionContext, VerificationFacts } from '../visit-facts.ts';
import type { BookingInput } from './boarding-pass.ts';
import { matchNames, type NameMatchResult } from './name-match.ts';
import { splitVietnameseName, toAsciiName } from './vietnamese-ascii.ts';

export interface CheckinAssertion {
  type: 'verified-identity-checkin';
  version: 1;
  kioskId: string;
  requestId: string;
  at: string;
  booking: {
    pnr: string;
    source: 'bcbp' | 'pnr';
    flight: { carrier: string; number: string; from: string; to: string; julianDate: number } | null;
    passengerName: string | null;
  };
  traveller: {
    nameUnicode: string;
    /** SURNAME/GIVEN NAMES in ASCII (Đ → D, no diacritics), as airline systems hold names. */
    nameAscii: string;
    dateOfBirth: string | null;
    sex: 'M' | 'F' | 'X' | null;
    nationality: string;
  };
  document: { type: 'CCCD'; issuer: string; idNumber: string; documentNumber: string; expiry: string | null };
  verification: {
    accessProtocol: string;
    chip: { passive: string; active: string; chip: string };
    face: VerificationFacts['face'];
    liveness: VerificationFacts['liveness'];
    /** Kiosk-side name match against the boarding pass; null for a typed PNR (the airline matches). */
    nameMatch: NameMatchResult | null;
    /** Set when staff decided the identity after an automatic check failed. */
    staffOverride: { reason: string } | null;
  };
  /** `text`: the consent wording agreed to (version and SHA-256 of its exact vi + en text). */
  consent: { id: string; text?: ConsentTextFacts };
}

export function asciiBookingName(fullName: string): string {
  const { surname, given } = splitVietnameseName(toAsciiName(fullName));
  return `${surname}/${given.join(' ')}`;
}

export function buildCheckinAssertion(input: {
  card: CardReadResult;
  booking: BookingInput;
  context: SubmissionContext;
  verification: VerificationFacts;
}): CheckinAssertion {
  const { card, booking, context, verification } = input;
  const id = identityFromCard(card);
  const leg = booking.kind === 'bcbp' ? booking.boardingPass.legs[0] : null;
  const passengerName = booking.kind === 'bcbp' ? booking.boardingPass.passengerName : null;
  const nameMatch =
    passengerName === null ? null : matchNames({ chip: id.fullName, mrz: id.mrzName, booking: passengerName, source: 'bcbp' });
  return {
    type: 'verified-identity-checkin',
    version: 1,
    kioskId: context.kioskId,
    requestId: context.requestId,
    at: context.at,
    booking: {
      pnr: booking.kind === 'pnr' ? booking.pnr : (leg?.pnr ?? ''),
      source: booking.kind,
      flight: leg ? { carrier: leg.carrier, number: leg.flightNumber, from: leg.from, to: leg.to, julianDate: leg.julianDate } : null,
      passengerName,
    },
    traveller: {
      nameUnicode: id.fullName,
      nameAscii: asciiBookingName(id.fullName),
      dateOfBirth: id.dateOfBirth,
      sex: id.sex,
      nationality: card.mrz.nationality,
    },
    document: { type: 'CCCD', issuer: id.issuer, idNumber: id.idNumber, documentNumber: id.documentNumber, expiry: id.documentExpiry },
    verification: {
      accessProtocol: card.access.protocol,
      chip: { passive: card.authenticity.passive.status, active: card.authenticity.active.status, chip: card.authenticity.chip.status },
      face: verification.face,
      liveness: verification.liveness,
      nameMatch,
      staffOverride: verification.staffOverride ?? null,
    },
    consent: { id: verification.consentId, ...(verification.consentText ? { text: verification.consentText } : {}) },
  };
}
