// The identity facts a backend needs, taken from the `kiosk card read --json` result: DG13 where present
// (Unicode name, residence), the MRZ (DG1) otherwise. Also parses that JSON when it comes from a file.
import type { CardReadResult } from '../contract/card-read.ts';
import { BackendError } from './errors.ts';

export interface CitizenIdentity {
  /** 12-digit CCCD number. */
  idNumber: string;
  /** Unicode full name, family name first (DG13), or the MRZ name in ASCII when DG13 is absent. */
  fullName: string;
  /** MRZ name field as SURNAME<<GIVEN<NAMES, for the airline cross-check. */
  mrzName: string;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'X' | null;
  placeOfResidence: string | null;
  nationality: string | null;
  documentNumber: string;
  documentExpiry: string | null;
  issuer: string;
}

const CCCD = /^\d{12}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function bad(what: string): never {
  throw new BackendError('INVALID_INPUT', `card data: ${what}`);
}

export function identityFromCard(card: CardReadResult): CitizenIdentity {
  const p = card.personal;
  const idNumber = p?.idNumber ?? card.mrz.idNumber;
  if (!idNumber || !CCCD.test(idNumber)) bad('no 12-digit CCCD number in DG13 or the MRZ');
  if (p?.idNumber && card.mrz.idNumber && p.idNumber !== card.mrz.idNumber) bad('DG13 and MRZ ID numbers differ');
  const mrzFull = `${card.mrz.surname} ${card.mrz.givenNames}`.trim();
  const fullName = (p?.fullName ?? mrzFull).normalize('NFC').trim();
  if (!fullName) bad('no name');
  const dateOfBirth = p?.dateOfBirth ?? card.mrz.dateOfBirth;
  if (dateOfBirth !== null && !ISO_DATE.test(dateOfBirth)) bad('date of birth is not YYYY-MM-DD');
  return {
    idNumber,
    fullName,
    mrzName: `${card.mrz.surname.replace(/ /g, '<')}<<${card.mrz.givenNames.replace(/ /g, '<')}`,
    dateOfBirth,
    sex: p?.sex ?? card.mrz.sex ?? null,
    placeOfResidence: p?.placeOfResidence?.normalize('NFC') ?? null,
    nationality: p?.nationality ?? card.mrz.nationality ?? null,
    documentNumber: card.mrz.documentNumber,
    documentExpiry: p?.dateOfExpiry ?? card.mrz.dateOfExpiry,
    issuer: card.mrz.issuer,
  };
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses the JSON printed by `kiosk card read --json`; checks the fields the backends rely on. */
export function parseCardReadJson(text: string): CardReadResult {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    bad('not JSON');
  }
  if (!isObj(v)) bad('not an object');
  if (isObj(v.error)) bad('the file holds a card-read error, not a card');
  const mrz = v.mrz;
  if (!isObj(mrz)) bad('mrz missing');
  for (const k of ['documentNumber', 'surname', 'givenNames', 'issuer']) {
    if (typeof mrz[k] !== 'string') bad(`mrz.${k} missing`);
  }
  if (v.personal !== null && !isObj(v.personal)) bad('personal must be an object or null');
  const auth = v.authenticity;
  if (!isObj(auth) || !isObj(auth.passive) || !isObj(auth.active) || !isObj(auth.chip)) bad('authenticity missing');
  if (!isObj(v.access)) bad('access missing');
  return v as unknown as CardReadResult;
}
