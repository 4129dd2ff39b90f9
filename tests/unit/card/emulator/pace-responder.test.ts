// The chip side of PACE against the ICAO 9303-11 Appendix G worked examples: with the vectors' nonce and chip
// private keys injected, the software chip answers every terminal command with the printed response.
import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeResponse } from '../../../../electron/emrtd/apdu.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { parseDynamicAuthData } from '../../../../electron/emrtd/access/pace-messages.ts';
import { PaceResponder } from '../../../../electron/card/emulator/pace-responder.ts';
import { encodeCardAccess } from '../../../../electron/card/fixtures/card-access.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

interface PaceVector {
  mrzInformation: string;
  efCardAccess: string;
  nonce: string;
  chipMappingPrivateKey: string;
  chipEphemeralPrivateKey: string;
  ksEnc: string;
  tIc: string;
  apdus: Array<{ command: string; response: string }>;
}

const vectors = icaoVectors();
const cases = [
  ['paceEcdhGm', vectors.paceEcdhGm as unknown as PaceVector],
  ['paceDhGm', vectors.paceDhGm as unknown as PaceVector],
] as const;

function chipRng(v: PaceVector): (n: number) => Uint8Array {
  const queue = [v.nonce, v.chipMappingPrivateKey, v.chipEphemeralPrivateKey].map(fromHex);
  return (n) => {
    const next = queue.shift();
    if (!next) throw new Error('chip rng exhausted');
    expect(next.length).toBe(n);
    return next;
  };
}

function answer(chip: PaceResponder, command: string): { data: string; sw: number; sm: boolean } {
  const cmd = decodeCommand(fromHex(command));
  if (cmd.ins === 0x22) return { data: '', sw: chip.setAt(cmd.data), sm: false };
  const r = chip.generalAuthenticate(cmd);
  return { data: hex(r.response.data), sw: r.response.sw, sm: r.sm !== undefined };
}

describe('PaceResponder (the chip side of 9303-11 §4.4)', () => {
  for (const [name, v] of cases) {
    it(`answers the ${name} commands with the printed responses and opens AES secure messaging`, () => {
      const chip = new PaceResponder(fromHex(v.efCardAccess), { mrzInformation: v.mrzInformation }, chipRng(v));
      for (const [i, a] of v.apdus.entries()) {
        const got = answer(chip, a.command);
        expect(got.sw, a.command).toBe(0x9000);
        if (i < v.apdus.length - 1) {
          expect(got.data + '9000').toBe(a.response);
          expect(got.sm).toBe(false);
        } else {
          // The DH example's chip adds its CVCA references (DO'87'); this chip sends T_IC alone.
          const printed = v.apdus[i].response.endsWith('9000') ? decodeResponse(fromHex(a.response)).data : fromHex(a.response);
          expect(hex(parseDynamicAuthData(printed, 'printed').get(0x86)!)).toBe(v.tIc);
          expect(got.data).toBe(`7C0A8608${v.tIc}`);
          expect(got.sm).toBe(true);
        }
      }
      expect(chip.inProgress).toBe(false);
    });
  }

  const v = cases[0][1];

  it('answers 6300 to a wrong token and forgets the run', () => {
    const chip = new PaceResponder(fromHex(v.efCardAccess), { mrzInformation: v.mrzInformation }, chipRng(v));
    for (const a of v.apdus.slice(0, -1)) answer(chip, a.command);
    const forged = v.apdus.at(-1)!.command.replace(/(8508)([0-9A-F]{16})/, (_m, t: string, tok: string) => t + (tok.startsWith('00') ? 'FF' : '00') + tok.slice(2));
    expect(answer(chip, forged).sw).toBe(0x6300);
    expect(chip.inProgress).toBe(false);
    expect(answer(chip, v.apdus[1].command).sw).toBe(0x6985);
  });

  it('wants CLA 10 on every step but the last, and CLA 00 on the last', () => {
    const chip = new PaceResponder(fromHex(v.efCardAccess), { mrzInformation: v.mrzInformation }, chipRng(v));
    expect(answer(chip, v.apdus[0].command).sw).toBe(0x9000);
    expect(answer(chip, '00' + v.apdus[1].command.slice(2)).sw).toBe(0x6883);
    expect(chip.inProgress).toBe(false);
  });

  it('refuses a password it does not have, a protocol it does not list, and an ambiguous choice without DO\'84\'', () => {
    const chip = new PaceResponder(fromHex(v.efCardAccess), { mrzInformation: v.mrzInformation });
    // CAN (02) on a chip without a CAN; PIN (03).
    expect(chip.setAt(fromHex('800A04007F00070202040202830102'))).toBe(0x6a88);
    expect(chip.setAt(fromHex('800A04007F00070202040202830103'))).toBe(0x6a88);
    // AES-256 instead of the listed AES-128.
    expect(chip.setAt(fromHex('800A04007F00070202040204830101'))).toBe(0x6a80);
    expect(chip.setAt(fromHex('830101'))).toBe(0x6a80);

    const two = encodeCardAccess([
      { parameterId: 13, cipher: 'AES-128' },
      { parameterId: 12, cipher: 'AES-128' },
    ]);
    const multi = new PaceResponder(two, { mrzInformation: v.mrzInformation, can: '123456' });
    expect(multi.setAt(fromHex('800A04007F00070202040202830102'))).toBe(0x6a80);
    expect(multi.setAt(fromHex('800A04007F0007020204020283010284010C'))).toBe(0x9000);
    expect(multi.inProgress).toBe(true);
  });

  it('answers 6A80 to a mapping key that is not a curve point, and 6985 without MSE:Set AT', () => {
    const chip = new PaceResponder(fromHex(v.efCardAccess), { mrzInformation: v.mrzInformation }, chipRng(v));
    expect(chip.generalAuthenticate(decodeCommand(fromHex(v.apdus[1].command))).response.sw).toBe(0x6985);
    answer(chip, v.apdus[0].command);
    answer(chip, v.apdus[1].command);
    const offCurve = v.apdus[2].command.replace(/..00$/, (m) => ((parseInt(m.slice(0, 2), 16) ^ 1).toString(16).padStart(2, '0') + '00').toUpperCase());
    expect(answer(chip, offCurve).sw).toBe(0x6a80);
  });

  it('ignores an EF.CardAccess that does not parse: every MSE:Set AT is refused', () => {
    const chip = new PaceResponder(fromHex('3103020101'), { mrzInformation: v.mrzInformation });
    expect(chip.setAt(fromHex('800A04007F00070202040202830101'))).toBe(0x6a80);
  });
});
