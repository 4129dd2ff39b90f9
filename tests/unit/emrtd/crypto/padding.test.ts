import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { padIso9797M2, unpadIso9797M2 } from '../../../../electron/emrtd/crypto/padding.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const cases = (icaoVectors().mac3 as { padding2: { name: string; data: string; padded: string }[] }).padding2;

describe('ISO 9797-1 padding method 2', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(hex(padIso9797M2(fromHex(c.data), 8))).toBe(c.padded);
      expect(hex(unpadIso9797M2(fromHex(c.padded)))).toBe(c.data);
    });
  }

  it('pads the 4-byte command header to one block for 3DES and AES (9303-11 D.4)', () => {
    expect(hex(padIso9797M2(fromHex('0CA4020C'), 8))).toBe('0CA4020C80000000');
    expect(hex(padIso9797M2(fromHex('0CA4020C'), 16))).toBe('0CA4020C800000000000000000000000');
  });

  it('rejects data without padding', () => {
    for (const bad of ['', '00000000', '0102030405060708', '8001']) {
      expect(() => unpadIso9797M2(fromHex(bad))).toThrow(EmrtdError);
    }
  });

  it('rejects padding longer than a block when the block size is given', () => {
    expect(() => unpadIso9797M2(fromHex('01800000000000000000'), 8)).toThrow(/longer than one block/);
    expect(hex(unpadIso9797M2(fromHex('0180000000000000'), 8))).toBe('01');
  });

  it('round-trips any data at block sizes 8 and 16', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.constantFrom(8, 16), (data, bs) => {
        const p = padIso9797M2(data, bs);
        expect(p.length % bs).toBe(0);
        expect(p.length - data.length).toBeGreaterThanOrEqual(1);
        expect(p.length - data.length).toBeLessThanOrEqual(bs);
        expect(unpadIso9797M2(p, bs)).toEqual(data);
      }),
    );
  });

  it('unpad throws only EmrtdError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (data) => {
        try {
          unpadIso9797M2(data);
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
        }
      }),
    );
  });
});
