// What a visit hands to a backend besides the chip data: who/where/when, and how identity was verified.
// Facts only — scores, thresholds, results, the consent id — never a portrait, frame or face template.
import { createHash } from 'node:crypto';

export interface FaceFacts {
  result: 'match' | 'no-match' | 'not-performed';
  score: number | null;
  threshold: number | null;
}

export interface LivenessFacts {
  result: 'pass' | 'fail' | 'not-performed';
  score: number | null;
}

/** A member of staff decided the identity after an automatic check failed, and said why. */
export interface StaffOverrideFacts {
  reason: string;
}

/** The consent wording the person agreed to: its human version and the SHA-256 of its exact vi + en text. */
export interface ConsentTextFacts {
  version: string;
  sha256: string;
}

/** The consent wording as a URI (FHIR Provenance.policy): urn:cccd-kiosk:consent-text:<version>:sha256:<hex>. */
export function consentTextUri(t: ConsentTextFacts): string {
  return `urn:cccd-kiosk:consent-text:${t.version}:sha256:${t.sha256}`;
}

export interface VerificationFacts {
  consentId: string;
  /** Which consent wording was agreed to (every kiosk visit sets it; absent only in hand-made payloads). */
  consentText?: ConsentTextFacts | null;
  face: FaceFacts;
  liveness: LivenessFacts;
  /** Present when the submission is staff-verified: the backend must see that a person decided. */
  staffOverride?: StaffOverrideFacts | null;
}

export interface SubmissionContext {
  /** UUID of this visit's submission: also the idempotency key the backend sees. */
  requestId: string;
  /** When the citizen checked in (ISO 8601). */
  at: string;
  kioskId: string;
  /** FHIR Location id of the kiosk (hospital) or its gate/desk code (airport). */
  locationId: string;
}

export const NOT_PERFORMED: Pick<VerificationFacts, 'face' | 'liveness'> = {
  face: { result: 'not-performed', score: null, threshold: null },
  liveness: { result: 'not-performed', score: null },
};

/**
 * A UUID derived from its inputs (SHA-256, RFC 9562 version 8 "custom"), for fullUrls and reproducible
 * CLI output: the same request id always yields the same bundle.
 */
export function derivedUuid(...parts: string[]): string {
  const h = createHash('sha256').update(parts.join('\u0000'), 'utf8').digest();
  h[6] = (h[6] & 0x0f) | 0x80;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export function isUuid(s: string): boolean {
  return UUID.test(s);
}
