import { describe, expect, it } from 'vitest';
import { decodeCommand, encodeCommand, decodeResponse, type CommandApdu, type ResponseApdu } from '../../../../electron/emrtd/apdu.ts';
import { concat, fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import type { ApduSender } from '../../../../electron/emrtd/channel.ts';
import { EmrtdError, StatusWordError } from '../../../../electron/emrtd/errors.ts';
import {
  bacCryptogram,
  deriveBacKeys,
  deriveBacSessionKeys,
  performBac,
} from '../../../../electron/emrtd/access/bac.ts';
import { SecureSender } from '../../../../electron/emrtd/sm/secure-sender.ts';
import { BacResponder } from '../../../../electron/card/emulator/bac-responder.ts';
import { icaoVectors } from '../../../helpers/shared.ts';

const bac = icaoVectors().bac as Record<string, string>;
const d4 = icaoVectors().secureMessaging as unknown as { exchanges: Record<string, string>[] };

/** The terminal's random source of Appendix D.3: RND.IFD first, then K.IFD. */
function vectorRng(): (n: number) => Uint8Array {
  const queue = [fromHex(bac.rndIfd), fromHex(bac.kIfd)];
  return (n) => {
    const next = queue.shift();
    if (!next || next.length !== n) throw new Error(`unexpected rng(${n})`);
    return next;
  };
}

/** A plain chip that expects exact command APDUs and answers recorded responses. */
class ScriptedChip implements ApduSender {
  readonly seen: string[] = [];
  constructor(private readonly script: { command: string; response: string }[]) {}
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    const bytes = hex(encodeCommand(cmd));
    this.seen.push(bytes);
    const step = this.script.shift();
    if (!step) throw new Error(`unexpected command ${bytes}`);
    expect(bytes).toBe(step.command);
    return decodeResponse(fromHex(step.response));
  }
}

const appendixD = (eaResponse = bac.externalAuthenticateResponse): { command: string; response: string }[] => [
  { command: bac.getChallengeCommand, response: bac.getChallengeResponse },
  { command: bac.externalAuthenticateCommand, response: eaResponse },
];

async function rejection(p: Promise<unknown>): Promise<EmrtdError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(EmrtdError);
    return e as EmrtdError;
  }
  throw new Error('expected a rejection');
}

/** A minimal BAC chip over BacResponder: GET CHALLENGE, EXTERNAL AUTHENTICATE, then protected READ BINARY. */
class ResponderChip implements ApduSender {
  constructor(private readonly responder: BacResponder, private readonly file: Uint8Array) {}
  sm: ReturnType<BacResponder['externalAuthenticate']> = null;
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    if (cmd.cla === 0 && cmd.ins === 0x84) return { data: this.responder.getChallenge(), sw: 0x9000 };
    if (cmd.cla === 0 && cmd.ins === 0x82) {
      this.sm = this.responder.externalAuthenticate(cmd.data ?? new Uint8Array(0));
      return this.sm ? { data: this.sm.response, sw: 0x9000 } : { data: new Uint8Array(0), sw: 0x6300 };
    }
    if (!this.sm) return { data: new Uint8Array(0), sw: 0x6982 };
    const plain = this.sm.sm.unprotectCommand(cmd);
    const off = (plain.p1 << 8) | plain.p2;
    return this.sm.sm.protectResponse({ data: this.file.slice(off, off + (plain.le ?? 0)), sw: 0x9000 });
  }
}

describe('BAC key derivation (9303-11 Appendix D.2)', () => {
  it('derives Kseed, Kenc and Kmac from the MRZ information', () => {
    expect(bac.mrzInformation).toBe(
      bac.documentNumber + bac.documentNumberCheckDigit + bac.dateOfBirth + bac.dateOfBirthCheckDigit + bac.dateOfExpiry + bac.dateOfExpiryCheckDigit,
    );
    const k = deriveBacKeys(bac.mrzInformation);
    expect(hex(k.kSeed)).toBe(bac.kSeed);
    expect(hex(k.kEnc)).toBe(bac.kEnc);
    expect(hex(k.kMac)).toBe(bac.kMac);
  });

  it('rejects MRZ information with characters outside the MRZ alphabet', () => {
    for (const bad of ['', 'l898902c<369080619406236', 'L898902C 369080619406236', 'L898902C<36908061940623\u00e9']) {
      expect(() => deriveBacKeys(bad)).toThrow(expect.objectContaining({ code: 'MRZ_INVALID' }));
    }
  });

  it('computes E.IFD ‖ M.IFD of Appendix D.3', () => {
    const k = deriveBacKeys(bac.mrzInformation);
    expect(hex(bacCryptogram(k.kEnc, k.kMac, fromHex(bac.s)))).toBe(bac.eIfd + bac.mIfd);
  });

  it('derives the session keys and SSC of Appendix D.3', () => {
    const ks = deriveBacSessionKeys(fromHex(bac.kIfd), fromHex(bac.kIc), fromHex(bac.rndIc), fromHex(bac.rndIfd));
    expect(hex(ks.ksEnc)).toBe(bac.ksEnc);
    expect(hex(ks.ksMac)).toBe(bac.ksMac);
    expect(hex(ks.ssc)).toBe(bac.ssc);
  });
});

describe('performBac', () => {
  it('sends the exact APDUs of Appendix D.3 and opens the session of Appendix D.4', async () => {
    const chip = new ScriptedChip(appendixD());
    const sm = await performBac(chip, bac.mrzInformation, vectorRng());
    expect(chip.seen).toEqual([bac.getChallengeCommand, bac.externalAuthenticateCommand]);
    expect(hex(sm.ssc)).toBe(bac.ssc);
    expect(sm.algorithm).toBe('3DES');
    // KSenc/KSmac are right iff the first D.4 command wraps byte-exact.
    const x = d4.exchanges[0];
    expect(hex(encodeCommand(sm.protectCommand(decodeCommand(fromHex(x.unprotectedCommand)))))).toBe(x.protectedCommand);
  });

  for (const sw of ['6300', '6982', '6D00', '6A80']) {
    it(`EXTERNAL AUTHENTICATE answered ${sw} → ACCESS_DENIED`, async () => {
      const err = await rejection(performBac(new ScriptedChip(appendixD(sw)), bac.mrzInformation, vectorRng()));
      expect(err.code).toBe('ACCESS_DENIED');
      expect((err.cause as StatusWordError).sw).toBe(parseInt(sw, 16));
    });
  }

  it('a chip cryptogram with a wrong MAC → ACCESS_DENIED', async () => {
    const r = fromHex(bac.externalAuthenticateResponse);
    r[39] ^= 0x01; // last byte of M.IC
    const err = await rejection(performBac(new ScriptedChip(appendixD(hex(r))), bac.mrzInformation, vectorRng()));
    expect(err.code).toBe('ACCESS_DENIED');
  });

  it('a chip cryptogram of the wrong length → ACCESS_DENIED', async () => {
    const err = await rejection(
      performBac(new ScriptedChip(appendixD(bac.externalAuthenticateResponseData.slice(0, 64) + '9000')), bac.mrzInformation, vectorRng()),
    );
    expect(err.code).toBe('ACCESS_DENIED');
  });

  it('a correctly MACed cryptogram that does not echo RND.IFD → ACCESS_DENIED', async () => {
    const k = deriveBacKeys(bac.mrzInformation);
    const wrongR = concat(fromHex(bac.rndIc), fromHex('0000000000000000'), fromHex(bac.kIc));
    const resp = hex(bacCryptogram(k.kEnc, k.kMac, wrongR)) + '9000';
    const err = await rejection(performBac(new ScriptedChip(appendixD(resp)), bac.mrzInformation, vectorRng()));
    expect(err.code).toBe('ACCESS_DENIED');
    expect(err.message).toMatch(/RND\.IFD/);
  });

  it('GET CHALLENGE errors are status-word errors, not access denial', async () => {
    const chip = new ScriptedChip([{ command: bac.getChallengeCommand, response: '6D00' }]);
    const err = await rejection(performBac(chip, bac.mrzInformation, vectorRng()));
    expect(err).toBeInstanceOf(StatusWordError);
    expect((err as StatusWordError).sw).toBe(0x6d00);
  });

  it('a challenge that is not 8 bytes is malformed', async () => {
    const chip = new ScriptedChip([{ command: bac.getChallengeCommand, response: '4608F9198870229000' }]);
    expect((await rejection(performBac(chip, bac.mrzInformation, vectorRng()))).code).toBe('APDU_MALFORMED');
  });
});

describe('performBac against the software chip (BacResponder)', () => {
  const file = Uint8Array.from({ length: 300 }, (_, i) => (i * 13) & 0xff);

  it('the right MRZ opens a working secure channel', async () => {
    const chip = new ResponderChip(new BacResponder(bac.mrzInformation), file);
    const sm = await performBac(chip, bac.mrzInformation);
    const sender = new SecureSender(chip, sm);
    const a = await sender.send({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0xe0 });
    const b = await sender.send({ cla: 0, ins: 0xb0, p1: 0, p2: 0xe0, le: 0x4c });
    expect(concat(a.data, b.data)).toEqual(file.subarray(0, 0xe0 + 0x4c));
    expect(hex(sender.sm.ssc)).toBe(hex(chip.sm!.sm.ssc));
  });

  it('a wrong MRZ (one digit of the date of birth) is ACCESS_DENIED', async () => {
    const chip = new ResponderChip(new BacResponder(bac.mrzInformation), file);
    const wrong = bac.mrzInformation.replace('690806', '690807');
    expect((await rejection(performBac(chip, wrong))).code).toBe('ACCESS_DENIED');
    expect(chip.sm).toBeNull();
  });
});
