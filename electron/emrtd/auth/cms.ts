// CMS SignedData checks shared by EF.SOD and CSCA master lists (RFC 5652 §5.4, §5.6; 9303-11 §5.1.1,
// 9303-12 §9): the signed attributes carry the content type and the digest of the encapsulated content,
// and the signature covers the DER of the signed attributes (re-tagged SET) with the signer's key.
import * as pkijs from 'pkijs';
import { equal } from '../bytes.ts';
import { EmrtdError } from '../errors.ts';
import type { Asn1 } from '../lds/asn1.ts';
import {
  childrenOf,
  decodeAsn1,
  expectOid,
  expectSequence,
  expectSet,
  guard,
  isContext,
  octetStringBytes,
  rawOf,
} from '../lds/asn1.ts';
import { ID_CONTENT_TYPE, ID_MESSAGE_DIGEST, ID_SIGNED_DATA } from '../lds/oids.ts';
import { certificateMatches, parseSignerInfo, type SodSignerInfo } from '../lds/sod.ts';
import { digest, hashByOid } from './hash.ts';
import { describeSignature, verifySignature } from './signature.ts';

export interface SignedAttributes {
  contentType: string | null;
  messageDigest: Uint8Array | null;
}

export function parseSignedAttributes(setDer: Uint8Array): SignedAttributes {
  const what = 'signed attributes';
  const out: SignedAttributes = { contentType: null, messageDigest: null };
  for (const attr of expectSet(decodeAsn1(setDer, what), what)) {
    const [type, values] = expectSequence(attr, 'Attribute');
    const oid = expectOid(type, 'Attribute.type');
    const vals = expectSet(values, 'Attribute.values');
    if (oid === ID_CONTENT_TYPE) out.contentType = expectOid(vals[0], 'contentType');
    if (oid === ID_MESSAGE_DIGEST) out.messageDigest = octetStringBytes(vals[0], 'messageDigest');
  }
  return out;
}

export interface SignerInfoCheck {
  /** Empty when the signer info verifies. */
  problems: string[];
  /** Readable algorithm, e.g. "ECDSA-SHA-256 brainpoolP512r1". */
  algorithm: string;
}

/** Check digest, content type and signature of one SignerInfo over `eContent`, with the signer's public key. */
export function checkSignerInfo(si: SodSignerInfo, eContent: Uint8Array, eContentType: string, signerSpki: Uint8Array): SignerInfoCheck {
  const problems: string[] = [];
  let digestHash;
  try {
    digestHash = hashByOid(si.digestAlgorithmOid, 'SignerInfo.digestAlgorithm');
  } catch {
    return { problems: [`unsupported digest algorithm ${si.digestAlgorithmOid}`], algorithm: si.signatureAlgorithmOid };
  }
  const algorithm = describeSignature({ spki: signerSpki, algorithmOid: si.signatureAlgorithmOid, algorithmParams: si.signatureAlgorithmParams, digestHint: digestHash });
  let signed = eContent;
  if (si.signedAttributes) {
    let attrs: SignedAttributes;
    try {
      attrs = parseSignedAttributes(si.signedAttributes);
    } catch {
      return { problems: ['malformed signed attributes'], algorithm };
    }
    if (!attrs.messageDigest || !equal(attrs.messageDigest, digest(digestHash, eContent))) problems.push('message digest mismatch');
    if (attrs.contentType !== null && attrs.contentType !== eContentType) problems.push('content type mismatch');
    signed = si.signedAttributes;
  }
  try {
    const ok = verifySignature({
      spki: signerSpki,
      algorithmOid: si.signatureAlgorithmOid,
      algorithmParams: si.signatureAlgorithmParams,
      digestHint: digestHash,
      data: signed,
      signature: si.signature,
    });
    if (!ok) problems.push('bad signature');
  } catch (e) {
    problems.push(e instanceof EmrtdError && e.code === 'UNSUPPORTED' ? `unsupported signature: ${e.message}` : 'bad signature');
  }
  return { problems, algorithm };
}

// ---------------------------------------------------------------- generic SignedData (master lists)

export interface SignedData {
  eContentType: string;
  eContent: Uint8Array;
  certificates: Uint8Array[];
  signerInfo: SodSignerInfo;
  /** The embedded certificate matching the signer identifier, when there is one. */
  signerCertificate: Uint8Array | null;
}

export function parseSignedData(der: Uint8Array, what: string): SignedData {
  const ciNode = decodeAsn1(der, what);
  const ci = guard(what, () => new pkijs.ContentInfo({ schema: ciNode }));
  if (ci.contentType !== ID_SIGNED_DATA) throw new EmrtdError('LDS_MALFORMED', `${what}: content type ${ci.contentType}, expected signedData`);
  const sdNode = ci.content as Asn1;
  const sd = guard(what, () => new pkijs.SignedData({ schema: sdNode }));
  const eContentNode = sd.encapContentInfo.eContent;
  if (!eContentNode) throw new EmrtdError('LDS_MALFORMED', `${what}: no encapsulated content`);
  const eContent = octetStringBytes(eContentNode as Asn1, `${what} eContent`);
  const children = expectSequence(sdNode, `${what} SignedData`);
  const certSet = children.find((c) => isContext(c, 0));
  const certificates = certSet ? childrenOf(certSet, `${what} certificates`).map(rawOf) : [];
  const infos = expectSet(children[children.length - 1], `${what} signerInfos`);
  if (infos.length === 0) throw new EmrtdError('LDS_MALFORMED', `${what}: no SignerInfo`);
  const signerInfo = parseSignerInfo(infos[0]);
  let signerCertificate: Uint8Array | null = null;
  (sd.certificates ?? []).forEach((c, k) => {
    if (!signerCertificate && c instanceof pkijs.Certificate && certificateMatches(c, signerInfo.sid)) signerCertificate = certificates[k] ?? null;
  });
  return { eContentType: sd.encapContentInfo.eContentType, eContent, certificates, signerInfo, signerCertificate };
}
