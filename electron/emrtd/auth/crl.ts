// Certificate revocation lists of CSCAs (9303-12 §7.1.4, RFC 5280 §5): who issued it, when, which serial
// numbers it revokes, and the signed bytes to check it against the CSCA before trusting it.
import * as pkijs from 'pkijs';
import { hex } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import { bitStringBytes, decodeAsn1, expectSequence, guard, rawOf } from '../lds/asn1.ts';
import { formatName } from '../lds/x500-name.ts';
import { algorithmOf, type Certificate, sameName } from './certificate.ts';
import { verifySignature } from './signature.ts';

export interface Crl {
  der: Uint8Array;
  tbs: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  /** Revoked serial numbers, upper-case hex as encoded. */
  revoked: Set<string>;
  signatureAlgorithm: { oid: string; params: Uint8Array | null };
  signature: Uint8Array;
}

export function parseCrl(der: Uint8Array): Crl {
  const what = 'CRL';
  const node = decodeAsn1(der, what);
  const top = expectSequence(node, what);
  if (top.length !== 3) throw new EmrtdError('LDS_MALFORMED', `${what}: expected tbsCertList, algorithm and signature`);
  const crl = guard(what, () => new pkijs.CertificateRevocationList({ schema: node }));
  const revoked = new Set<string>();
  for (const r of crl.revokedCertificates ?? []) revoked.add(hex(new Uint8Array(r.userCertificate.valueBlock.valueHexView)));
  return {
    der: new Uint8Array(der),
    tbs: rawOf(top[0]),
    issuer: formatName(crl.issuer),
    thisUpdate: crl.thisUpdate.value,
    nextUpdate: crl.nextUpdate ? crl.nextUpdate.value : null,
    revoked,
    signatureAlgorithm: algorithmOf(top[1], `${what}.signatureAlgorithm`),
    signature: bitStringBytes(top[2], `${what}.signature`),
  };
}

/** The CRL comes from `ca`: same name and signed by its key. */
export function crlIssuedBy(crl: Crl, ca: Certificate): boolean {
  if (!sameName(crl.issuer, ca.subject)) return false;
  try {
    return verifySignature({ spki: ca.spki, algorithmOid: crl.signatureAlgorithm.oid, algorithmParams: crl.signatureAlgorithm.params, data: crl.tbs, signature: crl.signature });
  } catch {
    return false;
  }
}

export function crlRevokes(crl: Crl, serialNumber: Uint8Array): boolean {
  return crl.revoked.has(hex(serialNumber));
}
