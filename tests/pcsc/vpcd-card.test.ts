// The vpcd socket protocol of our virtual card, against a stand-in for the driver on a loopback port (no
// pcscd): length-prefixed frames both ways, controls, fragmented and coalesced frames, removal mid-command.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { VpcdCard } from '../../electron/card/pcsc/vpcd-card.ts';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { loadCardDirectory } from '../../electron/card/emulator/card-profile.ts';
import { fromHex, hex } from '../../electron/emrtd/bytes.ts';
import { repoRoot } from '../helpers/shared.ts';

const SELECT_AID = '00A4040C07A0000002471001';

/** A fake vpcd: accepts one card, lets the test write raw bytes and read whole frames. */
async function fakeVpcd(): Promise<{ server: Server; port: number; card: Promise<Socket>; frames: (s: Socket) => () => Promise<Uint8Array> }> {
  let accept!: (s: Socket) => void;
  const card = new Promise<Socket>((r) => (accept = r));
  const server = createServer((s) => accept(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const frames = (s: Socket) => {
    let buf = Buffer.alloc(0);
    const waiting: ((f: Uint8Array) => void)[] = [];
    const queued: Uint8Array[] = [];
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const f = new Uint8Array(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        buf = buf.subarray(2 + f.length);
        const w = waiting.shift();
        if (w) w(f);
        else queued.push(f);
      }
    });
    return () => (queued.length ? Promise.resolve(queued.shift()!) : new Promise<Uint8Array>((r) => waiting.push(r)));
  };
  return { server, port, card, frames };
}

function frame(hexText: string): Buffer {
  const body = Buffer.from(fromHex(hexText));
  const out = Buffer.alloc(2 + body.length);
  out.writeUInt16BE(body.length, 0);
  body.copy(out, 2);
  return out;
}

const chip = () => new EmulatedChip(loadCardDirectory(`${repoRoot}/resources/demo-cards/nguyen-van-an`));
let servers: Server[] = [];
afterEach(() => {
  for (const s of servers) s.close();
  servers = [];
});

describe('VpcdCard (vpcd socket protocol)', () => {
  it('answers get-ATR and command APDUs in length-prefixed frames, and nothing to power controls', async () => {
    const vpcd = await fakeVpcd();
    servers.push(vpcd.server);
    const c = chip();
    const card = new VpcdCard(c, { port: vpcd.port });
    await card.insert();
    const s = await vpcd.card;
    const next = vpcd.frames(s);
    s.write(Buffer.concat([frame('01'), frame('04')])); // power on, get ATR (coalesced in one segment)
    expect(hex(await next())).toBe(c.atrHex);
    // A SELECT split across two writes still is one command.
    const select = frame(SELECT_AID);
    s.write(select.subarray(0, 5));
    await new Promise((r) => setTimeout(r, 20));
    s.write(select.subarray(5));
    expect(hex(await next())).toBe('9000');
    // SELECT MF: a CCCD chip answers 6D00; two commands in one segment are answered in order.
    s.write(Buffer.concat([frame('00A4000C023F00'), frame(SELECT_AID)]));
    expect(hex(await next())).toBe('6D00');
    expect(hex(await next())).toBe('9000');
    expect(card.stats).toEqual({ apdus: 3, bytesIn: 12 + 7 + 12, bytesOut: 6 });
    await card.remove();
    expect(card.inserted).toBe(false);
  });

  it('takes the card away mid-command when told to, without answering', async () => {
    const vpcd = await fakeVpcd();
    servers.push(vpcd.server);
    const card = new VpcdCard(chip(), { port: vpcd.port, beforeCommand: (_apdu, n) => (n === 2 ? 'remove' : undefined) });
    await card.insert();
    const s = await vpcd.card;
    const next = vpcd.frames(s);
    const ended = new Promise((r) => s.once('close', r));
    s.write(frame(SELECT_AID));
    expect(hex(await next())).toBe('9000');
    s.write(frame(SELECT_AID));
    await ended;
    await card.closed;
    expect(card.inserted).toBe(false);
    expect(card.stats.apdus).toBe(1);
  });

  it('notices when the driver side closes (pcscd stopped) and can be inserted again', async () => {
    const vpcd = await fakeVpcd();
    servers.push(vpcd.server);
    const card = new VpcdCard(chip(), { port: vpcd.port });
    await card.insert();
    (await vpcd.card).destroy();
    await card.closed;
    expect(card.inserted).toBe(false);
  });

  it('fails to insert with CARD_REMOVED when vpcd is not listening, and refuses non-loopback hosts', async () => {
    const vpcd = await fakeVpcd();
    const port = vpcd.port;
    await new Promise((r) => vpcd.server.close(r));
    await expect(new VpcdCard(chip(), { port }).insert()).rejects.toMatchObject({ code: 'CARD_REMOVED' });
    await expect(new VpcdCard(chip(), { port, host: '10.0.0.1' as '127.0.0.1' }).insert()).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});
