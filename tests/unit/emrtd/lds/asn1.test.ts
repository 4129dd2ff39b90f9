import { describe, it, expect } from 'vitest';
import { fromHex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { decodeAsn1, expectSequence, expectSmallInt } from '../../../../electron/emrtd/lds/asn1.ts';

function code(hex: string): string | undefined {
  try {
    decodeAsn1(fromHex(hex), 'test');
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
    return (e as EmrtdError).code;
  }
  return undefined;
}

describe('decodeAsn1', () => {
  it('decodes definite and indefinite (BER) lengths', () => {
    expect(expectSmallInt(expectSequence(decodeAsn1(fromHex('3003020105'), 't'), 't')[0], 't')).toBe(5);
    expect(expectSequence(decodeAsn1(fromHex('30800201050000'), 't'), 't')).toHaveLength(1);
    expect(expectSequence(decodeAsn1(fromHex('3080308002010500000000'), 't'), 't')).toHaveLength(1);
  });

  it('rejects a child running past its parent (asn1js alone would accept it)', () => {
    expect(code('3105300202010101')).toBe('LDS_MALFORMED');
    expect(code('3106300302020101')).toBe('LDS_MALFORMED');
  });

  it('rejects truncation, trailing bytes, unterminated indefinite lengths and indefinite primitives', () => {
    for (const bad of ['30030201', '300302010500', '3080020105', '0480AABB0000', '', '1F', '3082', '3F818181818101 00']) {
      expect(code(bad.replace(/\s/g, '')), bad).toBe('LDS_MALFORMED');
    }
  });
});
