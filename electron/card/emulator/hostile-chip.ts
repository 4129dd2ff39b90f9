// A hostile chip for robustness tests: a CardChannel wrapped around a genuine one (usually EmulatedChip)
// that misbehaves the way broken or malicious cards and flaky links do — answers cut short, too long or
// with a wrong length, endless 61xx "more data", secure-messaging MACs that do not verify, answers that
// come slowly or never. A `from` APDU index lets access control succeed first, so the hostility hits the
// phase under test. `hugeDg2Profile` gives the card a data group announcing (and holding) a megabyte.
import type { CardChannel } from '../../emrtd/channel.ts';
import { encodeTlv, readTlvHeader } from '../../emrtd/tlv.ts';
import type { CardProfile } from './card-profile.ts';

export type HostileBehaviour =
  /** Keep only the first `keep` bytes of each answer (0 or 1: no status word at all). */
  | { kind: 'truncate'; keep: number }
  /** Drop `drop` bytes from the middle of the data field, keeping the status word: the length is wrong. */
  | { kind: 'short-data'; drop: number }
  /** Append `extra` junk bytes before the status word. */
  | { kind: 'long-data'; extra: number }
  /** Answer 61xx ("more data available") to everything, including GET RESPONSE, forever. */
  | { kind: 'endless-61xx' }
  /** Flip one bit of the last MAC byte of every answer (a DO'8E' ends a protected answer before SW1 SW2). */
  | { kind: 'bad-mac' }
  /** Wait `ms` before every answer. */
  | { kind: 'slow'; ms: number }
  /** Never answer (the transmit promise stays pending, as on a wedged reader). */
  | { kind: 'silent' }
  /** Replace answer number `at` (counted from `from`) with `response`: for fuzzing one exchange at a time. */
  | { kind: 'replace'; at: number; response: Uint8Array };

export interface HostileOptions {
  /** Index of the first APDU (0-based) to misbehave on; earlier ones pass through unchanged. Default 0. */
  from?: number;
}

export class HostileChannel implements CardChannel {
  /** APDUs sent through the wrapper, and bytes answered (what a budget has to bound). */
  apdus = 0;
  bytesAnswered = 0;
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly inner: CardChannel,
    private readonly behaviour: HostileBehaviour,
    private readonly opts: HostileOptions = {},
  ) {}

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const n = this.apdus++;
    const from = this.opts.from ?? 0;
    if (n < from) return this.count(await this.inner.transmit(apdu));
    const b = this.behaviour;
    switch (b.kind) {
      case 'endless-61xx':
        return this.count(Uint8Array.of(0x61, 0x10));
      case 'silent':
        return new Promise<Uint8Array>(() => undefined);
      case 'slow': {
        await new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            this.#timers.delete(t);
            resolve();
          }, b.ms);
          // A pending slow answer must not keep a finished test process alive.
          t.unref();
          this.#timers.add(t);
        });
        return this.count(await this.inner.transmit(apdu));
      }
      case 'replace': {
        const real = await this.inner.transmit(apdu);
        return this.count(n - from === b.at ? b.response.slice() : real);
      }
      default:
        return this.count(distort(b, await this.inner.transmit(apdu)));
    }
  }

  /** Cancels pending slow answers (they then never resolve). */
  close(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
  }

  private count(resp: Uint8Array): Uint8Array {
    this.bytesAnswered += resp.length;
    return resp;
  }
}

function distort(b: Extract<HostileBehaviour, { kind: 'truncate' | 'short-data' | 'long-data' | 'bad-mac' }>, resp: Uint8Array): Uint8Array {
  const data = resp.subarray(0, Math.max(0, resp.length - 2));
  const sw = resp.subarray(Math.max(0, resp.length - 2));
  switch (b.kind) {
    case 'truncate':
      return resp.slice(0, b.keep);
    case 'short-data': {
      if (data.length === 0) return resp.slice();
      const mid = data.length >> 1;
      return Uint8Array.from([...data.subarray(0, mid), ...data.subarray(Math.min(data.length, mid + b.drop)), ...sw]);
    }
    case 'long-data':
      return Uint8Array.from([...data, ...new Uint8Array(b.extra).fill(0xa5), ...sw]);
    case 'bad-mac': {
      const out = resp.slice();
      if (data.length > 0) out[data.length - 1] ^= 0x01;
      return out;
    }
  }
}

/**
 * The card with its DG2 replaced by a file of `bytes` bytes in all (header included) that a read would have
 * to fetch in full: 9303-10 §4.7 DG2 tag '75' with a valid long-form length, filled with zeros.
 */
export function hugeDg2Profile(profile: CardProfile, bytes = 1024 * 1024): CardProfile {
  const header = encodeTlv(0x75, new Uint8Array(0)).length; // tag + short length, to size the long form
  const valueLength = bytes - header - 3; // long form '83' + 3 bytes replaces the one-byte short length
  const dg2 = encodeTlv(0x75, new Uint8Array(valueLength));
  if (readTlvHeader(dg2, 0).valueLength !== valueLength) throw new RangeError('hugeDg2Profile: unexpected header');
  const files = new Map(profile.files);
  files.set('DG2', dg2);
  return { ...profile, files };
}
