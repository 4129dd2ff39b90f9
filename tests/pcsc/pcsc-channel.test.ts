// PcscChannel against stand-ins for nfc-pcsc's reader (no pcscd): how PC/SC failures become what the chip core
// understands — a reader limited to short APDUs reads as a chip without extended length, a lost card and a
// silent reader fail the waiting transmit with CARD_REMOVED, T=0-style 61xx answers are collected.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PcscChannel } from '../../electron/card/pcsc/pcsc-channel.ts';
import type { NfcReader } from '../../electron/card/pcsc/nfc-library.ts';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { accessKeyFromMrz } from '../../electron/emrtd/access/access-key.ts';
import { fromHex, hex } from '../../electron/emrtd/bytes.ts';
import { readDocument } from '../../electron/emrtd/read/read-document.ts';
import { makeTestCard, profileOf } from '../helpers/cards.ts';

/** nfc-pcsc's TransmitError wraps the native error, whose message ends in the PC/SC code. */
function pcscError(message: string): Error {
  return Object.assign(new Error('An error occurred while transmitting.'), { previous: new Error(message) });
}

function fakeReader(transmit: (apdu: Uint8Array) => Promise<Uint8Array>): NfcReader & { sent: string[] } {
  const sent: string[] = [];
  const device = Object.assign(new EventEmitter(), {
    name: 'Fake Reader 00 00',
    sent,
    transmit: async (data: Buffer, max: number) => {
      expect(max).toBe(65538); // extended data + SW, or SCardTransmit answers "Insufficient buffer"
      sent.push(hex(new Uint8Array(data)));
      return Buffer.from(await transmit(new Uint8Array(data)));
    },
  });
  return device as unknown as NfcReader & { sent: string[] };
}

const ATR = fromHex('3B8880010000000077818100' + '7E');

describe('PcscChannel', () => {
  it('turns a reader that refuses extended APDUs (0x80100016) into a chip without extended length: the read completes in short chunks', async () => {
    const card = await makeTestCard('valid');
    const chip = new EmulatedChip(profileOf(card));
    let refused = 0;
    const device = fakeReader(async (apdu) => {
      if (apdu.length >= 7 && apdu[4] === 0) {
        refused++;
        throw pcscError('SCardTransmit error: Transaction failed.(0x80100016)');
      }
      return chip.transmit(apdu);
    });
    const channel = new PcscChannel(device, ATR, 1);
    const doc = await readDocument(channel, { keys: [accessKeyFromMrz(card.mrz.join('\n'))], atr: channel.atrHex });
    expect(doc.chunkMode).toBe(223);
    for (const [name, bytes] of card.files) expect(hex(doc.files.get(name)!), name).toBe(hex(bytes));
    expect(refused).toBe(1); // asked once; later extended APDUs are answered 6700 without the reader
    expect(channel.usable).toBe(true);
  });

  it('fails with CARD_REMOVED when PC/SC reports the card gone, and stays failed', async () => {
    const channel = new PcscChannel(fakeReader(async () => { throw pcscError('SCardTransmit error: Card was removed.(0x80100069)'); }), ATR, 1);
    await expect(channel.transmit(fromHex('00A4040C07A0000002471001'))).rejects.toMatchObject({ code: 'CARD_REMOVED', message: expect.stringContaining('Card was removed') });
    expect(channel.usable).toBe(false);
    await expect(channel.transmit(fromHex('00A4040C07A0000002471001'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });

  it('fails the waiting transmit at once when the monitor reports the card removed', async () => {
    const channel = new PcscChannel(fakeReader(() => new Promise<Uint8Array>(() => {})), ATR, 1, { transmitTimeoutMs: 60_000 });
    const pending = channel.transmit(fromHex('00B0000000'));
    channel.markLost('card removed');
    await expect(pending).rejects.toMatchObject({ code: 'CARD_REMOVED', message: expect.stringContaining('card removed') });
  });

  it('gives up on a reader that does not answer within the transmit timeout', async () => {
    const channel = new PcscChannel(fakeReader(() => new Promise<Uint8Array>(() => {})), ATR, 1, { transmitTimeoutMs: 50 });
    await expect(channel.transmit(fromHex('00B0000000'))).rejects.toMatchObject({ code: 'CARD_REMOVED', message: expect.stringContaining('no answer within 50 ms') });
  });

  it('collects 61xx answers with GET RESPONSE', async () => {
    const answers = [fromHex('0102036103'), fromHex('0405069000')];
    const device = fakeReader(async () => answers.shift()!);
    const resp = await new PcscChannel(device, ATR, 1).transmit(fromHex('00B0000000'));
    expect(hex(resp)).toBe('0102030405069000');
    expect(device.sent).toEqual(['00B0000000', '00C0000003']);
  });

  it('treats a response without a status word as a lost card', async () => {
    const channel = new PcscChannel(fakeReader(async () => new Uint8Array(0)), ATR, 1);
    await expect(channel.transmit(fromHex('00B0000000'))).rejects.toMatchObject({ code: 'CARD_REMOVED' });
  });
});
