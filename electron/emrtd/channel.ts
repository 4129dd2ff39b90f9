// How the ICAO library reaches a chip. A reader (PC/SC) or the software chip implements CardChannel;
// everything above it works on ApduSender, which the secure-messaging layer wraps (9303-11 §9.8).
import { decodeResponse, encodeCommand, type CommandApdu, type ResponseApdu } from './apdu.ts';

export interface CardChannel {
  /** Send one command APDU and return the response APDU (data ‖ SW1 SW2). Rejects when the card is gone. */
  transmit(apdu: Uint8Array): Promise<Uint8Array>;
}

export interface ApduSender {
  send(cmd: CommandApdu): Promise<ResponseApdu>;
}

export interface TransportStats {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
}

/** Plain (unprotected) APDUs over a channel, counting what crosses the wire. */
export class PlainSender implements ApduSender {
  readonly stats: TransportStats = { apdus: 0, bytesSent: 0, bytesReceived: 0 };
  constructor(private readonly channel: CardChannel) {}

  async send(cmd: CommandApdu): Promise<ResponseApdu> {
    return decodeResponse(await this.sendRaw(encodeCommand(cmd)));
  }

  async sendRaw(apdu: Uint8Array): Promise<Uint8Array> {
    this.stats.apdus++;
    this.stats.bytesSent += apdu.length;
    const resp = await this.channel.transmit(apdu);
    this.stats.bytesReceived += resp.length;
    return resp;
  }
}
