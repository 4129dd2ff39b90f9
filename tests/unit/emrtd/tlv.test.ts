import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fromHex, hex } from '../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../electron/emrtd/errors.ts';
import { decodeTlv, decodeTlvList, encodeTlv, readTlvHeader } from '../../../electron/emrtd/tlv.ts';

describe('BER-TLV', () => {
  it('decodes the secure-messaging objects of 9303-11 Appendix D.4', () => {
    // DO'87' of the SELECT EF.COM example: tag 87, length 09, 01 ‖ 8 bytes cryptogram.
    const t = decodeTlv(fromHex('8709016375432908C044F6'));
    expect(t.tag).toBe(0x87);
    expect(hex(t.value)).toBe('016375432908C044F6');
    expect(t.length).toBe(11);
  });

  it('reads two-byte tags and long-form lengths (DG2 header 75 82 xx xx, 7F61, 5F2E)', () => {
    const inner = encodeTlv(0x5f2e, new Uint8Array(300));
    const outer = encodeTlv(0x7f61, inner);
    expect(hex(outer.subarray(0, 4))).toBe('7F618201');
    const t = decodeTlv(outer);
    expect(t.tag).toBe(0x7f61);
    expect(t.constructed).toBe(true);
    const c = decodeTlv(t.value);
    expect(c.tag).toBe(0x5f2e);
    expect(c.value.length).toBe(300);
  });

  it('sizes a file from its first bytes alone (how the reader learns a DG length)', () => {
    const h = readTlvHeader(fromHex('758246A0'));
    expect(h).toMatchObject({ tag: 0x75, headerLength: 4, valueLength: 0x46a0 });
  });

  it('rejects indefinite lengths, truncation and over-long length fields with typed errors', () => {
    for (const bad of ['6180', '6105AABB', '618500000001', '5F', '', '7F']) {
      expect(() => decodeTlv(fromHex(bad))).toThrow(EmrtdError);
    }
  });

  it('skips 00/FF padding between objects only when asked', () => {
    const list = decodeTlvList(fromHex('8001AA0000FF8101BB'), { skipPadding: true });
    expect(list.map((t) => t.tag)).toEqual([0x80, 0x81]);
  });

  it('round-trips any tag/value (property)', () => {
    const tag = fc.oneof(
      fc.integer({ min: 0x01, max: 0x1e }).map((t) => t | 0x80),
      fc.integer({ min: 0x1f, max: 0x7f }).map((t) => 0x5f00 | t),
    );
    fc.assert(
      fc.property(tag, fc.uint8Array({ maxLength: 600 }), (t, v) => {
        const d = decodeTlv(encodeTlv(t, v));
        expect(d.tag).toBe(t);
        expect(hex(d.value)).toBe(hex(v));
      }),
    );
  });

  it('never throws anything but EmrtdError on random input (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        try {
          decodeTlvList(b);
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
