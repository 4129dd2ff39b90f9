import { describe, expect, it } from 'vitest';
import {
  decodeCommand,
  decodeResponse,
  encodeCommand,
  encodeResponse,
  type CommandApdu,
} from '../../../../electron/emrtd/apdu.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { aesSmCipher, tdesSmCipher, type SmCipher } from '../../../../electron/emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../../../electron/emrtd/sm/secure-messaging.ts';
import { TRACES, type SmTrace } from './sm-fixtures.ts';

function cipherOf(t: { alg: '3DES' | 'AES'; ksEnc: string; ksMac: string }): SmCipher {
  return t.alg === '3DES' ? tdesSmCipher(fromHex(t.ksEnc), fromHex(t.ksMac)) : aesSmCipher(fromHex(t.ksEnc), fromHex(t.ksMac));
}

function session(t: SmTrace): SecureMessaging {
  return new SecureMessaging(cipherOf(t), fromHex(t.initialSsc));
}

/** A terminal and a chip sharing fresh keys and SSC. */
function pair(alg: '3DES' | 'AES', keyLength = 16): { terminal: SecureMessaging; chip: SecureMessaging } {
  const ksEnc = hex(Uint8Array.from({ length: keyLength }, (_, i) => (i * 37 + 11) & 0xff));
  const ksMac = hex(Uint8Array.from({ length: keyLength }, (_, i) => (i * 53 + 7) & 0xff));
  const ssc = new Uint8Array(alg === '3DES' ? 8 : 16).fill(0xfe); // close to wrap-around on purpose
  return {
    terminal: new SecureMessaging(cipherOf({ alg, ksEnc, ksMac }), ssc),
    chip: new SecureMessaging(cipherOf({ alg, ksEnc, ksMac }), ssc),
  };
}

function errorCode(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof EmrtdError) return e.code;
    throw e;
  }
  return undefined;
}

describe('SecureMessaging, terminal side, against recorded exchanges', () => {
  for (const t of TRACES) {
    it(`${t.name}: protected commands and unprotected responses are byte-exact`, () => {
      const sm = session(t);
      for (const x of t.exchanges) {
        const wrapped = sm.protectCommand(decodeCommand(fromHex(x.unprotectedCommand)));
        expect(hex(encodeCommand(wrapped)), x.name).toBe(x.protectedCommand);
        const plain = sm.unprotectResponse(decodeResponse(fromHex(x.protectedResponse)));
        expect(hex(plain.data), x.name).toBe(x.decryptedResponseData);
        expect(plain.sw.toString(16).toUpperCase(), x.name).toBe(x.statusWord);
      }
      expect(hex(sm.ssc)).toBe(t.finalSsc);
    });
  }

  it('D.4: the SSC used for each command and response is the one of the worked example', async () => {
    const { icaoVectors } = await import('../../../helpers/shared.ts');
    const d4 = icaoVectors().secureMessaging as unknown as { initialSsc: string; exchanges: Record<string, string>[] };
    const sm = session(TRACES[0]);
    expect(hex(sm.ssc)).toBe(d4.initialSsc);
    for (const x of d4.exchanges) {
      sm.protectCommand(decodeCommand(fromHex(x.unprotectedCommand)));
      expect(hex(sm.ssc)).toBe(x.commandSsc);
      sm.unprotectResponse(decodeResponse(fromHex(x.protectedResponse)));
      expect(hex(sm.ssc)).toBe(x.responseSsc);
    }
  });
});

describe('SecureMessaging, chip side, against recorded exchanges', () => {
  for (const t of TRACES) {
    it(`${t.name}: unprotects the commands and protects the responses byte-exact`, () => {
      const chip = session(t);
      for (const x of t.exchanges) {
        const plain = chip.unprotectCommand(decodeCommand(fromHex(x.protectedCommand)));
        expect(hex(encodeCommand(plain)), x.name).toBe(x.unprotectedCommand);
        const resp = chip.protectResponse({ data: fromHex(x.decryptedResponseData), sw: parseInt(x.statusWord, 16) });
        expect(hex(encodeResponse(resp)), x.name).toBe(x.protectedResponse);
      }
      expect(hex(chip.ssc)).toBe(t.finalSsc);
    });
  }
});

describe('SecureMessaging round trips between terminal and chip', () => {
  const commands: { name: string; cmd: CommandApdu; respData: number; sw?: number }[] = [
    { name: 'case 1 (no data, no Le)', cmd: { cla: 0, ins: 0x44, p1: 0, p2: 0 }, respData: 0 },
    { name: 'SELECT (data, no Le)', cmd: { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('0101') }, respData: 0 },
    { name: 'READ BINARY short Le 0x20', cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0x20 }, respData: 0x20 },
    { name: 'READ BINARY short Le 256', cmd: { cla: 0, ins: 0xb0, p1: 1, p2: 0, le: 256 }, respData: 223 },
    { name: 'READ BINARY extended Le 0x0400', cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0x400 }, respData: 0x400 },
    {
      name: 'READ BINARY extended Le 65536',
      cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536, extended: true },
      respData: 1000,
    },
    {
      name: 'READ BINARY B1 (odd INS, DO\'85\'), offset 0x8000',
      cmd: { cla: 0, ins: 0xb1, p1: 0, p2: 0x01, data: fromHex('5403008000'), le: 256 },
      respData: 0,
    },
    { name: 'MSE:Set KAT (long data, short)', cmd: { cla: 0, ins: 0x22, p1: 0x41, p2: 0xa6, data: new Uint8Array(200).fill(7) }, respData: 0 },
    { name: 'long command data forces extended', cmd: { cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(300).fill(9) }, respData: 0 },
    { name: 'protected error status 6A82', cmd: { cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('0107') }, respData: 0, sw: 0x6a82 },
    { name: 'warning status 6282 with data', cmd: { cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0x40 }, respData: 0x10, sw: 0x6282 },
  ];

  for (const alg of ['3DES', 'AES'] as const) {
    for (const c of commands) {
      it(`${alg}: ${c.name}`, () => {
        const { terminal, chip } = pair(alg, alg === 'AES' ? 32 : 16);
        for (let round = 0; round < 3; round++) {
          const wrapped = terminal.protectCommand(c.cmd);
          // Extended length on the wire exactly when the inner command needs it or the wrapped data outgrows 255.
          const mustExtend = (c.cmd.le ?? 0) > 256 || !!c.cmd.extended || (wrapped.data?.length ?? 0) > 255;
          expect(!!wrapped.extended).toBe(mustExtend);
          expect(wrapped.le).toBe(mustExtend ? 65536 : 256);
          const received = decodeCommand(encodeCommand(wrapped));
          expect(received.cla).toBe(0x0c);
          const plain = chip.unprotectCommand(received);
          expect(plain.cla).toBe(c.cmd.cla);
          expect(plain.ins).toBe(c.cmd.ins);
          expect(plain.p1).toBe(c.cmd.p1);
          expect(plain.p2).toBe(c.cmd.p2);
          expect(plain.data ?? new Uint8Array(0)).toEqual(c.cmd.data ?? new Uint8Array(0));
          expect(plain.le).toBe(c.cmd.le);
          expect(!!plain.extended).toBe((c.cmd.le ?? 0) > 256 || !!c.cmd.extended);

          const data = Uint8Array.from({ length: c.respData }, (_, i) => (i * 7 + round) & 0xff);
          const sw = c.sw ?? 0x9000;
          const protectedResp = chip.protectResponse({ data, sw });
          const back = terminal.unprotectResponse(decodeResponse(encodeResponse(protectedResp)));
          expect(back.sw).toBe(sw);
          expect(back.data).toEqual(data);
          expect(terminal.ssc).toEqual(chip.ssc);
        }
      });
    }
  }

  it("odd INS puts the command and response data in DO'85' without a padding indicator", () => {
    const { terminal, chip } = pair('3DES');
    const wrapped = terminal.protectCommand({ cla: 0, ins: 0xb1, p1: 0, p2: 1, data: fromHex('54020100'), le: 256 });
    expect(wrapped.data?.[0]).toBe(0x85);
    expect(wrapped.data?.[1]).toBe(8); // one 3DES block, no 01 indicator
    chip.unprotectCommand(wrapped);
    const resp = chip.protectResponse({ data: fromHex('5303AABBCC'), sw: 0x9000 });
    expect(resp.data[0]).toBe(0x85);
    expect(terminal.unprotectResponse(resp).data).toEqual(fromHex('5303AABBCC'));
  });

  it("DO'97' is one byte for short Le and two for extended, and the wrapped Le follows", () => {
    const { terminal } = pair('AES');
    const short = terminal.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 256 });
    expect(hex(short.data!.subarray(0, 3))).toBe('970100');
    expect(short.le).toBe(256);
    expect(short.extended).toBeUndefined();
    const ext = terminal.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 65536, extended: true });
    expect(hex(ext.data!.subarray(0, 4))).toBe('97020000');
    expect(ext.le).toBe(65536);
    expect(ext.extended).toBe(true);
    const ext2 = terminal.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0x1234 });
    expect(hex(ext2.data!.subarray(0, 4))).toBe('97021234');
    expect(hex(encodeCommand(ext2)).endsWith('0000')).toBe(true);
  });

  it('the SSC wraps around and does not advance when a command cannot be wrapped', () => {
    const sm = new SecureMessaging(tdesSmCipher(new Uint8Array(16).fill(1), new Uint8Array(16).fill(2)), new Uint8Array(8).fill(0xff));
    expect(errorCode(() => sm.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 0 }))).toBe('APDU_MALFORMED');
    expect(hex(sm.ssc)).toBe('FFFFFFFFFFFFFFFF');
    sm.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 1 });
    expect(hex(sm.ssc)).toBe('0000000000000000');
  });
});

describe('SecureMessaging failures', () => {
  const d4 = TRACES[0];
  const x = d4.exchanges[1];

  function afterCommand(): SecureMessaging {
    const sm = session(d4);
    sm.protectCommand(decodeCommand(fromHex(d4.exchanges[0].unprotectedCommand)));
    sm.unprotectResponse(decodeResponse(fromHex(d4.exchanges[0].protectedResponse)));
    sm.protectCommand(decodeCommand(fromHex(x.unprotectedCommand)));
    return sm;
  }

  it('a tampered response byte fails the MAC', () => {
    const bytes = fromHex(x.protectedResponse);
    bytes[5] ^= 0x01; // inside the DO'87' cryptogram
    expect(errorCode(() => afterCommand().unprotectResponse(decodeResponse(bytes)))).toBe('SM_MAC_INVALID');
  });

  it('a tampered DO\'99\' status fails the MAC', () => {
    const bytes = fromHex(x.protectedResponse);
    const i = hex(bytes).indexOf('99029000') / 2;
    bytes[i + 3] = 0x01;
    expect(errorCode(() => afterCommand().unprotectResponse(decodeResponse(bytes)))).toBe('SM_MAC_INVALID');
  });

  it('a replayed response (SSC moved on) fails the MAC', () => {
    const sm = session(d4);
    sm.protectCommand(decodeCommand(fromHex(d4.exchanges[0].unprotectedCommand)));
    expect(errorCode(() => sm.unprotectResponse(decodeResponse(fromHex(x.protectedResponse))))).toBe('SM_MAC_INVALID');
  });

  it("a response without DO'99' or DO'8E' is malformed", () => {
    expect(errorCode(() => afterCommand().unprotectResponse(decodeResponse(fromHex('8E08AD55CC17140B2DED9000')))))
      .toBe('SM_MALFORMED');
    expect(errorCode(() => afterCommand().unprotectResponse(decodeResponse(fromHex('990290009000'))))).toBe('SM_MALFORMED');
    expect(errorCode(() => afterCommand().unprotectResponse({ data: new Uint8Array(0), sw: 0x9000 }))).toBe('SM_MALFORMED');
    expect(errorCode(() => afterCommand().unprotectResponse(decodeResponse(fromHex('60145F019000'))))).toBe('SM_MALFORMED');
  });

  it('a plain error status without data is handed back unchecked (chip dropped SM)', () => {
    for (const sw of [0x6987, 0x6988, 0x6a82]) {
      const sm = afterCommand();
      expect(sm.unprotectResponse({ data: new Uint8Array(0), sw })).toEqual({ data: new Uint8Array(0), sw });
    }
  });

  it('the chip side rejects an unprotected command, a bad MAC and a missing MAC', () => {
    const chip = (): SecureMessaging => session(d4);
    expect(errorCode(() => chip().unprotectCommand(decodeCommand(fromHex('00A4020C02011E'))))).toBe('SM_MALFORMED');
    const bytes = fromHex(d4.exchanges[0].protectedCommand);
    bytes[8] ^= 0x80;
    expect(errorCode(() => chip().unprotectCommand(decodeCommand(bytes)))).toBe('SM_MAC_INVALID');
    expect(errorCode(() => chip().unprotectCommand(decodeCommand(fromHex('0CA4020C0B8709016375432908C044F600'))))).toBe(
      'SM_MALFORMED',
    );
    // Header tampering is covered by the MAC too (P2 changed).
    const hdr = fromHex(d4.exchanges[0].protectedCommand);
    hdr[3] = 0x00;
    expect(errorCode(() => chip().unprotectCommand(decodeCommand(hdr)))).toBe('SM_MAC_INVALID');
  });

  it('after wipe every operation throws and the keys are gone', () => {
    const sm = session(d4);
    sm.wipe();
    expect(sm.wiped).toBe(true);
    expect(hex(sm.ssc)).toBe('0000000000000000');
    expect(errorCode(() => sm.protectCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toBe('SM_MAC_INVALID');
    expect(errorCode(() => sm.unprotectResponse(decodeResponse(fromHex(x.protectedResponse))))).toBe('SM_MAC_INVALID');
  });

  it('rejects an SSC of the wrong length for the cipher', () => {
    expect(() => new SecureMessaging(aesSmCipher(new Uint8Array(16), new Uint8Array(16)), new Uint8Array(8))).toThrow(RangeError);
  });
});
