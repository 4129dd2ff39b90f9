// Where tests find the team's shared material (../shared beside the repository): ICAO vectors and face photos.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const sharedDir = resolve(repoRoot, '..', 'shared');

export function sharedPath(...parts: string[]): string {
  return resolve(sharedDir, ...parts);
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The ICAO 9303-11 worked examples (section by name), parsed from ../shared/vectors/icao-9303-11.json. */
export function icaoVectors(): Record<string, Json> {
  return JSON.parse(readFileSync(sharedPath('vectors', 'icao-9303-11.json'), 'utf8')) as Record<string, Json>;
}
