import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { mac3 } from '../../../../electron/emrtd/crypto/mac3.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

interface Mac3Case {
  name: string;
  key: string;
  data: string;
  padding: boolean;
  mac: string;
}
const cases = (icaoVectors().mac3 as unknown as { cases: Mac3Case[] }).cases;

describe('ISO/IEC 9797-1 MAC algorithm 3', () => {
  it('has the vector cases', () => expect(cases.length).toBeGreaterThanOrEqual(9));

  for (const c of cases) {
    it(c.name, () => {
      expect(hex(mac3(fromHex(c.key), fromHex(c.data), { pad: c.padding }))).toBe(c.mac);
    });
  }

  it('without padding refuses data that is not block aligned', () => {
    expect(() => mac3(fromHex(cases[0].key), new Uint8Array(9), { pad: false })).toThrow(EmrtdError);
    expect(() => mac3(fromHex(cases[0].key), new Uint8Array(0), { pad: false })).toThrow(EmrtdError);
  });

  it('padding changes the MAC of block-aligned data (a whole 80 00.. block is added)', () => {
    const c = cases[0];
    expect(hex(mac3(fromHex(c.key), fromHex(c.data), { pad: true }))).not.toBe(c.mac);
  });
});
