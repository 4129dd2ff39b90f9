import { describe, it, expect } from 'vitest';
import { icaoVectors } from '../../../helpers/shared.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { encodeTlv } from '../../../../electron/emrtd/tlv.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { parseDg14, parseSecurityInfos } from '../../../../electron/emrtd/lds/dg14.ts';
import {
  ECDSA_PLAIN_SHA256,
  ID_AA,
  ID_CA_ECDH_AES_CBC_CMAC_128,
  ID_PACE_ECDH_GM,
  ID_PACE_ECDH_GM_AES_CBC_CMAC_128,
  ID_PK_ECDH,
  ID_TA,
} from '../../../../electron/emrtd/lds/oids.ts';
import { encodeDg14, encodeSecurityInfos } from '../../../../electron/card/fixtures/lds-encode.ts';

const vectors = icaoVectors() as Record<string, Record<string, unknown>>;

// SecurityInfos assembled by hand from their DER (9303-11 §9.2), OIDs written out in bytes.
const PACE_INFO = '3012 060A 04007F00070202040202 020102 02010C'; // id-PACE-ECDH-GM-AES-CBC-CMAC-128, v2, P-256
const CA_INFO = '3012 060A 04007F00070202030202 020101 020101'; // id-CA-ECDH-AES-CBC-CMAC-128, v1, keyId 1
const TA_INFO = '300D 0608 04007F0007020202 020101'; // id-TA v1
const AA_INFO = '3017 0606 678108010105 020101 060A 04007F00070101040103'; // id-AA v1 ecdsa-plain-SHA256
// A P-256 SubjectPublicKeyInfo (generator point as the key: structure is what matters here).
const SPKI =
  '3059 3013 0607 2A8648CE3D0201 0608 2A8648CE3D030107 0342 00 04' +
  '6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296' +
  '4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5';
const CA_PK_INFO = `3069 0609 04007F000702020102 ${SPKI} 020101`; // id-PK-ECDH, keyId 1
const DOMAIN_INFO = '3015 0609 04007F000702020402 3008 0606 2B2402030301'; // explicit domain params (stand-in AlgorithmIdentifier)
const OTHER_INFO = '3009 0604 2A030405 020101';

const set = (...infos: string[]): Uint8Array => encodeTlv(0x31, ...infos.map(fromHex));

describe('SecurityInfos (EF.CardAccess, DG14)', () => {
  it('parses the EF.CardAccess of the 9303-11 PACE worked examples', () => {
    const gm = parseSecurityInfos(fromHex(vectors.paceEcdhGm.efCardAccess as string));
    expect(gm).toEqual([
      {
        protocol: vectors.paceEcdhGm.protocolOid,
        kind: 'PACE',
        version: 2,
        parameterId: vectors.paceEcdhGm.standardizedDomainParameterId,
        raw: fromHex((vectors.paceEcdhGm.efCardAccess as string).slice(4)),
      },
    ]);
    const dh = parseSecurityInfos(fromHex(vectors.paceDhGm.efCardAccess as string));
    expect(dh[0]).toMatchObject({ protocol: vectors.paceDhGm.protocolOid, kind: 'PACE', version: 2, parameterId: 0 });
  });

  it('parses a hand-assembled SET of PACE, CA, CA public key, TA, AA and other infos', () => {
    const infos = parseSecurityInfos(set(PACE_INFO, CA_INFO, CA_PK_INFO, TA_INFO, AA_INFO, DOMAIN_INFO, OTHER_INFO));
    expect(infos.map((i) => i.kind)).toEqual([
      'PACE',
      'ChipAuthentication',
      'ChipAuthenticationPublicKey',
      'TerminalAuthentication',
      'ActiveAuthentication',
      'PACEDomainParameter',
      'Other',
    ]);
    expect(infos[0]).toMatchObject({ protocol: ID_PACE_ECDH_GM_AES_CBC_CMAC_128, version: 2, parameterId: 12 });
    expect(infos[1]).toMatchObject({ protocol: ID_CA_ECDH_AES_CBC_CMAC_128, version: 1, keyId: 1 });
    expect(infos[2]).toMatchObject({ protocol: ID_PK_ECDH, keyId: 1 });
    expect(hex(infos[2].publicKey ?? new Uint8Array(0))).toBe(SPKI.replace(/\s/g, ''));
    expect(infos[3]).toMatchObject({ protocol: ID_TA, version: 1 });
    expect(infos[4]).toMatchObject({ protocol: ID_AA, version: 1, signatureAlgorithm: ECDSA_PLAIN_SHA256 });
    expect(infos[5]).toMatchObject({ protocol: ID_PACE_ECDH_GM });
    expect(infos[6]).toMatchObject({ protocol: '1.2.3.4.5', kind: 'Other' });
    expect(hex(infos[1].raw)).toBe(CA_INFO.replace(/\s/g, ''));
  });

  it('reads DG14 (6E around the SET) and round-trips the encoder', () => {
    const dg14 = encodeTlv(0x6e, set(CA_INFO, CA_PK_INFO));
    expect(parseDg14(dg14).map((i) => i.kind)).toEqual(['ChipAuthentication', 'ChipAuthenticationPublicKey']);
    const built = encodeDg14([
      { protocol: ID_PACE_ECDH_GM_AES_CBC_CMAC_128, version: 2, parameterId: 12 },
      { protocol: ID_CA_ECDH_AES_CBC_CMAC_128, version: 1, keyId: 1 },
      { protocol: ID_PK_ECDH, publicKey: fromHex(SPKI), keyId: 1 },
      { protocol: ID_AA, version: 1, signatureAlgorithm: ECDSA_PLAIN_SHA256 },
    ]);
    expect(hex(built)).toBe(hex(encodeTlv(0x6e, set(PACE_INFO, CA_INFO, CA_PK_INFO, AA_INFO))));
    expect(hex(encodeSecurityInfos([fromHex(TA_INFO)]))).toBe(hex(set(TA_INFO)));
  });

  it('rejects malformed SecurityInfos with LDS_MALFORMED', () => {
    const cases = [
      set(), // fine: empty SET → []
      fromHex('3003020101'), // SEQUENCE, not SET
      set('3003 020101'), // no OID
      set('300E 060A 04007F00070202040202 0C00'), // PACE version not an INTEGER
      set('3009 0604 2A030405'), // no requiredData
      fromHex('6E03310100'), // truncated
      fromHex('6F02 3100'), // not DG14
    ];
    expect(parseSecurityInfos(cases[0])).toEqual([]);
    for (const bad of cases.slice(1)) {
      let err: unknown;
      try {
        if (bad[0] === 0x6e || bad[0] === 0x6f) parseDg14(bad);
        else parseSecurityInfos(bad);
      } catch (e) {
        err = e;
      }
      expect(err, hex(bad)).toBeInstanceOf(EmrtdError);
      expect((err as EmrtdError).code, hex(bad)).toBe('LDS_MALFORMED');
    }
  });
});
