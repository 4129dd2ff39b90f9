// Passive Authentication (9303-11 §5.1, 9303-12 §4–§7): EF.SOD's signature by the Document Signer, the DS
// certificate's validity, key usage and revocation, its chain to a trusted CSCA, and the hash of every data
// group read compared with the one EF.SOD signs. The verdict names every problem found, not only the first.
import { equal } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import { parseSod, type Sod } from '../lds/sod.ts';
import { ID_LDS_SECURITY_OBJECT } from '../lds/oids.ts';
import { type Certificate, parseCertificate, signedBy, validAt } from './certificate.ts';
import { checkSignerInfo } from './cms.ts';
import { crlRevokes } from './crl.ts';
import { digest } from './hash.ts';
import type { TrustStore } from './trust-store.ts';

export type PassiveStatus = 'valid' | 'invalid' | 'signer-untrusted';

export interface DataGroupCheck {
  dg: number;
  status: 'match' | 'mismatch' | 'not-in-sod';
}

export interface PassiveResult {
  status: PassiveStatus;
  /** Subject DN of the Document Signer certificate, when EF.SOD carries one. */
  signer: string | null;
  problems: string[];
  /** Subject DN of the CSCA the chain reached, or null. */
  csca: string | null;
  /** EF.SOD signature algorithm, e.g. "ECDSA-SHA-256 P-256". */
  algorithm: string | null;
  dataGroups: DataGroupCheck[];
  revocation: 'not-revoked' | 'revoked' | 'unknown';
  /** DER of the Document Signer certificate (for the optional online signer check). */
  signerCertificate: Uint8Array | null;
}

export interface PassiveInput {
  /** EF.SOD as read. */
  sod: Uint8Array;
  /** Data-group number → the file as read (outer tag included). */
  dataGroups: ReadonlyMap<number, Uint8Array>;
  trust: TrustStore;
  /** The moment of the check (certificate validity); now by default. */
  now?: Date;
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function verifyPassive(input: PassiveInput): PassiveResult {
  const now = input.now ?? new Date();
  const result: PassiveResult = {
    status: 'invalid',
    signer: null,
    problems: [],
    csca: null,
    algorithm: null,
    dataGroups: [],
    revocation: 'unknown',
    signerCertificate: null,
  };
  let sod: Sod;
  try {
    sod = parseSod(input.sod);
  } catch (e) {
    result.problems.push(`malformed EF.SOD${e instanceof EmrtdError ? `: ${e.message}` : ''}`);
    return result;
  }

  // 9303-11 §5.1.2: every data group read must hash to the value EF.SOD signs.
  const integrity: string[] = [];
  for (const [dg, bytes] of [...input.dataGroups.entries()].sort((a, b) => a[0] - b[0])) {
    const expected = sod.dataGroupHashes.get(dg);
    if (!expected) {
      result.dataGroups.push({ dg, status: 'not-in-sod' });
      integrity.push(`DG${dg} not covered by EF.SOD`);
      continue;
    }
    const ok = equal(digest(sod.digestAlgorithm.name, bytes), expected);
    result.dataGroups.push({ dg, status: ok ? 'match' : 'mismatch' });
    if (!ok) integrity.push(`hash mismatch DG${dg}`);
  }

  let ds: Certificate | null = null;
  if (sod.signerCertificate) {
    try {
      ds = parseCertificate(sod.signerCertificate);
      result.signer = ds.subject;
      result.signerCertificate = ds.der;
    } catch {
      integrity.push('malformed document signer certificate');
    }
  } else {
    integrity.push('no document signer certificate in EF.SOD');
  }

  let untrusted = false;
  if (ds) {
    // 9303-11 §5.1.1 steps 2–3: signed attributes and signature with the DS key.
    const check = checkSignerInfo(sod.signerInfo, sod.encapsulatedContent, ID_LDS_SECURITY_OBJECT, ds.spki);
    result.algorithm = check.algorithm;
    integrity.push(...check.problems);

    if (now < ds.notBefore) integrity.push(`signer not yet valid (from ${isoDay(ds.notBefore)})`);
    if (now > ds.notAfter) integrity.push(`expired signer (valid until ${isoDay(ds.notAfter)})`);
    if (ds.keyUsage && !ds.keyUsage.digitalSignature) integrity.push('signer key usage lacks digitalSignature');

    // 9303-12 §5.1: the DS certificate must be signed by a trusted CSCA.
    const csca = input.trust.candidateIssuers(ds).find((c) => signedBy(ds as Certificate, c)) ?? null;
    if (!csca) {
      untrusted = true;
      result.problems.push(`chain does not reach a trusted CSCA (issuer ${ds.issuer})`);
    } else {
      result.csca = csca.subject;
      if (!validAt(csca, now) && !validAt(csca, ds.notBefore)) integrity.push('CSCA certificate not valid when the signer was issued');
      const crls = input.trust.crlsOf(csca);
      if (crls.length > 0) {
        const revoked = crls.some((c) => crlRevokes(c, ds.serialNumber));
        result.revocation = revoked ? 'revoked' : 'not-revoked';
        if (revoked) integrity.push('revoked signer');
      }
    }
  }

  result.problems.unshift(...integrity);
  result.status = integrity.length > 0 ? 'invalid' : untrusted ? 'signer-untrusted' : 'valid';
  return result;
}
