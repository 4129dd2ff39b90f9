// Offline validation of an admission bundle before it is queued: Medplum's structural validation against
// the shipped R4 definitions, plus the checks Medplum does not make (required value sets such as
// Patient.gender, the 12-digit CCCD, identifier systems, references that resolve inside the bundle).
// Errors name paths, never values, so they can be logged.
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Bundle, Encounter, Patient, Resource } from '@medplum/fhirtypes';
import { BackendError } from '../errors.ts';
import { ensureFhirDefinitions } from './fhir-definitions.ts';
import { ACT_CODE_SYSTEM, CCCD_SYSTEM, IDENTIFIER_TYPE_SYSTEM, REQUEST_ID_SYSTEM } from './fhir-systems.ts';

const GENDERS = new Set(['male', 'female', 'other', 'unknown']);
const ENCOUNTER_STATUS = new Set(['planned', 'arrived', 'triaged', 'in-progress', 'onleave', 'finished', 'cancelled', 'entered-in-error', 'unknown']);
const PATIENT_IDENTIFIER_SYSTEMS = new Set([CCCD_SYSTEM]);
const ALLOWED_TYPES = new Set(['Patient', 'Encounter', 'Provenance', 'Account']);
const CCCD = /^\d{12}$/;

export interface BundleProblem {
  path: string;
  message: string;
}

function medplumProblems(resource: Resource, path: string): BundleProblem[] {
  try {
    validateResource(resource);
    return [];
  } catch (e) {
    if (e instanceof OperationOutcomeError) {
      return (e.outcome.issue ?? [])
        .filter((i) => i.severity === 'error' || i.severity === 'fatal')
        .map((i) => ({ path: `${path}${(i.expression?.[0] ?? '').replace(/^[A-Za-z]+/, '')}`, message: i.details?.text ?? 'invalid' }));
    }
    throw e;
  }
}

function patientProblems(p: Patient, path: string, ifNoneExist: string | undefined): BundleProblem[] {
  const out: BundleProblem[] = [];
  if (!p.gender || !GENDERS.has(p.gender)) out.push({ path: `${path}.gender`, message: 'not in the AdministrativeGender value set' });
  const ids = p.identifier ?? [];
  ids.forEach((id, i) => {
    if (!id.system || !PATIENT_IDENTIFIER_SYSTEMS.has(id.system)) out.push({ path: `${path}.identifier[${i}].system`, message: 'unknown identifier system' });
  });
  const cccd = ids.filter((id) => id.system === CCCD_SYSTEM);
  if (cccd.length !== 1) out.push({ path: `${path}.identifier`, message: 'exactly one CCCD identifier required' });
  const id = cccd[0];
  if (id) {
    if (!id.value || !CCCD.test(id.value)) out.push({ path: `${path}.identifier.value`, message: 'CCCD must be 12 digits' });
    const type = id.type?.coding?.[0];
    if (type?.system !== IDENTIFIER_TYPE_SYSTEM || type.code !== 'NI') out.push({ path: `${path}.identifier.type`, message: 'CCCD identifier type must be v2-0203 NI' });
    if (ifNoneExist !== `identifier=${CCCD_SYSTEM}|${id.value}`) out.push({ path: `${path}.request.ifNoneExist`, message: 'must search the CCCD identifier' });
  }
  if (p.photo?.length) out.push({ path: `${path}.photo`, message: 'no portrait leaves the kiosk' });
  if (!p.name?.[0]?.text) out.push({ path: `${path}.name`, message: 'the name as on the chip is required' });
  if (p.birthDate && (p.birthDate < '1900-01-01' || p.birthDate > new Date().toISOString().slice(0, 10))) {
    out.push({ path: `${path}.birthDate`, message: 'outside 1900..today' });
  }
  return out;
}

function encounterProblems(e: Encounter, path: string): BundleProblem[] {
  const out: BundleProblem[] = [];
  if (!ENCOUNTER_STATUS.has(e.status)) out.push({ path: `${path}.status`, message: 'not in the EncounterStatus value set' });
  if (e.class?.system !== ACT_CODE_SYSTEM || e.class.code !== 'AMB') out.push({ path: `${path}.class`, message: 'must be v3-ActCode AMB' });
  if (!e.identifier?.some((i) => i.system === REQUEST_ID_SYSTEM)) out.push({ path: `${path}.identifier`, message: 'request id required' });
  return out;
}

/** All problems of an admission bundle (empty when valid). */
export function admissionBundleProblems(bundle: Bundle): BundleProblem[] {
  ensureFhirDefinitions();
  const out: BundleProblem[] = [];
  if (bundle.resourceType !== 'Bundle' || bundle.type !== 'transaction') out.push({ path: 'Bundle.type', message: 'must be a transaction' });
  out.push(...medplumProblems(bundle, 'Bundle'));
  const fullUrls = new Set((bundle.entry ?? []).map((e) => e.fullUrl));
  let patients = 0;
  let encounters = 0;
  (bundle.entry ?? []).forEach((entry, i) => {
    const path = `Bundle.entry[${i}]`;
    const r = entry.resource;
    if (!r) {
      out.push({ path: `${path}.resource`, message: 'missing' });
      return;
    }
    if (!ALLOWED_TYPES.has(r.resourceType)) out.push({ path: `${path}.resource`, message: `${r.resourceType} is not part of an admission` });
    if (!entry.fullUrl?.startsWith('urn:uuid:')) out.push({ path: `${path}.fullUrl`, message: 'must be a urn:uuid' });
    if (!entry.request || entry.request.url !== r.resourceType || entry.request.method !== 'POST') {
      out.push({ path: `${path}.request`, message: 'must POST to the resource type' });
    }
    // Every urn:uuid reference must point at an entry of this bundle.
    JSON.stringify(r, (k, v: unknown) => {
      if (k === 'reference' && typeof v === 'string' && v.startsWith('urn:uuid:') && !fullUrls.has(v)) {
        out.push({ path: `${path}.resource`, message: 'reference to no entry of the bundle' });
      }
      return v;
    });
    if (r.resourceType === 'Patient') {
      patients++;
      out.push(...patientProblems(r, `${path}.resource`, entry.request?.ifNoneExist));
    } else if (r.resourceType === 'Encounter') {
      encounters++;
      out.push(...encounterProblems(r, `${path}.resource`));
    }
  });
  if (patients !== 1) out.push({ path: 'Bundle.entry', message: 'exactly one Patient required' });
  if (encounters !== 1) out.push({ path: 'Bundle.entry', message: 'exactly one Encounter required' });
  return out;
}

/** Throws INVALID_BUNDLE listing every problem's path. */
export function validateAdmissionBundle(bundle: Bundle): Bundle {
  const problems = admissionBundleProblems(bundle);
  if (problems.length > 0) {
    throw new BackendError('INVALID_BUNDLE', problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  }
  return bundle;
}
