// Hostile input to the trust layer: mutated EF.SOD, random AA answers and random trust files give a verdict
// or a typed EmrtdError, never an uncaught TypeError/RangeError.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyActiveAuthentication } from '../../../../electron/emrtd/auth/active.ts';
import { setCryptoPath } from '../../../../electron/emrtd/auth/crypto-provider.ts';
import { decodeScheme1 } from '../../../../electron/emrtd/auth/iso9796-2.ts';
import { verifyPassive } from '../../../../electron/emrtd/auth/passive.ts';
import { TrustStore } from '../../../../electron/emrtd/auth/trust-store.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { parseDg15 } from '../../../../electron/emrtd/lds/dg15.ts';
import { makeTestCard } from '../../../helpers/cards.ts';
import { dataGroupsOf, makeAuthCard, testTrustStore } from '../../../helpers/auth-cards.ts';

beforeAll(() => setCryptoPath('pure'));

function typedOnly(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
  }
}

describe('trust layer on hostile input', () => {
  it('a mutated EF.SOD never throws, and each verdict is one of the contract', async () => {
    const card = await makeTestCard('valid');
    const sod = card.files.get('SOD')!;
    const groups = dataGroupsOf(card.files);
    const trust = await testTrustStore();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sod.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const m = sod.slice();
        m[at] ^= x;
        const r = verifyPassive({ sod: m, dataGroups: groups, trust });
        // 'valid' is possible only for a flip in an unsigned field that no check reads (e.g. SignedData.version).
        expect(['valid', 'invalid', 'signer-untrusted']).toContain(r.status);
      }),
      { numRuns: 150 },
    );
  });

  it('random AA answers are invalid verdicts, random representatives typed errors', async () => {
    const card = await makeAuthCard({ activeAuthentication: { key: 'ECDSA-P256' } });
    const spki = parseDg15(card.files.get('DG15')!).spki;
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (sig) => {
        expect(verifyActiveAuthentication(spki, Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), sig).status).toBe('invalid');
        typedOnly(() => decodeScheme1(sig));
      }),
      { numRuns: 200 },
    );
  });

  it('random trust files are INPUT_INVALID', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => {
        try {
          new TrustStore().addBytes(bytes, 'random');
        } catch (e) {
          expect(e).toBeInstanceOf(EmrtdError);
          expect((e as EmrtdError).code).toBe('INPUT_INVALID');
        }
      }),
      { numRuns: 200 },
    );
  });
});
