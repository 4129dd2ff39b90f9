import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeCommand, decodeResponse, encodeCommand, type CommandApdu } from '../../../electron/emrtd/apdu.ts';
import { fromHex, hex } from '../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../electron/emrtd/errors.ts';

describe('APDU coding (ISO/IEC 7816-4 §5.1)', () => {
  it('encodes the BAC and SELECT commands of 9303-11 Appendix D byte for byte', () => {
    expect(hex(encodeCommand({ cla: 0, ins: 0x84, p1: 0, p2: 0, le: 8 }))).toBe('0084000008');
    expect(hex(encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('011E') }))).toBe('00A4020C02011E');
    // Protected SELECT EF.COM from D.4: case 4 short with Le '00'.
    const p = encodeCommand({ cla: 0x0c, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('8709016375432908C044F68E08BF8B92D635FF24F8'), le: 256 });
    expect(hex(p)).toBe('0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800');
  });

  it('encodes extended length for Le above 256 and for "0000"', () => {
    expect(hex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0x9d, p2: 0, le: 65536 }))).toBe('00B09D00000000');
    expect(hex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1000 }))).toBe('00B00000' + '0003E8');
    expect(hex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 100, extended: true }))).toBe('00B00000000064');
  });

  it('decodes what it encodes, all four cases, short and extended (property)', () => {
    const cmd: fc.Arbitrary<CommandApdu> = fc.record({
      cla: fc.integer({ min: 0, max: 255 }),
      ins: fc.integer({ min: 0, max: 255 }),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 400 }), { nil: undefined }),
      le: fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(cmd, (c) => {
        const d = decodeCommand(encodeCommand(c));
        expect([d.cla, d.ins, d.p1, d.p2]).toEqual([c.cla, c.ins, c.p1, c.p2]);
        expect(hex(d.data ?? new Uint8Array(0))).toBe(hex(c.data ?? new Uint8Array(0)));
        expect(d.le).toBe(c.le);
      }),
    );
  });

  it('splits a response into data and status word, and refuses one without a status word', () => {
    expect(decodeResponse(fromHex('4608F919887022129000'))).toEqual({ data: fromHex('4608F91988702212'), sw: 0x9000 });
    expect(() => decodeResponse(fromHex('90'))).toThrow(EmrtdError);
  });

  it('decodeCommand only ever throws EmrtdError on garbage (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        try {
          decodeCommand(b);
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
