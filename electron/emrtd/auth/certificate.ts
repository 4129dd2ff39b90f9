// X.509 certificates of the eMRTD PKI (9303-12 §7.1: CSCA, Document Signer, master-list signer) with the
// fields the trust decisions need, and the exact signed bytes (tbsCertificate) for signature checks.
import { createHash } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { hex } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import { bitStringBytes, decodeAsn1, expectOid, expectSequence, guard, isUniversal, rawOf } from '../lds/asn1.ts';
import { formatName } from '../lds/x500-name.ts';
import { verifySignature } from './signature.ts';

export interface Certificate {
  der: Uint8Array;
  /** tbsCertificate exactly as encoded: what the issuer signed. */
  tbs: Uint8Array;
  subject: string;
  issuer: string;
  /** DER of the subject and issuer Names, for exact comparison. */
  subjectDer: Uint8Array;
  issuerDer: Uint8Array;
  /** Serial number as encoded (two's complement). */
  serialNumber: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  spki: Uint8Array;
  signatureAlgorithm: { oid: string; params: Uint8Array | null };
  signature: Uint8Array;
  subjectKeyIdentifier: Uint8Array | null;
  authorityKeyIdentifier: Uint8Array | null;
  /** KeyUsage bits when the extension is present (RFC 5280 §4.2.1.3), else null. */
  keyUsage: { digitalSignature: boolean; keyCertSign: boolean; cRLSign: boolean } | null;
  isCa: boolean;
  /** SHA-256 fingerprint of the DER, upper-case hex. */
  sha256: string;
}

const EXT_SKI = '2.5.29.14';
const EXT_KEY_USAGE = '2.5.29.15';
const EXT_BASIC_CONSTRAINTS = '2.5.29.19';
const EXT_AKI = '2.5.29.35';

export function algorithmOf(node: asn1js.AsnType | undefined, what: string): { oid: string; params: Uint8Array | null } {
  const alg = expectSequence(node, what);
  const oid = expectOid(alg[0], what);
  const params = alg[1] && !isUniversal(alg[1], 5) ? rawOf(alg[1]) : null;
  return { oid, params };
}

export function parseCertificate(der: Uint8Array): Certificate {
  const what = 'certificate';
  const node = decodeAsn1(der, what);
  const top = expectSequence(node, what);
  if (top.length !== 3) throw new EmrtdError('LDS_MALFORMED', `${what}: expected tbsCertificate, algorithm and signature`);
  const tbsItems = expectSequence(top[0], `${what}.tbsCertificate`);
  const cert = guard(what, () => new pkijs.Certificate({ schema: node }));
  // tbsCertificate: [0] version, serial, signature, issuer, validity, subject, spki, …
  const off = tbsItems[0] && tbsItems[0].idBlock.tagClass === 3 ? 1 : 0;
  const ext = (id: string): pkijs.Extension | undefined => cert.extensions?.find((e) => e.extnID === id);
  let ski: Uint8Array | null = null;
  const skiExt = ext(EXT_SKI);
  if (skiExt?.parsedValue instanceof asn1js.OctetString) ski = new Uint8Array(skiExt.parsedValue.valueBlock.valueHexView);
  let aki: Uint8Array | null = null;
  const akiExt = ext(EXT_AKI);
  if (akiExt?.parsedValue instanceof pkijs.AuthorityKeyIdentifier && akiExt.parsedValue.keyIdentifier) {
    aki = new Uint8Array(akiExt.parsedValue.keyIdentifier.valueBlock.valueHexView);
  }
  let keyUsage: Certificate['keyUsage'] = null;
  const kuExt = ext(EXT_KEY_USAGE);
  if (kuExt?.parsedValue instanceof asn1js.BitString) {
    const b = new Uint8Array(kuExt.parsedValue.valueBlock.valueHexView);
    const first = b[0] ?? 0;
    keyUsage = { digitalSignature: (first & 0x80) !== 0, keyCertSign: (first & 0x04) !== 0, cRLSign: (first & 0x02) !== 0 };
  }
  const bc = ext(EXT_BASIC_CONSTRAINTS)?.parsedValue;
  const isCa = bc instanceof pkijs.BasicConstraints ? !!bc.cA : false;
  return {
    der: new Uint8Array(der),
    tbs: rawOf(top[0]),
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    subjectDer: rawOf(tbsItems[off + 4]),
    issuerDer: rawOf(tbsItems[off + 2]),
    serialNumber: new Uint8Array(cert.serialNumber.valueBlock.valueHexView),
    notBefore: cert.notBefore.value,
    notAfter: cert.notAfter.value,
    spki: rawOf(tbsItems[off + 5]),
    signatureAlgorithm: algorithmOf(top[1], `${what}.signatureAlgorithm`),
    signature: bitStringBytes(top[2], `${what}.signature`),
    subjectKeyIdentifier: ski,
    authorityKeyIdentifier: aki,
    keyUsage,
    isCa,
    sha256: createHash('sha256').update(der).digest('hex').toUpperCase(),
  };
}

/** Case- and space-insensitive DN comparison, for issuers whose string types differ from the CA's subject. */
export function sameName(a: string, b: string): boolean {
  const norm = (s: string): string => s.normalize('NFC').replace(/\s+/g, ' ').trim().toUpperCase();
  return norm(a) === norm(b);
}

/** Could `issuer` have issued `cert`? By name, and by key identifier when both sides carry one. */
export function mayHaveIssued(issuer: Certificate, cert: { issuer: string; authorityKeyIdentifier: Uint8Array | null }): boolean {
  if (!sameName(issuer.subject, cert.issuer)) return false;
  if (cert.authorityKeyIdentifier && issuer.subjectKeyIdentifier) return hex(cert.authorityKeyIdentifier) === hex(issuer.subjectKeyIdentifier);
  return true;
}

/** Does `issuer`'s key verify the signature on `cert`? Unsupported algorithms count as not verified. */
export function signedBy(cert: Pick<Certificate, 'tbs' | 'signatureAlgorithm' | 'signature'>, issuer: Certificate): boolean {
  try {
    return verifySignature({ spki: issuer.spki, algorithmOid: cert.signatureAlgorithm.oid, algorithmParams: cert.signatureAlgorithm.params, data: cert.tbs, signature: cert.signature });
  } catch {
    return false;
  }
}

export function validAt(cert: Pick<Certificate, 'notBefore' | 'notAfter'>, when: Date): boolean {
  return when.getTime() >= cert.notBefore.getTime() && when.getTime() <= cert.notAfter.getTime();
}
