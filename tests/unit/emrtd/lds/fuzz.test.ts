// Hostile bytes into every LDS parser and the TLV decoder: the only failure allowed is an EmrtdError.
import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { icaoVectors, sharedPath } from '../../../helpers/shared.ts';
import { fromHex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { decodeTlv, decodeTlvList, encodeTlv } from '../../../../electron/emrtd/tlv.ts';
import { parseCom } from '../../../../electron/emrtd/lds/com.ts';
import { parseDg13 } from '../../../../electron/emrtd/lds/dg13.ts';
import { parseDg14, parseSecurityInfos } from '../../../../electron/emrtd/lds/dg14.ts';
import { parseDg15 } from '../../../../electron/emrtd/lds/dg15.ts';
import { parseDg2 } from '../../../../electron/emrtd/lds/dg2.ts';
import { parseSod, signerSubjectDn } from '../../../../electron/emrtd/lds/sod.ts';
import { detectImageFormat, imageSize } from '../../../../electron/emrtd/lds/image-info.ts';
import { encodeCom, encodeDg13, encodeDg14, encodeDg2 } from '../../../../electron/card/fixtures/lds-encode.ts';
import { buildSod, makeCsca, makeDocumentSigner } from '../../../../electron/card/fixtures/pki.ts';

function onlyEmrtdErrors(parse: (b: Uint8Array) => unknown): (b: Uint8Array) => void {
  return (b) => {
    try {
      parse(b);
    } catch (e) {
      if (!(e instanceof EmrtdError)) throw e;
    }
  };
}

const edits = fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 6 });

/** Valid bytes with a few bytes overwritten, then perhaps truncated or extended. */
function mutated(seed: () => Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(edits, fc.oneof(fc.constant(-1), fc.nat()), fc.uint8Array({ maxLength: 8 }))
    .map(([changes, cut, tail]) => {
      const base = seed();
      const b = base.slice();
      for (const { at, value } of changes) if (b.length > 0) b[at % b.length] = value;
      const kept = cut < 0 ? b : b.subarray(0, cut % (b.length + 1));
      return cut % 3 === 0 ? Uint8Array.from([...kept, ...tail]) : kept;
    });
}

/** Random bodies under the right outer tag, so the parsers get past their first check. */
function under(tag: number, inner?: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ maxLength: 300 }).map((v) => encodeTlv(tag, inner === undefined ? v : encodeTlv(inner, v)));
}

const RUNS = { numRuns: 250 };
const jpg = new Uint8Array(readFileSync(sharedPath('faces', 'chip-sim', 'chip-vlado-q10__person-vlado.jpg')));
const jp2 = new Uint8Array(readFileSync(sharedPath('faces', 'chip-sim', 'chip-vlado.jp2')));
const dg13 = encodeDg13({ idNumber: '001099012345', fullName: 'Nguyễn Văn A', dateOfBirth: '1990-01-02', sex: 'M', spouseName: 'B', oldIdNumber: '012345678' });
const dg2 = encodeDg2(jpg, { width: 240, height: 320, format: 'jpeg' });
const dg2b = encodeDg2(jp2, { width: 240, height: 320, format: 'jpeg2000', standard: '39794-5' });
const com = encodeCom(['DG1', 'DG2', 'DG13', 'DG14', 'DG15']);
const dg14 = encodeDg14([
  { protocol: '0.4.0.127.0.7.2.2.4.2.2', version: 2, parameterId: 12 },
  { protocol: '0.4.0.127.0.7.2.2.3.2.2', version: 1, keyId: 1 },
  { protocol: '2.23.136.1.1.5', version: 1, signatureAlgorithm: '0.4.0.127.0.7.1.1.4.1.3' },
]);
const dg15 = fromHex((icaoVectors().activeAuthentication as Record<string, string>).dg15);
let sod: Uint8Array = new Uint8Array(0);

beforeAll(async () => {
  const csca = await makeCsca({ commonName: 'CSCA fuzz' });
  const ds = await makeDocumentSigner(csca, { commonName: 'DS fuzz' });
  sod = await buildSod({ dataGroups: new Map([[2, dg2], [13, dg13]]), signer: ds });
});

describe('LDS parsers on hostile input throw EmrtdError or nothing', () => {
  it('BER-TLV decoder', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), onlyEmrtdErrors((b) => decodeTlvList(b, { skipPadding: true }))), RUNS);
    fc.assert(fc.property(mutated(() => com), onlyEmrtdErrors((b) => decodeTlv(b, 0))), RUNS);
  });

  it('parseCom', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), onlyEmrtdErrors(parseCom)), RUNS);
    fc.assert(fc.property(under(0x60), onlyEmrtdErrors(parseCom)), RUNS);
    fc.assert(fc.property(mutated(() => com), onlyEmrtdErrors(parseCom)), RUNS);
  });

  it('parseDg13', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), onlyEmrtdErrors(parseDg13)), RUNS);
    fc.assert(fc.property(under(0x6d, 0x30), onlyEmrtdErrors(parseDg13)), RUNS);
    fc.assert(fc.property(mutated(() => dg13), onlyEmrtdErrors(parseDg13)), { numRuns: 500 });
  });

  it('parseDg2', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), onlyEmrtdErrors(parseDg2)), RUNS);
    fc.assert(fc.property(under(0x75, 0x7f61), onlyEmrtdErrors(parseDg2)), RUNS);
    fc.assert(fc.property(mutated(() => dg2.subarray(0, 160)), onlyEmrtdErrors(parseDg2)), RUNS);
    fc.assert(fc.property(mutated(() => dg2), onlyEmrtdErrors(parseDg2)), RUNS);
    fc.assert(fc.property(mutated(() => dg2b), onlyEmrtdErrors(parseDg2)), RUNS);
  });

  it('imageSize', () => {
    const total = (b: Uint8Array): void => {
      detectImageFormat(b);
      imageSize(b);
    };
    fc.assert(fc.property(mutated(() => jpg.subarray(0, 700)), total), RUNS);
    fc.assert(fc.property(mutated(() => jp2.subarray(0, 200)), total), RUNS);
  });

  it('parseSod and signerSubjectDn', () => {
    const both = (b: Uint8Array): void => {
      signerSubjectDn(parseSod(b));
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), onlyEmrtdErrors(both)), RUNS);
    fc.assert(fc.property(under(0x77, 0x30), onlyEmrtdErrors(both)), RUNS);
    fc.assert(fc.property(mutated(() => sod), onlyEmrtdErrors(both)), { numRuns: 400 });
  });

  it('parseDg14 and parseSecurityInfos', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), onlyEmrtdErrors(parseSecurityInfos)), RUNS);
    fc.assert(fc.property(under(0x6e, 0x31), onlyEmrtdErrors(parseDg14)), RUNS);
    fc.assert(fc.property(mutated(() => dg14), onlyEmrtdErrors(parseDg14)), RUNS);
  });

  it('parseDg15', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), onlyEmrtdErrors(parseDg15)), RUNS);
    fc.assert(fc.property(under(0x6f, 0x30), onlyEmrtdErrors(parseDg15)), RUNS);
    fc.assert(fc.property(mutated(() => dg15), onlyEmrtdErrors(parseDg15)), RUNS);
  });

  it('still parses the unmutated seeds (the properties exercise real structure)', () => {
    expect(parseCom(com).dataGroups).toHaveLength(5);
    expect(parseDg13(dg13).idNumber).toBe('001099012345');
    expect(parseDg2(dg2).faces[0].width).toBe(240);
    expect(parseDg2(dg2b).faces[0].standard).toBe('39794-5');
    expect(parseDg14(dg14)).toHaveLength(3);
    expect(parseDg15(dg15).algorithm).toBe('RSA');
    expect(parseSod(sod).dataGroupHashes.size).toBe(2);
  });
});
