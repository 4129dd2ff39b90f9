// PACEInfo handling (9303-11 §9.2.1): suites by OID, which offer the terminal runs, and the OID encoding carried
// in MSE:Set AT and the token input.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { paceOfCardAccess } from '../../../../electron/emrtd/access/pace-card-access.ts';
import { choosePaceInfo, decodeOidValue, encodeOidValue, paceSuite, type PaceInfo } from '../../../../electron/emrtd/access/pace-info.ts';
import { encodeCardAccess, paceGmOid } from '../../../../electron/card/fixtures/card-access.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const ecdh = icaoVectors().paceEcdhGm as { protocolOid: string; protocolOidValue: string; efCardAccess: string };
const dh = icaoVectors().paceDhGm as { protocolOid: string; protocolOidValue: string; efCardAccess: string };

const info = (protocol: string, parameterId?: number, version = 2): PaceInfo => ({
  protocol,
  version,
  ...(parameterId === undefined ? {} : { parameterId }),
  suite: paceSuite(protocol)!,
});

describe('PACE suites and the choice among PACEInfos', () => {
  it('names agreement, mapping and cipher from the OID (9303-11 §9.2.1)', () => {
    expect(paceSuite('0.4.0.127.0.7.2.2.4.2.2')).toEqual({ agreement: 'ECDH', mapping: 'GM', cipher: 'AES-128' });
    expect(paceSuite('0.4.0.127.0.7.2.2.4.1.1')).toEqual({ agreement: 'DH', mapping: 'GM', cipher: 'DESede' });
    expect(paceSuite('0.4.0.127.0.7.2.2.4.4.4')).toEqual({ agreement: 'ECDH', mapping: 'IM', cipher: 'AES-256' });
    expect(paceSuite('0.4.0.127.0.7.2.2.4.6.3')).toEqual({ agreement: 'ECDH', mapping: 'CAM', cipher: 'AES-192' });
    expect(paceSuite('0.4.0.127.0.7.2.2.4.6.1')).toBeUndefined(); // no 3DES CAM
    expect(paceSuite('0.4.0.127.0.7.2.2.4.2.5')).toBeUndefined();
    expect(paceSuite('0.4.0.127.0.7.2.2.3.2.2')).toBeUndefined(); // Chip Authentication
  });

  it('runs ECDH before DH and AES before 3DES; skips IM, CAM, version 1, explicit and mismatched domains', () => {
    const dhAes256 = info('0.4.0.127.0.7.2.2.4.1.4', 2);
    const ecTdes = info('0.4.0.127.0.7.2.2.4.2.1', 13);
    const ecAes128 = info('0.4.0.127.0.7.2.2.4.2.2', 12);
    expect(choosePaceInfo([dhAes256, ecTdes, ecAes128])).toBe(ecAes128);
    expect(choosePaceInfo([dhAes256, ecTdes])).toBe(ecTdes);
    expect(choosePaceInfo([dhAes256])).toBe(dhAes256);
    expect(
      choosePaceInfo([
        info('0.4.0.127.0.7.2.2.4.4.2', 13), // IM
        info('0.4.0.127.0.7.2.2.4.6.2', 13), // CAM
        info('0.4.0.127.0.7.2.2.4.2.2', 13, 1), // version 1
        info('0.4.0.127.0.7.2.2.4.2.2'), // explicit domain parameters
        info('0.4.0.127.0.7.2.2.4.2.2', 0), // ECDH on a DH group id
        info('0.4.0.127.0.7.2.2.4.1.2', 13), // DH on a curve id
        info('0.4.0.127.0.7.2.2.4.2.2', 31), // proprietary id
      ]),
    ).toBeUndefined();
  });

  it('reads the PACEInfo of the Appendix G EF.CardAccess files', () => {
    expect(paceOfCardAccess(fromHex(ecdh.efCardAccess)).chosen).toMatchObject({ protocol: ecdh.protocolOid, version: 2, parameterId: 13 });
    expect(paceOfCardAccess(fromHex(dh.efCardAccess)).chosen).toMatchObject({ protocol: dh.protocolOid, version: 2, parameterId: 0 });
    expect(paceOfCardAccess(fromHex('3100'))).toEqual({ all: [] });
    expect(paceOfCardAccess(fromHex('30'))).toEqual({ all: [] });
  });

  it('writes fixture EF.CardAccess files the parser reads back', () => {
    const bytes = encodeCardAccess([
      { parameterId: 0, cipher: '3DES' },
      { parameterId: 17, cipher: 'AES-256' },
    ]);
    expect(hex(encodeCardAccess([{ parameterId: 13, cipher: 'AES-128' }]))).toBe(ecdh.efCardAccess);
    const { all, chosen } = paceOfCardAccess(bytes);
    expect(all.map((i) => [i.protocol, i.parameterId])).toEqual([
      [paceGmOid({ parameterId: 0, cipher: '3DES' }), 0],
      ['0.4.0.127.0.7.2.2.4.2.4', 17],
    ]);
    expect(chosen?.parameterId).toBe(17);
  });
});

describe('OID content bytes', () => {
  it('encodes the PACE OIDs as the vectors print them', () => {
    expect(hex(encodeOidValue(ecdh.protocolOid))).toBe(ecdh.protocolOidValue);
    expect(hex(encodeOidValue(dh.protocolOid))).toBe(dh.protocolOidValue);
    expect(hex(encodeOidValue('1.2.840.10045.3.1.7'))).toBe('2A8648CE3D030107');
    expect(decodeOidValue(fromHex('2A8648CE3D030107'))).toBe('1.2.840.10045.3.1.7');
    expect(decodeOidValue(fromHex('8837'))).toBe('2.999');
  });

  it('round-trips any OID (property)', () => {
    const oid = fc
      .tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 39 }), fc.array(fc.bigInt({ min: 0n, max: 2n ** 64n }), { maxLength: 12 }))
      .map(([a, b, rest]) => [a, b, ...rest].join('.'));
    fc.assert(fc.property(oid, (o) => decodeOidValue(encodeOidValue(o)) === o));
  });
});
