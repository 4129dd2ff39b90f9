// Identifier systems and code systems of the hospital payload. The CCCD system is the one the Vietnamese
// core profile names; the kiosk's own systems are URNs so they never pretend to be an HL7 VN registry entry.
export const CCCD_SYSTEM = 'http://fhir.hl7.org.vn/core/sid/cccd';
export const IDENTIFIER_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0203';
export const ACT_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActCode';
export const PROVENANCE_AGENT_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/provenance-participant-type';
export const DATA_OPERATION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-DataOperation';
/** The visit's request id (UUID) as a business identifier: the hospital deduplicates on it. */
export const REQUEST_ID_SYSTEM = 'urn:ietf:rfc:3986';
export const KIOSK_ID_SYSTEM = 'urn:cccd-kiosk:kiosk-id';
export const CONSENT_ID_SYSTEM = 'urn:cccd-kiosk:consent-id';
export const VISIT_TYPE_SYSTEM = 'urn:cccd-kiosk:visit-type';
/** Extension carrying how identity was verified (facts, never images or templates). */
export const VERIFICATION_EXTENSION = 'urn:cccd-kiosk:StructureDefinition/identity-verification';
/** What the hospital returns on the Encounter for the patient's queue ticket. */
export const QUEUE_TICKET_SYSTEM = 'urn:cccd-kiosk:queue-ticket';
/** BHYT (Vietnamese social health insurance) card numbers on Coverage.identifier. */
export const BHYT_SYSTEM = 'urn:cccd-kiosk:bhyt-card';

export const VISIT_TYPES = {
  'kham-benh': 'Khám bệnh',
  'tai-kham': 'Tái khám',
  'xet-nghiem': 'Xét nghiệm',
  'chan-doan-hinh-anh': 'Chẩn đoán hình ảnh',
  'tiem-chung': 'Tiêm chủng',
} as const;
export type VisitType = keyof typeof VISIT_TYPES;
export const DEFAULT_VISIT_TYPE: VisitType = 'kham-benh';

export function isVisitType(code: string): code is VisitType {
  return Object.hasOwn(VISIT_TYPES, code);
}
