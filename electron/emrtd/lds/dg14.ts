// SecurityInfos (9303-11 §9.2): DG14 (tag 6E around the SET) and EF.CardAccess (a bare SET) list the chip's
// PACE, Chip Authentication, Terminal Authentication and Active Authentication parameters.
//   SecurityInfo ::= SEQUENCE { protocol OBJECT IDENTIFIER, requiredData ANY, optionalData ANY OPTIONAL }
import { EmrtdError } from '../errors.ts';
import type { Asn1 } from './asn1.ts';
import { decodeAsn1, expectOid, expectOuterTlv, expectSequence, expectSet, expectSmallInt, rawOf } from './asn1.ts';
import {
  ID_AA,
  ID_CA_DH,
  ID_CA_ECDH,
  ID_PACE_DH_GM,
  ID_PACE_DH_IM,
  ID_PACE_ECDH_CAM,
  ID_PACE_ECDH_GM,
  ID_PACE_ECDH_IM,
  ID_PK_DH,
  ID_PK_ECDH,
  ID_TA,
  PACE_DOMAIN_PARAMETER_PROTOCOLS,
} from './oids.ts';

export type SecurityInfoKind =
  | 'PACE'
  | 'PACEDomainParameter'
  | 'ChipAuthentication'
  | 'ChipAuthenticationPublicKey'
  | 'ActiveAuthentication'
  | 'TerminalAuthentication'
  | 'Other';

export interface SecurityInfo {
  /** The protocol OID. */
  protocol: string;
  kind: SecurityInfoKind;
  version?: number;
  /** PACEInfo / PACEDomainParameterInfo parameterId (9303-11 §9.5.1 for the standardized ones). */
  parameterId?: number;
  /** ChipAuthenticationInfo / ChipAuthenticationPublicKeyInfo keyId. */
  keyId?: number;
  /** SubjectPublicKeyInfo DER of a ChipAuthenticationPublicKeyInfo. */
  publicKey?: Uint8Array;
  /** DER AlgorithmIdentifier of a PACEDomainParameterInfo (explicit domain parameters). */
  domainParameter?: Uint8Array;
  /** ActiveAuthenticationInfo signatureAlgorithm OID. */
  signatureAlgorithm?: string;
  /** The SecurityInfo DER as stored. */
  raw: Uint8Array;
}

const PACE_ARCS = [ID_PACE_DH_GM, ID_PACE_ECDH_GM, ID_PACE_DH_IM, ID_PACE_ECDH_IM, ID_PACE_ECDH_CAM];

/** One component below `arcs` (a cipher suite such as id-PACE-ECDH-GM-AES-CBC-CMAC-128). */
function isSuiteOf(oid: string, arcs: readonly string[]): boolean {
  return arcs.some((arc) => oid.startsWith(`${arc}.`) && /^\d+$/.test(oid.slice(arc.length + 1)));
}

function kindOf(protocol: string): SecurityInfoKind {
  if (isSuiteOf(protocol, PACE_ARCS)) return 'PACE';
  if (PACE_DOMAIN_PARAMETER_PROTOCOLS.includes(protocol)) return 'PACEDomainParameter';
  if (isSuiteOf(protocol, [ID_CA_DH, ID_CA_ECDH])) return 'ChipAuthentication';
  if (protocol === ID_PK_DH || protocol === ID_PK_ECDH) return 'ChipAuthenticationPublicKey';
  if (protocol === ID_AA) return 'ActiveAuthentication';
  if (protocol === ID_TA) return 'TerminalAuthentication';
  return 'Other';
}

function optionalInt(node: Asn1 | undefined, what: string): number | undefined {
  return node === undefined ? undefined : expectSmallInt(node, what);
}

function parseSecurityInfo(node: Asn1): SecurityInfo {
  const items = expectSequence(node, 'SecurityInfo');
  const protocol = expectOid(items[0], 'SecurityInfo.protocol');
  if (items.length < 2 || items.length > 3) {
    throw new EmrtdError('LDS_MALFORMED', `SecurityInfo ${protocol}: ${items.length} elements`);
  }
  const kind = kindOf(protocol);
  const info: SecurityInfo = { protocol, kind, raw: rawOf(node) };
  const what = `SecurityInfo ${protocol}`;
  switch (kind) {
    case 'PACE':
      info.version = expectSmallInt(items[1], `${what} version`);
      info.parameterId = optionalInt(items[2], `${what} parameterId`);
      break;
    case 'PACEDomainParameter':
      expectSequence(items[1], `${what} domainParameter`);
      info.domainParameter = rawOf(items[1]);
      info.parameterId = optionalInt(items[2], `${what} parameterId`);
      break;
    case 'ChipAuthentication':
      info.version = expectSmallInt(items[1], `${what} version`);
      info.keyId = optionalInt(items[2], `${what} keyId`);
      break;
    case 'ChipAuthenticationPublicKey':
      expectSequence(items[1], `${what} chipAuthenticationPublicKey`);
      info.publicKey = rawOf(items[1]);
      info.keyId = optionalInt(items[2], `${what} keyId`);
      break;
    case 'ActiveAuthentication':
      info.version = expectSmallInt(items[1], `${what} version`);
      if (items[2] !== undefined) info.signatureAlgorithm = expectOid(items[2], `${what} signatureAlgorithm`);
      break;
    case 'TerminalAuthentication':
      info.version = expectSmallInt(items[1], `${what} version`);
      break;
    case 'Other':
      break;
  }
  if (info.parameterId === undefined) delete info.parameterId;
  if (info.keyId === undefined) delete info.keyId;
  return info;
}

/** SecurityInfos ::= SET OF SecurityInfo, e.g. the whole of EF.CardAccess. */
export function parseSecurityInfos(setDer: Uint8Array): SecurityInfo[] {
  const what = 'SecurityInfos';
  return expectSet(decodeAsn1(setDer, what), what).map(parseSecurityInfo);
}

/** DG14 (tag 6E) holding SecurityInfos. */
export function parseDg14(bytes: Uint8Array): SecurityInfo[] {
  return parseSecurityInfos(expectOuterTlv(bytes, 0x6e, 'DG14').value);
}
