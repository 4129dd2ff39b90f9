import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { aesCmac, cmacSubkeys } from '../../../../electron/emrtd/crypto/cmac.ts';

// The message of RFC 4493 §4 and NIST SP 800-38B Appendix D (the first 0, 16, 40 and 64 bytes are used).
const M = fromHex(
  '6BC1BEE22E409F96E93D7E117393172AAE2D8A571E03AC9C9EB76FAC45AF8E5130C81C46A35CE411E5FBC1191A0A52EFF69F2445DF4F9B17AD2B417BE66C3710',
);

const VECTORS: { source: string; key: string; macs: [number, string][] }[] = [
  {
    source: 'RFC 4493 §4 (AES-128)',
    key: '2B7E151628AED2A6ABF7158809CF4F3C',
    macs: [
      [0, 'BB1D6929E95937287FA37D129B756746'],
      [16, '070A16B46B4D4144F79BDD9DD04A287C'],
      [40, 'DFA66747DE9AE63030CA32611497C827'],
      [64, '51F0BEBF7E3B9D92FC49741779363CFE'],
    ],
  },
  {
    source: 'NIST SP 800-38B D.2 (AES-192)',
    key: '8E73B0F7DA0E6452C810F32B809079E562F8EAD2522C6B7B',
    macs: [
      [0, 'D17DDF46ADAACDE531CAC483DE7A9367'],
      [16, '9E99A7BF31E710900662F65E617C5184'],
      [40, '8A1DE5BE2EB31AAD089A82E6EE908B0E'],
      [64, 'A1D5DF0EED790F794D77589659F39A11'],
    ],
  },
  {
    source: 'NIST SP 800-38B D.3 (AES-256)',
    key: '603DEB1015CA71BE2B73AEF0857D77811F352C073B6108D72D9810A30914DFF4',
    macs: [
      [0, '028962F61B7BF89EFC6B551F4667D983'],
      [16, '28A7023F452E8F82BD4BF28D8C37C35C'],
      [40, 'AAF3D8F1DE5640C232F5B169B9C911E6'],
      [64, 'E1992190549F6ED5696A2C056C315410'],
    ],
  },
];

describe('AES-CMAC', () => {
  it('derives the RFC 4493 §4 subkeys', () => {
    const { k1, k2 } = cmacSubkeys(fromHex(VECTORS[0].key));
    expect(hex(k1)).toBe('FBEED618357133667C85E08F7236A8DE');
    expect(hex(k2)).toBe('F7DDAC306AE266CCF90BC11EE46D513B');
  });

  for (const v of VECTORS) {
    for (const [len, mac] of v.macs) {
      it(`${v.source}, Mlen = ${len}`, () => {
        expect(hex(aesCmac(fromHex(v.key), M.subarray(0, len)))).toBe(mac);
      });
    }
  }
});
