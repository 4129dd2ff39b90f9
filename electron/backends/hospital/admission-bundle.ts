// The hospital admission as one FHIR R4 transaction (R4 §3.1.0.11.2 "transaction"): the Patient created
// only if no Patient has this CCCD (conditional create, `ifNoneExist`), an arrived ambulatory Encounter
// created only once per request id, a Provenance saying how identity was verified, and — when the hospital
// reported BHYT coverage — an Account pointing at that Coverage. All fullUrls derive from the request id,
// so the same visit always yields the same bundle.
import type { Account, Bundle, BundleEntry, Encounter, Extension, Location, Patient, Provenance, Reference } from '@medplum/fhirtypes';
import type { AuthenticityFacts, CardReadResult } from '../../contract/card-read.ts';
import { identityFromCard, type CitizenIdentity } from '../card-identity.ts';
import { consentTextUri, derivedUuid, type SubmissionContext, type VerificationFacts } from '../visit-facts.ts';
import {
  ACT_CODE_SYSTEM, CCCD_SYSTEM, CONSENT_ID_SYSTEM, DATA_OPERATION_SYSTEM, IDENTIFIER_TYPE_SYSTEM, KIOSK_ID_SYSTEM,
  PROVENANCE_AGENT_TYPE_SYSTEM, REQUEST_ID_SYSTEM, VERIFICATION_EXTENSION, VISIT_TYPE_SYSTEM, VISIT_TYPES,
  type VisitType,
} from './fhir-systems.ts';

export interface AdmissionInput {
  card: CardReadResult;
  visitType: VisitType;
  context: SubmissionContext;
  verification: VerificationFacts;
  /** `Coverage/<id>` the hospital returned for this CCCD, if any. */
  coverage?: string | null;
}

const GENDER = { M: 'male', F: 'female', X: 'other' } as const;

function patientOf(id: CitizenIdentity): Patient {
  const words = id.fullName.split(/\s+/);
  const patient: Patient = {
    resourceType: 'Patient',
    identifier: [
      {
        use: 'official',
        type: { coding: [{ system: IDENTIFIER_TYPE_SYSTEM, code: 'NI', display: 'National unique individual identifier' }] },
        system: CCCD_SYSTEM,
        value: id.idNumber,
      },
    ],
    // Vietnamese order: family name first; `text` keeps the name exactly as on the chip.
    name: [{ use: 'official', text: id.fullName, family: words[0], given: words.length > 1 ? words.slice(1) : undefined }],
    gender: id.sex ? GENDER[id.sex] : 'unknown',
  };
  if (id.dateOfBirth) patient.birthDate = id.dateOfBirth;
  if (id.placeOfResidence) patient.address = [{ use: 'home', type: 'physical', text: id.placeOfResidence, country: 'VN' }];
  return patient;
}

function code(url: string, valueCode: string): Extension {
  return { url, valueCode };
}

function verificationExtension(a: AuthenticityFacts, card: CardReadResult, v: VerificationFacts): Extension {
  const ext: Extension[] = [
    code('access-protocol', card.access.protocol),
    code('chip-passive-authentication', a.passive.status),
    code('chip-active-authentication', a.active.status),
    code('chip-authentication', a.chip.status),
    code('face-match', v.face.result),
    code('liveness', v.liveness.result),
  ];
  if (v.face.score !== null) ext.push({ url: 'face-score', valueDecimal: v.face.score });
  if (v.face.threshold !== null) ext.push({ url: 'face-threshold', valueDecimal: v.face.threshold });
  if (v.liveness.score !== null) ext.push({ url: 'liveness-score', valueDecimal: v.liveness.score });
  if (v.staffOverride) {
    ext.push(code('decided-by', 'staff'), { url: 'staff-reason', valueString: v.staffOverride.reason });
  }
  return { url: VERIFICATION_EXTENSION, extension: ext };
}

export function buildAdmissionBundle(input: AdmissionInput): Bundle {
  const { card, context, verification, visitType } = input;
  const identity = identityFromCard(card);
  const rid = context.requestId;
  const patientUrl = `urn:uuid:${derivedUuid(rid, 'Patient')}`;
  const encounterUrl = `urn:uuid:${derivedUuid(rid, 'Encounter')}`;
  const provenanceUrl = `urn:uuid:${derivedUuid(rid, 'Provenance')}`;
  const accountUrl = `urn:uuid:${derivedUuid(rid, 'Account')}`;
  const requestIdentifier = { system: REQUEST_ID_SYSTEM, value: `urn:uuid:${rid}` };
  const location: Reference<Location> = { reference: `Location/${context.locationId}` };
  const patientRef: Reference<Patient> = { reference: patientUrl };

  const encounter: Encounter = {
    resourceType: 'Encounter',
    identifier: [requestIdentifier],
    status: 'arrived',
    class: { system: ACT_CODE_SYSTEM, code: 'AMB', display: 'ambulatory' },
    type: [{ coding: [{ system: VISIT_TYPE_SYSTEM, code: visitType, display: VISIT_TYPES[visitType] }] }],
    subject: patientRef,
    period: { start: context.at },
    location: [{ location, status: 'active' }],
  };
  const provenance: Provenance = {
    resourceType: 'Provenance',
    target: [{ reference: encounterUrl }, { reference: patientUrl }],
    recorded: context.at,
    activity: { coding: [{ system: DATA_OPERATION_SYSTEM, code: 'CREATE' }] },
    location,
    agent: [
      {
        type: { coding: [{ system: PROVENANCE_AGENT_TYPE_SYSTEM, code: 'device', display: 'Device' }] },
        who: { identifier: { system: KIOSK_ID_SYSTEM, value: context.kioskId }, display: 'Kiosk check-in' },
      },
    ],
    // The consent wording agreed to, as the policy the check-in was done under.
    ...(verification.consentText ? { policy: [consentTextUri(verification.consentText)] } : {}),
    entity: [{ role: 'source', what: { identifier: { system: CONSENT_ID_SYSTEM, value: verification.consentId } } }],
    extension: [verificationExtension(card.authenticity, card, verification)],
  };

  const entries: BundleEntry[] = [
    {
      fullUrl: patientUrl,
      resource: patientOf(identity),
      request: { method: 'POST', url: 'Patient', ifNoneExist: `identifier=${CCCD_SYSTEM}|${identity.idNumber}` },
    },
  ];
  if (input.coverage) {
    const account: Account = {
      resourceType: 'Account',
      identifier: [requestIdentifier],
      status: 'active',
      subject: [patientRef],
      coverage: [{ coverage: { reference: input.coverage } }],
    };
    encounter.account = [{ reference: accountUrl }];
    entries.push({
      fullUrl: accountUrl,
      resource: account,
      request: { method: 'POST', url: 'Account', ifNoneExist: `identifier=${REQUEST_ID_SYSTEM}|${requestIdentifier.value}` },
    });
  }
  entries.push(
    {
      fullUrl: encounterUrl,
      resource: encounter,
      request: { method: 'POST', url: 'Encounter', ifNoneExist: `identifier=${REQUEST_ID_SYSTEM}|${requestIdentifier.value}` },
    },
    { fullUrl: provenanceUrl, resource: provenance, request: { method: 'POST', url: 'Provenance' } },
  );
  return { resourceType: 'Bundle', type: 'transaction', entry: entries };
}
