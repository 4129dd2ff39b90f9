// ICAO CSCA master lists (9303-12 §9): a CMS SignedData whose content (id-icao-cscaMasterList) is
// CscaMasterList ::= SEQUENCE { version INTEGER, certList SET OF Certificate }, signed by a Master List Signer
// whose certificate a CSCA issued. A list is accepted only when its signature verifies and its signer chains
// to a CSCA in the list itself or in the trust store it is added to.
import { EmrtdError } from '../errors.ts';
import { decodeAsn1, expectSequence, expectSet, expectSmallInt, rawOf } from '../lds/asn1.ts';
import { ID_ICAO_MRTD_SECURITY } from '../lds/oids.ts';
import { mayHaveIssued, parseCertificate, signedBy, type Certificate } from './certificate.ts';
import { checkSignerInfo, parseSignedData } from './cms.ts';

/** id-icao-cscaMasterList (9303-12 §9). */
export const ID_CSCA_MASTER_LIST = `${ID_ICAO_MRTD_SECURITY}.2`;

export interface MasterList {
  version: number;
  certificates: Certificate[];
  signer: Certificate;
}

/** Parse and verify a master list; `anchors` are CSCAs already trusted that may have issued its signer. */
export function parseMasterList(der: Uint8Array, anchors: readonly Certificate[] = []): MasterList {
  const what = 'CSCA master list';
  const sd = parseSignedData(der, what);
  if (sd.eContentType !== ID_CSCA_MASTER_LIST) throw new EmrtdError('INPUT_INVALID', `${what}: content type ${sd.eContentType}`);
  const seq = expectSequence(decodeAsn1(sd.eContent, what), what);
  const version = expectSmallInt(seq[0], `${what}.version`);
  const certificates = expectSet(seq[1], `${what}.certList`).map((n) => parseCertificate(rawOf(n)));
  if (!sd.signerCertificate) throw new EmrtdError('INPUT_INVALID', `${what}: no signer certificate`);
  const signer = parseCertificate(sd.signerCertificate);
  const check = checkSignerInfo(sd.signerInfo, sd.eContent, sd.eContentType, signer.spki);
  if (check.problems.length > 0) throw new EmrtdError('INPUT_INVALID', `${what}: ${check.problems.join(', ')}`);
  const issuers = [...certificates, ...anchors].filter((c) => mayHaveIssued(c, signer));
  if (!issuers.some((c) => signedBy(signer, c))) {
    throw new EmrtdError('INPUT_INVALID', `${what}: signer "${signer.subject}" is not issued by a CSCA in the list or the trust store`);
  }
  return { version, certificates, signer };
}
