// Property tests: whatever bytes a card (or an attacker in the field) sends, secure messaging fails only
// with a typed EmrtdError, and a protected response changed in any byte never verifies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeResponse, encodeResponse } from '../../../../electron/emrtd/apdu.ts';
import { fromHex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { aesSmCipher, tdesSmCipher } from '../../../../electron/emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../../../electron/emrtd/sm/secure-messaging.ts';
import { D4, GMRTD_AES256, type SmTrace } from './sm-fixtures.ts';

function session(t: SmTrace): SecureMessaging {
  const cipher = t.alg === '3DES' ? tdesSmCipher(fromHex(t.ksEnc), fromHex(t.ksMac)) : aesSmCipher(fromHex(t.ksEnc), fromHex(t.ksMac));
  return new SecureMessaging(cipher, fromHex(t.initialSsc));
}

/** A terminal session that has just sent the trace's i-th command and awaits its response. */
function awaiting(t: SmTrace, i: number): SecureMessaging {
  const sm = session(t);
  for (let k = 0; k < i; k++) {
    sm.protectCommand(decodeCommand(fromHex(t.exchanges[k].unprotectedCommand)));
    sm.unprotectResponse(decodeResponse(fromHex(t.exchanges[k].protectedResponse)));
  }
  sm.protectCommand(decodeCommand(fromHex(t.exchanges[i].unprotectedCommand)));
  return sm;
}

function onlyEmrtdErrors(f: () => unknown): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
  }
}

// A generator biased towards SM-looking data: sequences of the SM tags with random lengths and values.
const smLike = fc
  .array(
    fc.record({
      tag: fc.constantFrom(0x85, 0x87, 0x97, 0x99, 0x8e, 0x01, 0x53),
      value: fc.uint8Array({ maxLength: 40 }),
      lie: fc.integer({ min: -2, max: 2 }),
    }),
    { maxLength: 5 },
  )
  .map((dos) => {
    const out: number[] = [];
    for (const d of dos) out.push(d.tag, Math.max(0, Math.min(127, d.value.length + d.lie)), ...d.value);
    return Uint8Array.from(out);
  });

describe('secure messaging on hostile input', () => {
  for (const t of [D4, GMRTD_AES256]) {
    it(`${t.name}: unprotectResponse on random bytes throws only EmrtdError`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.uint8Array({ maxLength: 120 }), smLike), fc.integer({ min: 0, max: 0xffff }), (data, sw) => {
          onlyEmrtdErrors(() => awaiting(t, 1).unprotectResponse({ data, sw }));
        }),
        { numRuns: 300 },
      );
    });

    it(`${t.name}: any single-byte change or truncation of a protected response is rejected`, () => {
      const i = 2;
      const good = fromHex(t.exchanges[i].protectedResponse);
      const bodyLength = good.length - 2; // the outer status word is not protected (DO'99' is)
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: bodyLength - 1 }),
          fc.integer({ min: 1, max: 255 }),
          fc.integer({ min: 0, max: bodyLength - 1 }),
          fc.boolean(),
          (pos, xor, cut, truncate) => {
            const bytes = good.slice();
            let resp;
            if (truncate) {
              resp = { data: bytes.slice(0, cut), sw: 0x9000 };
            } else {
              bytes[pos] ^= xor;
              resp = decodeResponse(bytes);
            }
            let err: unknown;
            try {
              awaiting(t, i).unprotectResponse(resp);
            } catch (e) {
              err = e;
            }
            expect(err).toBeInstanceOf(EmrtdError);
            expect(['SM_MAC_INVALID', 'SM_MALFORMED']).toContain((err as EmrtdError).code);
          },
        ),
        { numRuns: 400 },
      );
      // Sanity: the unmodified response verifies.
      expect(awaiting(t, i).unprotectResponse(decodeResponse(good)).sw).toBe(0x9000);
    });

    it(`${t.name}: chip-side unprotectCommand on random bytes throws only EmrtdError`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.oneof(fc.uint8Array({ maxLength: 80 }), smLike), (cla, ins, data) => {
          onlyEmrtdErrors(() => session(t).unprotectCommand({ cla, ins, p1: 0, p2: 0, data }));
        }),
        { numRuns: 300 },
      );
    });
  }

  it('terminal and chip agree on random commands and responses (3DES and AES)', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 0, max: 255 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.option(fc.integer({ min: 1, max: 65536 }), { nil: undefined }),
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 0x6000, max: 0x9fff }),
        (aes, ins, data, le, respData, sw) => {
          const t = aes ? GMRTD_AES256 : D4;
          const terminal = session(t);
          const chip = session(t);
          const plain = chip.unprotectCommand(terminal.protectCommand({ cla: 0, ins, p1: 1, p2: 2, data, le }));
          expect(plain.data ?? new Uint8Array(0)).toEqual(data);
          expect(plain.le).toBe(le);
          const back = terminal.unprotectResponse(decodeResponse(encodeResponse(chip.protectResponse({ data: respData, sw }))));
          expect(back).toEqual({ data: respData, sw });
        },
      ),
      { numRuns: 150 },
    );
  });
});
