import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, encodeResponse } from '../../../../electron/emrtd/apdu.ts';
import { concat, fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { bacCryptogram, deriveBacKeys } from '../../../../electron/emrtd/access/bac.ts';
import { BacResponder } from '../../../../electron/card/emulator/bac-responder.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const bac = icaoVectors().bac as Record<string, string>;
const d4 = icaoVectors().secureMessaging as unknown as { exchanges: Record<string, string>[] };

/** The chip's random source of Appendix D.3: RND.IC at the challenge, K.IC at authentication. */
function chipRng(): (n: number) => Uint8Array {
  const queue = [fromHex(bac.rndIc), fromHex(bac.kIc)];
  return (n) => {
    const next = queue.shift() ?? new Uint8Array(n).fill(0x5a);
    expect(next.length).toBe(n);
    return next;
  };
}

const eIfdMIfd = (): Uint8Array => fromHex(bac.eIfd + bac.mIfd);

describe('BacResponder (the chip side of 9303-11 §4.3.4)', () => {
  it('answers the Appendix D.3 EXTERNAL AUTHENTICATE with E.IC ‖ M.IC and opens the D.4 session', () => {
    const chip = new BacResponder(bac.mrzInformation, chipRng());
    expect(hex(chip.getChallenge())).toBe(bac.rndIc);
    const ok = chip.externalAuthenticate(eIfdMIfd());
    expect(ok).not.toBeNull();
    expect(hex(ok!.response)).toBe(bac.externalAuthenticateResponseData);
    expect(hex(ok!.sm.ssc)).toBe(bac.ssc);
    // The chip end of the session handles the D.4 exchanges byte-exact.
    for (const x of d4.exchanges) {
      const plain = ok!.sm.unprotectCommand(decodeCommand(fromHex(x.protectedCommand)));
      expect(hex(encodeCommand(plain))).toBe(x.unprotectedCommand);
      const resp = ok!.sm.protectResponse({ data: fromHex(x.decryptedResponseData), sw: 0x9000 });
      expect(hex(encodeResponse(resp))).toBe(x.protectedResponse);
    }
  });

  it('the challenge is single use', () => {
    const chip = new BacResponder(bac.mrzInformation, chipRng());
    chip.getChallenge();
    expect(chip.externalAuthenticate(eIfdMIfd())).not.toBeNull();
    expect(chip.externalAuthenticate(eIfdMIfd())).toBeNull();
  });

  it('a failed attempt also uses up the challenge', () => {
    const chip = new BacResponder(bac.mrzInformation, chipRng());
    chip.getChallenge();
    expect(chip.externalAuthenticate(new Uint8Array(40))).toBeNull();
    expect(chip.externalAuthenticate(eIfdMIfd())).toBeNull();
  });

  it('refuses authentication without a challenge', () => {
    expect(new BacResponder(bac.mrzInformation, chipRng()).externalAuthenticate(eIfdMIfd())).toBeNull();
  });

  it('refuses a cryptogram made for an older challenge', () => {
    const rnds = [fromHex(bac.rndIc), fromHex('0102030405060708')];
    const chip = new BacResponder(bac.mrzInformation, (n) => rnds.shift() ?? new Uint8Array(n));
    chip.getChallenge();
    chip.getChallenge(); // a new challenge replaces the one the cryptogram answers
    expect(chip.externalAuthenticate(eIfdMIfd())).toBeNull();
  });

  it('refuses the cryptogram of a terminal with a different MRZ (6300)', () => {
    const chip = new BacResponder(bac.mrzInformation, chipRng());
    const rndIc = chip.getChallenge();
    const other = deriveBacKeys('L898902C<369080719406236');
    const s = concat(fromHex(bac.rndIfd), rndIc, fromHex(bac.kIfd));
    expect(chip.externalAuthenticate(bacCryptogram(other.kEnc, other.kMac, s))).toBeNull();
  });

  it('refuses a correctly MACed cryptogram that does not carry RND.IC', () => {
    const chip = new BacResponder(bac.mrzInformation, chipRng());
    chip.getChallenge();
    const k = deriveBacKeys(bac.mrzInformation);
    const s = concat(fromHex(bac.rndIfd), fromHex('0000000000000000'), fromHex(bac.kIfd));
    expect(chip.externalAuthenticate(bacCryptogram(k.kEnc, k.kMac, s))).toBeNull();
  });

  it('fresh challenges differ by default (random source)', () => {
    const chip = new BacResponder(bac.mrzInformation);
    expect(hex(chip.getChallenge())).not.toBe(hex(chip.getChallenge()));
  });

  it('any bytes as EXTERNAL AUTHENTICATE data give null, never an exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (data) => {
        const chip = new BacResponder(bac.mrzInformation, chipRng());
        chip.getChallenge();
        expect(chip.externalAuthenticate(data)).toBeNull();
      }),
      { numRuns: 200 },
    );
  });

  it('wipe forgets the keys: no later authentication succeeds', () => {
    const chip = new BacResponder(bac.mrzInformation, chipRng());
    chip.wipe();
    chip.getChallenge();
    expect(chip.externalAuthenticate(eIfdMIfd())).toBeNull();
  });
});
