// Property tests: the PACE parsers and the whole terminal protocol on hostile chip answers fail only with
// EmrtdError (typed codes the kiosk maps), never TypeError/RangeError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex } from '../../../../electron/emrtd/bytes.ts';
import type { CardChannel } from '../../../../electron/emrtd/channel.ts';
import { PlainSender } from '../../../../electron/emrtd/channel.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import type { AccessKey } from '../../../../electron/emrtd/access/access-key.ts';
import { performPace } from '../../../../electron/emrtd/access/pace.ts';
import { paceOfCardAccess, readCardAccess } from '../../../../electron/emrtd/access/pace-card-access.ts';
import { decodeOidValue } from '../../../../electron/emrtd/access/pace-info.ts';
import { expectDynamicObject, parseDynamicAuthData, parseMseSetAt } from '../../../../electron/emrtd/access/pace-messages.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

interface PaceVector {
  mrzInformation: string;
  efCardAccess: string;
  terminalMappingPrivateKey: string;
  terminalEphemeralPrivateKey: string;
  apdus: Array<{ command: string; response: string }>;
}
const vectors = [icaoVectors().paceEcdhGm, icaoVectors().paceDhGm] as unknown as PaceVector[];

function typedOnly(fn: () => unknown): boolean {
  try {
    fn();
    return true;
  } catch (e) {
    if (e instanceof EmrtdError) return true;
    throw e;
  }
}

async function typedOnlyAsync(fn: () => Promise<unknown>): Promise<boolean> {
  try {
    await fn();
    return true;
  } catch (e) {
    if (e instanceof EmrtdError) return true;
    throw e;
  }
}

/** Valid 7C answers with one byte changed, cut short or extended: closer to real corruption than noise. */
const validAnswers = vectors.flatMap((v) => v.apdus.map((a) => fromHex(a.response).subarray(0, -2)));
const mutatedAnswer = fc
  .tuple(fc.constantFrom(...validAnswers), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'grow'))
  .map(([a, i, b, how]) => {
    const out = a.slice();
    if (how === 'flip' && out.length > 0) out[i % out.length] ^= b || 1;
    if (how === 'cut') return out.subarray(0, i % (out.length + 1));
    if (how === 'grow') return Uint8Array.of(...out, b);
    return out;
  });
const anyBytes = fc.oneof(fc.uint8Array({ maxLength: 300 }), mutatedAnswer);

describe('PACE parsers on arbitrary input (property)', () => {
  it('parseDynamicAuthData / expectDynamicObject', () => {
    fc.assert(
      fc.property(anyBytes, fc.integer({ min: 0x80, max: 0x86 }), (b, tag) => typedOnly(() => parseDynamicAuthData(b, 'x')) && typedOnly(() => expectDynamicObject(b, tag, 'x'))),
      { numRuns: 2000 },
    );
  });

  it('parseMseSetAt and decodeOidValue', () => {
    const mse = fc.uint8Array({ maxLength: 40 }).map((oid) => Uint8Array.of(0x80, oid.length, ...oid, 0x83, 0x01, 0x01));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 60 }), mse), (b) => typedOnly(() => parseMseSetAt(b)) && typedOnly(() => decodeOidValue(b))),
      { numRuns: 2000 },
    );
  });

  it('paceOfCardAccess never throws: a broken EF.CardAccess just offers no PACE', () => {
    const card = fc
      .tuple(fc.constantFrom(...vectors.map((v) => fromHex(v.efCardAccess))), fc.nat(), fc.integer({ min: 1, max: 255 }))
      .map(([c, i, x]) => {
        const out = c.slice();
        out[i % out.length] ^= x;
        return out;
      });
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 80 }), card), (b) => Array.isArray(paceOfCardAccess(b).all)), { numRuns: 2000 });
  });

  it('readCardAccess on a chip that answers anything', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 40 }), { minLength: 1, maxLength: 6 }), async (answers) => {
        let i = 0;
        const channel: CardChannel = { transmit: async () => answers[i++ % answers.length] };
        return typedOnlyAsync(() => readCardAccess(new PlainSender(channel)));
      }),
      { numRuns: 500 },
    );
  });

  it('performPace when one chip answer is corrupted or replaced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 4 }), anyBytes, fc.constantFrom(0x9000, 0x6300, 0x6a80, 0x6282), async (vi, step, data, sw) => {
        const v = vectors[vi];
        const key: AccessKey = { kind: 'mrz', mrzInformation: v.mrzInformation, documentNumber: '', dateOfBirth: '', dateOfExpiry: '' };
        const keys = [v.terminalMappingPrivateKey, v.terminalEphemeralPrivateKey].map(fromHex);
        const rng = (n: number) => keys.shift() ?? new Uint8Array(n).fill(1);
        let i = 0;
        const channel: CardChannel = {
          transmit: async () => {
            const a = v.apdus[i];
            const r = i === step ? Uint8Array.of(...data, sw >> 8, sw & 0xff) : a ? fromHex(a.response.endsWith('9000') ? a.response : `${a.response}9000`) : fromHex('6F00');
            i++;
            return r;
          },
        };
        const info = paceOfCardAccess(fromHex(v.efCardAccess)).chosen!;
        return typedOnlyAsync(() => performPace(new PlainSender(channel), key, info, { rng }));
      }),
      { numRuns: 300 },
    );
  });

  it('calls a one-byte encrypted nonce APDU_MALFORMED', async () => {
    const v = vectors[0];
    const info = paceOfCardAccess(fromHex(v.efCardAccess)).chosen!;
    const key: AccessKey = { kind: 'can', can: '123456' };
    const answers = ['9000', '7C0380019F9000', '6A82'];
    let i = 0;
    const channel: CardChannel = { transmit: async () => fromHex(answers[i++]) };
    const err = await performPace(new PlainSender(channel), key, info).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmrtdError);
    expect((err as EmrtdError).code).toBe('APDU_MALFORMED');
  });
});
