// EF.SOD, the document security object (9303-10 §4.6.2.2, 9303-12 §4.6.2): tag 77 around a CMS
// ContentInfo (RFC 5652) whose SignedData encapsulates the LDSSecurityObject — the hash of every data group.
// This module only takes the structure apart; passive authentication (hashes, signature, chain) is done
// elsewhere from what is kept here, so the parts it needs are handed out byte-exact as encoded.
import * as pkijs from 'pkijs';
import { EmrtdError } from '../errors.ts';
import type { Asn1 } from './asn1.ts';
import {
  childrenOf,
  decodeAsn1,
  expectOid,
  expectOuterTlv,
  expectSequence,
  expectSet,
  expectSmallInt,
  guard,
  integerBytes,
  isContext,
  isUniversal,
  octetStringBytes,
  rawOf,
  stringValue,
} from './asn1.ts';
import type { HashName } from './oids.ts';
import { HASH_BY_OID, ID_LDS_SECURITY_OBJECT, ID_SIGNED_DATA } from './oids.ts';
import { formatName, formatNameNode } from './x500-name.ts';

export interface SignerIdentifier {
  /** Issuer of the signer's certificate (IssuerAndSerialNumber form), formatted as in {@link formatName}. */
  issuer?: string;
  /** Serial number as encoded (two's complement, big-endian). */
  serialNumber?: Uint8Array;
  /** SubjectKeyIdentifier form ([0]). */
  subjectKeyIdentifier?: Uint8Array;
}

export interface SodSignerInfo {
  digestAlgorithmOid: string;
  signatureAlgorithmOid: string;
  /** DER of the signature AlgorithmIdentifier parameters (RSASSA-PSS needs them), or null when absent. */
  signatureAlgorithmParams: Uint8Array | null;
  /** The signed attributes re-tagged as SET (31), exactly as they must be hashed (RFC 5652 §5.4). */
  signedAttributes: Uint8Array | null;
  signature: Uint8Array;
  sid: SignerIdentifier;
}

export interface Sod {
  /** Hash algorithm of the data-group hashes (LDSSecurityObject.hashAlgorithm). */
  digestAlgorithm: { oid: string; name: HashName };
  /** LDSVersionInfo.ldsVersion, e.g. "0108" (LDS 1.8); null for a V0 security object. */
  ldsVersion: string | null;
  unicodeVersion: string | null;
  /** Data-group number → hash value. */
  dataGroupHashes: Map<number, Uint8Array>;
  /** DER of the document signer certificate embedded in SignedData.certificates, or null. */
  signerCertificate: Uint8Array | null;
  /** Every certificate embedded in SignedData (DER), in order. */
  certificates: Uint8Array[];
  signerInfo: SodSignerInfo;
  /** The LDSSecurityObject DER: the eContent whose hash is the messageDigest signed attribute. */
  encapsulatedContent: Uint8Array;
}

function malformed(message: string): EmrtdError {
  return new EmrtdError('LDS_MALFORMED', `EF.SOD: ${message}`);
}

/** LDSSecurityObject ::= SEQUENCE { version, hashAlgorithm, dataGroupHashValues, ldsVersionInfo OPTIONAL } */
function parseLdsSecurityObject(der: Uint8Array): Pick<Sod, 'digestAlgorithm' | 'ldsVersion' | 'unicodeVersion' | 'dataGroupHashes'> {
  const what = 'LDSSecurityObject';
  const seq = expectSequence(decodeAsn1(der, what), what);
  if (seq.length < 3 || seq.length > 4) throw malformed(`${what} has ${seq.length} elements`);
  const version = expectSmallInt(seq[0], `${what}.version`);
  if (version > 1) throw malformed(`${what} version ${version}`);
  const alg = expectSequence(seq[1], `${what}.hashAlgorithm`);
  const oid = expectOid(alg[0], `${what}.hashAlgorithm`);
  const name = HASH_BY_OID[oid];
  if (!name) throw new EmrtdError('UNSUPPORTED', `EF.SOD: hash algorithm ${oid}`);

  const dataGroupHashes = new Map<number, Uint8Array>();
  for (const entry of expectSequence(seq[2], `${what}.dataGroupHashValues`)) {
    const dgh = expectSequence(entry, 'DataGroupHash');
    if (dgh.length !== 2) throw malformed('DataGroupHash must have two elements');
    const dg = expectSmallInt(dgh[0], 'DataGroupHash.dataGroupNumber');
    if (dg < 1 || dg > 16) throw malformed(`data group number ${dg}`);
    if (dataGroupHashes.has(dg)) throw malformed(`DG${dg} hashed twice`);
    dataGroupHashes.set(dg, octetStringBytes(dgh[1], 'DataGroupHash.dataGroupHashValue'));
  }

  let ldsVersion: string | null = null;
  let unicodeVersion: string | null = null;
  if (seq.length === 4) {
    const info = expectSequence(seq[3], 'LDSVersionInfo');
    if (info.length !== 2) throw malformed('LDSVersionInfo must have two elements');
    ldsVersion = stringValue(info[0], 'LDSVersionInfo.ldsVersion');
    unicodeVersion = stringValue(info[1], 'LDSVersionInfo.unicodeVersion');
  }
  return { digestAlgorithm: { oid, name }, ldsVersion, unicodeVersion, dataGroupHashes };
}

function parseSid(node: Asn1): SignerIdentifier {
  if (isContext(node, 0)) {
    // subjectKeyIdentifier [0] IMPLICIT OCTET STRING
    if (node.idBlock.isConstructed) throw malformed('SignerIdentifier [0] must be primitive');
    return { subjectKeyIdentifier: new Uint8Array((node.valueBlock as { valueHexView: Uint8Array }).valueHexView) };
  }
  const ias = expectSequence(node, 'IssuerAndSerialNumber');
  if (ias.length !== 2) throw malformed('IssuerAndSerialNumber must have two elements');
  return { issuer: formatNameNode(ias[0]), serialNumber: integerBytes(ias[1], 'IssuerAndSerialNumber.serialNumber') };
}

/** SignerInfo ::= SEQUENCE { version, sid, digestAlgorithm, [0] signedAttrs OPT, signatureAlgorithm, signature, [1] OPT } */
export function parseSignerInfo(node: Asn1): SodSignerInfo {
  const items = expectSequence(node, 'SignerInfo');
  let i = 0;
  expectSmallInt(items[i++], 'SignerInfo.version');
  const sidNode = items[i++];
  if (!sidNode) throw malformed('SignerInfo without sid');
  const sid = parseSid(sidNode);
  const digestAlgorithmOid = expectOid(expectSequence(items[i++], 'SignerInfo.digestAlgorithm')[0], 'digestAlgorithm');
  let signedAttributes: Uint8Array | null = null;
  if (items[i] && isContext(items[i], 0)) {
    signedAttributes = rawOf(items[i++]);
    signedAttributes[0] = 0x31; // hashed as an explicit SET OF, RFC 5652 §5.4
  }
  const sigAlg = expectSequence(items[i++], 'SignerInfo.signatureAlgorithm');
  const signatureAlgorithmOid = expectOid(sigAlg[0], 'signatureAlgorithm');
  const signatureAlgorithmParams = sigAlg[1] && !isUniversal(sigAlg[1], 5) ? rawOf(sigAlg[1]) : null;
  const signature = octetStringBytes(items[i++], 'SignerInfo.signature');
  return { digestAlgorithmOid, signatureAlgorithmOid, signatureAlgorithmParams, signedAttributes, signature, sid };
}

/** Is this the certificate the SignerInfo's sid names (subject key identifier, or issuer and serial)? */
export function certificateMatches(cert: pkijs.Certificate, sid: SignerIdentifier): boolean {
  if (sid.subjectKeyIdentifier) {
    const ext = cert.extensions?.find((e) => e.extnID === '2.5.29.14');
    const ski = ext?.extnValue.valueBlock.valueHexView;
    // extnValue wraps the KeyIdentifier OCTET STRING: 04 len id
    if (!ski || ski.length < 2) return false;
    const id = ski.subarray(2);
    return id.length === sid.subjectKeyIdentifier.length && id.every((b, k) => b === sid.subjectKeyIdentifier?.[k]);
  }
  if (!sid.serialNumber || sid.issuer === undefined) return false;
  const serial = cert.serialNumber.valueBlock.valueHexView;
  return (
    formatName(cert.issuer) === sid.issuer &&
    serial.length === sid.serialNumber.length &&
    serial.every((b, k) => b === sid.serialNumber?.[k])
  );
}

export function parseSod(bytes: Uint8Array): Sod {
  const outer = expectOuterTlv(bytes, 0x77, 'EF.SOD');

  const ciNode = decodeAsn1(outer.value, 'EF.SOD ContentInfo');
  const contentInfo = guard('EF.SOD ContentInfo', () => new pkijs.ContentInfo({ schema: ciNode }));
  if (contentInfo.contentType !== ID_SIGNED_DATA) throw malformed(`content type ${contentInfo.contentType}, expected signedData`);
  const sdNode = contentInfo.content as Asn1;
  const signedData = guard('EF.SOD SignedData', () => new pkijs.SignedData({ schema: sdNode }));

  if (signedData.encapContentInfo.eContentType !== ID_LDS_SECURITY_OBJECT) {
    throw malformed(`eContentType ${signedData.encapContentInfo.eContentType}, expected ldsSecurityObject`);
  }
  const eContent = signedData.encapContentInfo.eContent;
  if (!eContent) throw malformed('no encapsulated LDSSecurityObject');
  const encapsulatedContent = octetStringBytes(eContent as Asn1, 'eContent');
  const lso = parseLdsSecurityObject(encapsulatedContent);

  // Raw certificates and signer infos straight from the decoded tree, so the bytes are exactly as signed.
  const sdChildren = expectSequence(sdNode, 'SignedData');
  const certSet = sdChildren.find((c) => isContext(c, 0));
  const certNodes = certSet ? childrenOf(certSet, 'SignedData.certificates') : [];
  const certificates = certNodes.map(rawOf);
  const signerInfoNodes = expectSet(sdChildren[sdChildren.length - 1], 'SignedData.signerInfos');
  if (signerInfoNodes.length === 0) throw malformed('no SignerInfo');
  const signerInfo = parseSignerInfo(signerInfoNodes[0]);

  const parsedCerts = signedData.certificates ?? [];
  let signerCertificate: Uint8Array | null = null;
  for (let k = 0; k < parsedCerts.length && signerCertificate === null; k++) {
    const c = parsedCerts[k];
    if (c instanceof pkijs.Certificate && certificateMatches(c, signerInfo.sid)) signerCertificate = certificates[k] ?? null;
  }
  // A lone embedded certificate is the signer's even when the sid is encoded differently; verification decides.
  if (signerCertificate === null && certificates.length === 1) signerCertificate = certificates[0];

  return { ...lso, signerCertificate, certificates, signerInfo, encapsulatedContent };
}

/** Subject of the embedded document signer certificate, e.g. "C=VN, O=…, CN=…", or null without one. */
export function signerSubjectDn(sod: Sod): string | null {
  if (!sod.signerCertificate) return null;
  try {
    const node = decodeAsn1(sod.signerCertificate, 'DS certificate');
    const cert = new pkijs.Certificate({ schema: node });
    return formatName(cert.subject);
  } catch {
    return null;
  }
}
