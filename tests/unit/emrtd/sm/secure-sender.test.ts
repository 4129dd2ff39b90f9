import { describe, expect, it } from 'vitest';
import { decodeCommand, decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from '../../../../electron/emrtd/apdu.ts';
import { fromHex, hex } from '../../../../electron/emrtd/bytes.ts';
import type { ApduSender } from '../../../../electron/emrtd/channel.ts';
import { EmrtdError } from '../../../../electron/emrtd/errors.ts';
import { tdesSmCipher, type SmCipher } from '../../../../electron/emrtd/sm/cipher.ts';
import { SecureMessaging } from '../../../../electron/emrtd/sm/secure-messaging.ts';
import { SecureSender } from '../../../../electron/emrtd/sm/secure-sender.ts';
import { D4 } from './sm-fixtures.ts';

/** Answers each expected protected command with the recorded response, in order. */
class ScriptedChip implements ApduSender {
  readonly seen: string[] = [];
  constructor(private readonly script: { command: string; response: string }[]) {}
  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    const bytes = hex(encodeCommand(cmd));
    this.seen.push(bytes);
    const step = this.script.shift();
    if (!step) throw new EmrtdError('CARD_REMOVED', 'script exhausted');
    expect(bytes).toBe(step.command);
    return decodeResponse(fromHex(step.response));
  }
}

function spyCipher(): { cipher: SmCipher; wiped: () => boolean } {
  const inner = tdesSmCipher(fromHex(D4.ksEnc), fromHex(D4.ksMac));
  let wiped = false;
  return {
    cipher: { ...inner, name: inner.name, blockSize: inner.blockSize, wipe: () => ((wiped = true), inner.wipe()) },
    wiped: () => wiped,
  };
}

const script = (): { command: string; response: string }[] =>
  D4.exchanges.map((x) => ({ command: x.protectedCommand, response: x.protectedResponse }));

async function code(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof EmrtdError) return e.code;
    throw e;
  }
  return undefined;
}

describe('SecureSender', () => {
  it('reads EF.COM of 9303-11 D.4 through plain ApduSender calls', async () => {
    const chip = new ScriptedChip(script());
    const sender = new SecureSender(chip, new SecureMessaging(tdesSmCipher(fromHex(D4.ksEnc), fromHex(D4.ksMac)), fromHex(D4.initialSsc)));
    const plain = D4.exchanges.map((x) => decodeCommand(fromHex(x.unprotectedCommand)));
    // Fired together: the sender still runs them in order, as the SSC demands.
    const [sel, r1, r2] = await Promise.all(plain.map((c) => sender.send(c)));
    expect(sel.sw).toBe(0x9000);
    expect(hex(r1.data) + hex(r2.data)).toBe('60145F0104303130365F36063034303030305C026175');
    expect(hex(sender.sm.ssc)).toBe(D4.finalSsc);
    expect(sender.ended).toBe(false);
  });

  it('a tampered response ends the session: that send and every later one throw SM_MAC_INVALID, keys wiped', async () => {
    const s = script();
    const resp = fromHex(s[1].response);
    resp[4] ^= 0x40;
    s[1].response = hex(resp);
    const chip = new ScriptedChip(s);
    const spy = spyCipher();
    const sender = new SecureSender(chip, new SecureMessaging(spy.cipher, fromHex(D4.initialSsc)));
    await sender.send(decodeCommand(fromHex(D4.exchanges[0].unprotectedCommand)));
    expect(await code(sender.send(decodeCommand(fromHex(D4.exchanges[1].unprotectedCommand))))).toBe('SM_MAC_INVALID');
    expect(sender.ended).toBe(true);
    expect(spy.wiped()).toBe(true);
    expect(sender.sm.wiped).toBe(true);
    expect(await code(sender.send(decodeCommand(fromHex(D4.exchanges[2].unprotectedCommand))))).toBe('SM_MAC_INVALID');
    expect(chip.seen.length).toBe(2); // nothing more went to the card
  });

  it('a response that is not secure messaging ends the session as malformed', async () => {
    const s = script();
    s[0].response = '60145F019000';
    const sender = new SecureSender(new ScriptedChip(s), new SecureMessaging(spyCipher().cipher, fromHex(D4.initialSsc)));
    expect(await code(sender.send(decodeCommand(fromHex(D4.exchanges[0].unprotectedCommand))))).toBe('SM_MALFORMED');
    expect(sender.ended).toBe(true);
  });

  it('a plain 6988 from a chip that dropped SM reaches the caller as a status word', async () => {
    const s = script();
    s[0].response = '6988';
    const sender = new SecureSender(new ScriptedChip(s), new SecureMessaging(spyCipher().cipher, fromHex(D4.initialSsc)));
    const r = await sender.send(decodeCommand(fromHex(D4.exchanges[0].unprotectedCommand)));
    expect(r).toEqual({ data: new Uint8Array(0), sw: 0x6988 });
  });

  it('a transport failure ends the session (the counters are out of step) and is rethrown', async () => {
    const spy = spyCipher();
    const sender = new SecureSender(new ScriptedChip([]), new SecureMessaging(spy.cipher, fromHex(D4.initialSsc)));
    expect(await code(sender.send({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toBe('CARD_REMOVED');
    expect(sender.ended).toBe(true);
    expect(spy.wiped()).toBe(true);
  });

  it('end() wipes the keys deliberately', async () => {
    const spy = spyCipher();
    const sender = new SecureSender(new ScriptedChip(script()), new SecureMessaging(spy.cipher, fromHex(D4.initialSsc)));
    sender.end();
    expect(spy.wiped()).toBe(true);
    expect(await code(sender.send({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 4 }))).toBeDefined();
  });
});
