// A card directory: what a software chip is built from. `card.json` ({"mrz": "...", "can"?: "123456"}) plus
// the raw chip files as stored on a real chip (COM.bin, SOD.bin, DG1.bin, DG2.bin, DG13.bin, DG14.bin,
// DG15.bin, CardAccess.bin), whichever exist, and optional private keys (aa-key.pem, ca-key.pem).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmrtdError } from '../../emrtd/errors.ts';
import { LDS_FILES, type LdsFileName } from '../../emrtd/lds/files.ts';

export interface CardProfile {
  /** The MRZ as printed, lines joined or not. */
  mrz: string;
  can?: string;
  files: Map<LdsFileName, Uint8Array>;
  /** PEM private keys for Active / Chip Authentication, when the card has them. */
  aaKeyPem?: string;
  caKeyPem?: string;
}

interface CardJson {
  mrz?: unknown;
  can?: unknown;
}

export function loadCardDirectory(dir: string): CardProfile {
  const jsonPath = join(dir, 'card.json');
  if (!existsSync(jsonPath)) throw new EmrtdError('INPUT_INVALID', `card directory ${dir} has no card.json`);
  let meta: CardJson;
  try {
    meta = JSON.parse(readFileSync(jsonPath, 'utf8')) as CardJson;
  } catch (e) {
    throw new EmrtdError('INPUT_INVALID', `card.json in ${dir} is not valid JSON`, { cause: e });
  }
  if (typeof meta.mrz !== 'string' || meta.mrz.length < 60) {
    throw new EmrtdError('INPUT_INVALID', `card.json in ${dir} needs "mrz" (the MRZ as printed)`);
  }
  if (meta.can !== undefined && (typeof meta.can !== 'string' || !/^\d{6}$/.test(meta.can))) {
    throw new EmrtdError('INPUT_INVALID', `card.json in ${dir}: "can" must be 6 digits`);
  }
  const files = new Map<LdsFileName, Uint8Array>();
  for (const f of LDS_FILES) {
    const p = join(dir, `${f.name}.bin`);
    if (existsSync(p)) files.set(f.name, new Uint8Array(readFileSync(p)));
  }
  if (!files.has('DG1')) throw new EmrtdError('INPUT_INVALID', `card directory ${dir} has no DG1.bin`);
  const readPem = (name: string): string | undefined => {
    const p = join(dir, name);
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  };
  return {
    mrz: meta.mrz,
    can: typeof meta.can === 'string' ? meta.can : undefined,
    files,
    aaKeyPem: readPem('aa-key.pem'),
    caKeyPem: readPem('ca-key.pem'),
  };
}
