// Turns the raw files of a chip read into the card-read contract (electron/contract/card-read.ts):
// MRZ facts from DG1, personal data from DG13, the portrait's facts from DG2. The portrait bytes stay with
// the caller in memory; the result carries only their format, size and hash.
import { createHash } from 'node:crypto';
import type { AuthenticityFacts, CardMrzFacts, CardPersonalFacts, CardReadResult, PortraitFacts } from '../contract/card-read.ts';
import { LDS_FILES, type LdsFileName } from '../emrtd/lds/files.ts';
import { parseDg1 } from '../emrtd/lds/dg1.ts';
import { parseDg13, type PersonalData } from '../emrtd/lds/dg13.ts';
import { parseDg2 } from '../emrtd/lds/dg2.ts';
import { mrzDateToIso } from '../emrtd/mrz/dates.ts';
import type { Mrz } from '../emrtd/mrz/types.ts';
import type { DocumentRead } from '../emrtd/read/read-document.ts';

export interface ParsedDocument {
  result: CardReadResult;
  /** The portrait image exactly as embedded in DG2 (memory only; wipe when the visit ends). */
  portrait: Uint8Array | null;
}

/**
 * `authenticity` comes from assessAuthenticity() (electron/card/authenticity.ts); without it, passive
 * authentication reads 'not-checked' and AA/CA carry what the read itself found.
 */
export function toCardReadResult(doc: DocumentRead, authenticity?: AuthenticityFacts): ParsedDocument {
  const dg1 = doc.files.get('DG1');
  if (!dg1) throw new Error('toCardReadResult: DG1 missing from a completed read');
  const mrz = mrzFacts(parseDg1(dg1));
  const dg13 = doc.files.get('DG13');
  const personal = dg13 ? personalFacts(parseDg13(dg13)) : null;
  const dg2 = doc.files.get('DG2');
  const face = dg2 ? (parseDg2(dg2).faces[0] ?? null) : null;
  const portrait: PortraitFacts | null = face
    ? { format: face.format, width: face.width, height: face.height, sha256: createHash('sha256').update(face.image).digest('hex') }
    : null;
  const order = (n: LdsFileName): number => LDS_FILES.findIndex((f) => f.name === n);
  return {
    portrait: face ? face.image : null,
    result: {
      access: doc.access,
      mrz,
      personal,
      portrait,
      dataGroups: [...doc.files.keys()].sort((a, b) => order(a) - order(b)),
      // Passive authentication needs a trust store; until it has run the read says so plainly.
      authenticity: authenticity ?? {
        passive: { status: 'not-checked', signer: null, problems: [] },
        active: { status: doc.authentication?.active.status ?? 'not-checked' },
        chip: { status: doc.authentication?.chip.status ?? 'not-checked' },
      },
      stats: doc.stats,
    },
  };
}

export function mrzFacts(m: Mrz): CardMrzFacts {
  return {
    documentCode: m.documentCode,
    issuer: m.issuer,
    documentNumber: m.documentNumber,
    idNumber: m.idNumber,
    dateOfBirth: mrzDateToIso(m.dateOfBirth, 'birth'),
    sex: m.sex,
    dateOfExpiry: mrzDateToIso(m.dateOfExpiry, 'expiry'),
    nationality: m.nationality,
    surname: m.surname,
    givenNames: m.givenNames,
  };
}

export function personalFacts(p: PersonalData): CardPersonalFacts {
  return {
    idNumber: p.idNumber,
    fullName: p.fullName,
    dateOfBirth: p.dateOfBirth,
    sex: p.sex,
    nationality: p.nationality,
    ethnicity: p.ethnicity,
    religion: p.religion,
    placeOfOrigin: p.placeOfOrigin,
    placeOfResidence: p.placeOfResidence,
    identifyingMarks: p.identifyingMarks,
    dateOfIssue: p.dateOfIssue,
    dateOfExpiry: p.dateOfExpiry,
    fatherName: p.fatherName,
    motherName: p.motherName,
    spouseName: p.spouseName,
    oldIdNumber: p.oldIdNumber,
  };
}

