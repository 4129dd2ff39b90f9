// A model of the contactless link (ISO/IEC 14443 at 106–848 kbit/s) so that benchmarks and demos can
// reason about time on the wire without a reader: each APDU costs its bytes in both directions at the
// bit rate, plus a fixed turnaround (reader, driver, chip processing).

export interface LinkModel {
  /** Bits per second on the air, e.g. 106_000, 212_000, 424_000, 848_000. */
  bitRate: number;
  /** Milliseconds of fixed cost per APDU exchange. */
  turnaroundMs: number;
}

/** ISO 14443-4 framing overhead per exchange (PCB, CID, CRC, SOF/EOF) in bytes, both directions. */
const FRAME_OVERHEAD_BYTES = 8;

export function exchangeMs(link: LinkModel, sentBytes: number, receivedBytes: number): number {
  const bits = (sentBytes + receivedBytes + FRAME_OVERHEAD_BYTES) * 8;
  return link.turnaroundMs + (bits / link.bitRate) * 1000;
}

/** The least time any reader needs to move `bytes` over the link: the floor benchmarks compare against. */
export function wireFloorMs(link: LinkModel, bytes: number): number {
  return ((bytes * 8) / link.bitRate) * 1000;
}
