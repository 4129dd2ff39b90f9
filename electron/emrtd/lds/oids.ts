// Object identifiers of the eMRTD security protocols and of the signatures around them:
// 9303-11 §9.2 (SecurityInfos: PACE, CA, TA, AA), 9303-12 §4.6 (LDS security object), BSI TR-03111 (plain
// ECDSA), RFC 5754 / RFC 5758 (hashes, ECDSA with SHA-2), RFC 5652 (CMS).

// BSI/ICAO protocol arc: bsi-de 0.4.0.127.0.7, id-PK/id-TA/id-CA/id-PACE under 0.4.0.127.0.7.2.2.
const BSI_PROTOCOLS = '0.4.0.127.0.7.2.2';

export const ID_PK = `${BSI_PROTOCOLS}.1`;
export const ID_PK_DH = `${ID_PK}.1`;
export const ID_PK_ECDH = `${ID_PK}.2`;

export const ID_TA = `${BSI_PROTOCOLS}.2`;

export const ID_CA = `${BSI_PROTOCOLS}.3`;
export const ID_CA_DH = `${ID_CA}.1`;
export const ID_CA_DH_3DES_CBC_CBC = `${ID_CA_DH}.1`;
export const ID_CA_DH_AES_CBC_CMAC_128 = `${ID_CA_DH}.2`;
export const ID_CA_DH_AES_CBC_CMAC_192 = `${ID_CA_DH}.3`;
export const ID_CA_DH_AES_CBC_CMAC_256 = `${ID_CA_DH}.4`;
export const ID_CA_ECDH = `${ID_CA}.2`;
export const ID_CA_ECDH_3DES_CBC_CBC = `${ID_CA_ECDH}.1`;
export const ID_CA_ECDH_AES_CBC_CMAC_128 = `${ID_CA_ECDH}.2`;
export const ID_CA_ECDH_AES_CBC_CMAC_192 = `${ID_CA_ECDH}.3`;
export const ID_CA_ECDH_AES_CBC_CMAC_256 = `${ID_CA_ECDH}.4`;

export const ID_PACE = `${BSI_PROTOCOLS}.4`;
export const ID_PACE_DH_GM = `${ID_PACE}.1`;
export const ID_PACE_DH_GM_3DES_CBC_CBC = `${ID_PACE_DH_GM}.1`;
export const ID_PACE_DH_GM_AES_CBC_CMAC_128 = `${ID_PACE_DH_GM}.2`;
export const ID_PACE_DH_GM_AES_CBC_CMAC_192 = `${ID_PACE_DH_GM}.3`;
export const ID_PACE_DH_GM_AES_CBC_CMAC_256 = `${ID_PACE_DH_GM}.4`;
export const ID_PACE_ECDH_GM = `${ID_PACE}.2`;
export const ID_PACE_ECDH_GM_3DES_CBC_CBC = `${ID_PACE_ECDH_GM}.1`;
export const ID_PACE_ECDH_GM_AES_CBC_CMAC_128 = `${ID_PACE_ECDH_GM}.2`;
export const ID_PACE_ECDH_GM_AES_CBC_CMAC_192 = `${ID_PACE_ECDH_GM}.3`;
export const ID_PACE_ECDH_GM_AES_CBC_CMAC_256 = `${ID_PACE_ECDH_GM}.4`;
export const ID_PACE_DH_IM = `${ID_PACE}.3`;
export const ID_PACE_DH_IM_3DES_CBC_CBC = `${ID_PACE_DH_IM}.1`;
export const ID_PACE_DH_IM_AES_CBC_CMAC_128 = `${ID_PACE_DH_IM}.2`;
export const ID_PACE_DH_IM_AES_CBC_CMAC_192 = `${ID_PACE_DH_IM}.3`;
export const ID_PACE_DH_IM_AES_CBC_CMAC_256 = `${ID_PACE_DH_IM}.4`;
export const ID_PACE_ECDH_IM = `${ID_PACE}.4`;
export const ID_PACE_ECDH_IM_3DES_CBC_CBC = `${ID_PACE_ECDH_IM}.1`;
export const ID_PACE_ECDH_IM_AES_CBC_CMAC_128 = `${ID_PACE_ECDH_IM}.2`;
export const ID_PACE_ECDH_IM_AES_CBC_CMAC_192 = `${ID_PACE_ECDH_IM}.3`;
export const ID_PACE_ECDH_IM_AES_CBC_CMAC_256 = `${ID_PACE_ECDH_IM}.4`;
export const ID_PACE_ECDH_CAM = `${ID_PACE}.6`;
export const ID_PACE_ECDH_CAM_AES_CBC_CMAC_128 = `${ID_PACE_ECDH_CAM}.2`;
export const ID_PACE_ECDH_CAM_AES_CBC_CMAC_192 = `${ID_PACE_ECDH_CAM}.3`;
export const ID_PACE_ECDH_CAM_AES_CBC_CMAC_256 = `${ID_PACE_ECDH_CAM}.4`;

/** PACE key-agreement arcs whose bare OID names a PACEDomainParameterInfo (9303-11 §9.2.1). */
export const PACE_DOMAIN_PARAMETER_PROTOCOLS: readonly string[] = [
  ID_PACE_DH_GM,
  ID_PACE_ECDH_GM,
  ID_PACE_DH_IM,
  ID_PACE_ECDH_IM,
  ID_PACE_ECDH_CAM,
];

/** Standardized PACE domain parameter ids (9303-11 §9.5.1 Table 4). */
export const PACE_STANDARD_PARAMETERS: Readonly<Record<number, string>> = {
  0: '1024-bit MODP Group with 160-bit Prime Order Subgroup',
  1: '2048-bit MODP Group with 224-bit Prime Order Subgroup',
  2: '2048-bit MODP Group with 256-bit Prime Order Subgroup',
  8: 'NIST P-192',
  9: 'brainpoolP192r1',
  10: 'NIST P-224',
  11: 'brainpoolP224r1',
  12: 'NIST P-256',
  13: 'brainpoolP256r1',
  14: 'brainpoolP320r1',
  15: 'NIST P-384',
  16: 'brainpoolP384r1',
  17: 'brainpoolP512r1',
  18: 'NIST P-521',
};

// ICAO arc 2.23.136.1.1 (id-icao-mrtd-security).
export const ID_ICAO_MRTD_SECURITY = '2.23.136.1.1';
/** eContentType of EF.SOD (9303-10 §4.6.2.2). */
export const ID_LDS_SECURITY_OBJECT = `${ID_ICAO_MRTD_SECURITY}.1`;
/** ActiveAuthenticationInfo protocol (9303-11 §9.2.7). */
export const ID_AA = `${ID_ICAO_MRTD_SECURITY}.5`;

// Hash algorithms (RFC 5754; SHA-1 from OIW).
export const ID_SHA1 = '1.3.14.3.2.26';
export const ID_SHA224 = '2.16.840.1.101.3.4.2.4';
export const ID_SHA256 = '2.16.840.1.101.3.4.2.1';
export const ID_SHA384 = '2.16.840.1.101.3.4.2.2';
export const ID_SHA512 = '2.16.840.1.101.3.4.2.3';

export type HashName = 'SHA-1' | 'SHA-224' | 'SHA-256' | 'SHA-384' | 'SHA-512';

export const HASH_BY_OID: Readonly<Record<string, HashName>> = {
  [ID_SHA1]: 'SHA-1',
  [ID_SHA224]: 'SHA-224',
  [ID_SHA256]: 'SHA-256',
  [ID_SHA384]: 'SHA-384',
  [ID_SHA512]: 'SHA-512',
};

export const OID_BY_HASH: Readonly<Record<HashName, string>> = {
  'SHA-1': ID_SHA1,
  'SHA-224': ID_SHA224,
  'SHA-256': ID_SHA256,
  'SHA-384': ID_SHA384,
  'SHA-512': ID_SHA512,
};

// ECDSA with SHA (X9.62 / RFC 5758), DER-encoded signatures.
export const ECDSA_WITH_SHA1 = '1.2.840.10045.4.1';
export const ECDSA_WITH_SHA224 = '1.2.840.10045.4.3.1';
export const ECDSA_WITH_SHA256 = '1.2.840.10045.4.3.2';
export const ECDSA_WITH_SHA384 = '1.2.840.10045.4.3.3';
export const ECDSA_WITH_SHA512 = '1.2.840.10045.4.3.4';

// ECDSA with plain (r‖s) signatures, BSI TR-03111 §5.2.1 — used by AA on EC chips.
export const ECDSA_PLAIN_SIGNATURES = '0.4.0.127.0.7.1.1.4.1';
export const ECDSA_PLAIN_SHA1 = `${ECDSA_PLAIN_SIGNATURES}.1`;
export const ECDSA_PLAIN_SHA224 = `${ECDSA_PLAIN_SIGNATURES}.2`;
export const ECDSA_PLAIN_SHA256 = `${ECDSA_PLAIN_SIGNATURES}.3`;
export const ECDSA_PLAIN_SHA384 = `${ECDSA_PLAIN_SIGNATURES}.4`;
export const ECDSA_PLAIN_SHA512 = `${ECDSA_PLAIN_SIGNATURES}.5`;

// RSA (PKCS #1 / RFC 8017).
export const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
export const SHA1_WITH_RSA = '1.2.840.113549.1.1.5';
export const RSASSA_PSS = '1.2.840.113549.1.1.10';
export const SHA256_WITH_RSA = '1.2.840.113549.1.1.11';
export const SHA384_WITH_RSA = '1.2.840.113549.1.1.12';
export const SHA512_WITH_RSA = '1.2.840.113549.1.1.13';
export const SHA224_WITH_RSA = '1.2.840.113549.1.1.14';

// Public-key algorithms (RFC 5480, X9.42).
export const ID_EC_PUBLIC_KEY = '1.2.840.10045.2.1';
export const DH_PUBLIC_NUMBER = '1.2.840.10046.2.1';

// Named curves.
export const CURVE_P256 = '1.2.840.10045.3.1.7';
export const CURVE_P384 = '1.3.132.0.34';
export const CURVE_P521 = '1.3.132.0.35';
export const CURVE_BRAINPOOL_P256R1 = '1.3.36.3.3.2.8.1.1.7';
export const CURVE_BRAINPOOL_P384R1 = '1.3.36.3.3.2.8.1.1.11';
export const CURVE_BRAINPOOL_P512R1 = '1.3.36.3.3.2.8.1.1.13';

// CMS (RFC 5652).
export const ID_SIGNED_DATA = '1.2.840.113549.1.7.2';
export const ID_CONTENT_TYPE = '1.2.840.113549.1.9.3';
export const ID_MESSAGE_DIGEST = '1.2.840.113549.1.9.4';
export const ID_SIGNING_TIME = '1.2.840.113549.1.9.5';

/** `oid` lies under `arc` (equal, or arc followed by more components). */
export function oidUnder(oid: string, arc: string): boolean {
  return oid === arc || oid.startsWith(`${arc}.`);
}
