// Secure messaging, 9303-11 §9.8 (ISO/IEC 7816-4 §6): both sides of one session, the terminal's
// (protectCommand / unprotectResponse) and the chip's (unprotectCommand / protectResponse).
//
// Command:  CLA|0C INS P1 P2 ‖ [DO'87' 01‖E(pad(data)) | DO'85' E(pad(data)) for odd INS] [DO'97' Le] DO'8E' MAC ‖ Le
// Response: [DO'87' | DO'85'] DO'99' SW DO'8E' MAC ‖ SW
// The MAC is over pad(SSC ‖ pad(header) ‖ DOs) for commands and pad(SSC ‖ DOs) for responses, and the send
// sequence counter is incremented before each command and again before each response (§9.8.6.3).
import { needsExtended, SW_OK, type CommandApdu, type ResponseApdu } from '../apdu.ts';
import { concat, equal, readUint, uint16 } from '../bytes.ts';
import { padIso9797M2 } from '../crypto/padding.ts';
import { EmrtdError } from '../errors.ts';
import { decodeTlv, encodeTlv } from '../tlv.ts';
import type { SmCipher } from './cipher.ts';

const EMPTY: Uint8Array = new Uint8Array(0);

export const DO_CRYPTOGRAM_PI = 0x87; // padding-content indicator ‖ cryptogram (even INS)
export const DO_CRYPTOGRAM = 0x85; // cryptogram of BER-TLV data (odd INS, e.g. READ BINARY B1)
export const DO_LE = 0x97;
export const DO_STATUS = 0x99;
export const DO_MAC = 0x8e;

const PADDING_CONTENT_INDICATOR = 0x01; // ISO 7816-4: padding per ISO 9797-1 method 2

interface SmObjects {
  cryptogram?: { tag: number; value: Uint8Array };
  le?: Uint8Array;
  status?: Uint8Array;
  mac?: Uint8Array;
  /** Length of the data before DO'8E': the data objects the MAC covers. */
  macInputLength: number;
}

/** Big-endian increment with wrap-around, in place. */
function increment(counter: Uint8Array): void {
  for (let i = counter.length - 1; i >= 0; i--) {
    counter[i] = (counter[i] + 1) & 0xff;
    if (counter[i] !== 0) return;
  }
}

function malformed(message: string, cause?: unknown): EmrtdError {
  return new EmrtdError('SM_MALFORMED', `secure messaging: ${message}`, cause === undefined ? undefined : { cause });
}

/** Split SM data into its data objects; DO'8E' must come last and each object at most once. */
function parseObjects(data: Uint8Array, allowed: readonly number[], what: string): SmObjects {
  const out: SmObjects = { macInputLength: data.length };
  const seen = new Set<number>();
  let p = 0;
  while (p < data.length) {
    let t;
    try {
      t = decodeTlv(data, p);
    } catch (e) {
      throw malformed(`${what} data objects do not parse`, e);
    }
    if (!allowed.includes(t.tag)) throw malformed(`unexpected data object ${t.tag.toString(16).toUpperCase()} in ${what}`);
    if (seen.has(t.tag)) throw malformed(`data object ${t.tag.toString(16).toUpperCase()} twice in ${what}`);
    seen.add(t.tag);
    switch (t.tag) {
      case DO_CRYPTOGRAM_PI:
      case DO_CRYPTOGRAM:
        if (out.cryptogram) throw malformed(`both DO'85' and DO'87' in ${what}`);
        out.cryptogram = { tag: t.tag, value: t.value };
        break;
      case DO_LE:
        out.le = t.value;
        break;
      case DO_STATUS:
        out.status = t.value;
        break;
      case DO_MAC:
        out.mac = t.value;
        out.macInputLength = p;
        if (p + t.length !== data.length) throw malformed(`data after DO'8E' in ${what}`);
        break;
    }
    p += t.length;
  }
  if (!out.mac) throw malformed(`${what} has no DO'8E' (MAC)`);
  if (out.mac.length !== 8) throw malformed(`${what} DO'8E' is ${out.mac.length} bytes, expected 8`);
  return out;
}

export class SecureMessaging {
  readonly #cipher: SmCipher;
  readonly #ssc: Uint8Array;
  #wiped = false;
  /** Chip side: the last command had an odd INS, so its response data goes into DO'85'. */
  #oddIns = false;

  constructor(cipher: SmCipher, ssc: Uint8Array) {
    if (ssc.length !== cipher.blockSize) {
      throw new RangeError(`secure messaging: SSC must be ${cipher.blockSize} bytes for ${cipher.name}, got ${ssc.length}`);
    }
    this.#cipher = cipher;
    this.#ssc = ssc.slice();
  }

  /** A copy of the current send sequence counter. */
  get ssc(): Uint8Array {
    return this.#ssc.slice();
  }

  get algorithm(): '3DES' | 'AES' {
    return this.#cipher.name;
  }

  get blockSize(): 8 | 16 {
    return this.#cipher.blockSize;
  }

  get wiped(): boolean {
    return this.#wiped;
  }

  /** Terminal side: wrap a plain command (9303-11 §9.8.6). The SSC only advances when wrapping succeeds. */
  protectCommand(cmd: CommandApdu): CommandApdu {
    this.#live();
    const data = cmd.data ?? EMPTY;
    const le = cmd.le;
    if (le !== undefined && (!Number.isInteger(le) || le < 1 || le > 65536)) {
      throw new EmrtdError('APDU_MALFORMED', `secure messaging: Le ${le} out of range`);
    }
    if (data.length > 65535 - 64) throw new EmrtdError('APDU_MALFORMED', 'secure messaging: command data too long');
    const ssc = this.#ssc.slice();
    increment(ssc);
    const bs = this.#cipher.blockSize;
    const cla = (cmd.cla | 0x0c) & 0xff;
    const header = Uint8Array.of(cla, cmd.ins & 0xff, cmd.p1 & 0xff, cmd.p2 & 0xff);

    let doData = EMPTY;
    if (data.length > 0) {
      const cryptogram = this.#cipher.encrypt(ssc, data);
      doData = (cmd.ins & 1) === 1
        ? encodeTlv(DO_CRYPTOGRAM, cryptogram)
        : encodeTlv(DO_CRYPTOGRAM_PI, Uint8Array.of(PADDING_CONTENT_INDICATOR), cryptogram);
    }
    const extended = needsExtended(cmd);
    let do97 = EMPTY;
    if (le !== undefined) {
      // Short Le '00' means 256; extended '0000' means 65536.
      do97 = encodeTlv(DO_LE, extended ? uint16(le === 65536 ? 0 : le) : Uint8Array.of(le === 256 ? 0 : le));
    }
    const mac = this.#cipher.mac(ssc, concat(padIso9797M2(header, bs), doData, do97));
    const body = concat(doData, do97, encodeTlv(DO_MAC, mac));
    this.#ssc.set(ssc);
    // The wrapped command always asks for everything: Le '00', or '0000' when extended length is needed.
    if (extended || body.length > 255) return { cla, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: body, le: 65536, extended: true };
    return { cla, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2, data: body, le: 256 };
  }

  /**
   * Terminal side: verify and unwrap a response. The SSC advances whatever the outcome. A response with no
   * data and an error status (a chip that answers 6987/6988 and drops secure messaging) is returned as is.
   */
  unprotectResponse(resp: ResponseApdu): ResponseApdu {
    this.#live();
    increment(this.#ssc);
    if (resp.data.length === 0 && resp.sw !== SW_OK) return { data: EMPTY, sw: resp.sw };
    const objs = parseObjects(resp.data, [DO_CRYPTOGRAM_PI, DO_CRYPTOGRAM, DO_STATUS, DO_MAC], 'response');
    if (!objs.status) throw malformed("response has no DO'99' (status word)");
    if (objs.status.length !== 2) throw malformed(`response DO'99' is ${objs.status.length} bytes, expected 2`);
    this.#verifyMac(resp.data.subarray(0, objs.macInputLength), objs.mac as Uint8Array, 'response');
    return { data: this.#decrypt(objs), sw: readUint(objs.status) };
  }

  /** Chip side: verify and unwrap a command; throws 'SM_MALFORMED' (answer 6987/6988) or 'SM_MAC_INVALID' (6988). */
  unprotectCommand(cmd: CommandApdu): CommandApdu {
    this.#live();
    increment(this.#ssc);
    if ((cmd.cla & 0x0c) !== 0x0c) throw malformed('command is not protected (CLA without SM bits)');
    const data = cmd.data ?? EMPTY;
    const objs = parseObjects(data, [DO_CRYPTOGRAM_PI, DO_CRYPTOGRAM, DO_LE, DO_MAC], 'command');
    const header = Uint8Array.of(cmd.cla & 0xff, cmd.ins & 0xff, cmd.p1 & 0xff, cmd.p2 & 0xff);
    const m = concat(padIso9797M2(header, this.#cipher.blockSize), data.subarray(0, objs.macInputLength));
    this.#verifyMac(m, objs.mac as Uint8Array, 'command');
    this.#oddIns = (cmd.ins & 1) === 1;

    const plain: CommandApdu = { cla: cmd.cla & 0xf3, ins: cmd.ins, p1: cmd.p1, p2: cmd.p2 };
    const body = this.#decrypt(objs);
    if (body.length > 0) plain.data = body;
    if (objs.le) {
      if (objs.le.length === 1) plain.le = objs.le[0] === 0 ? 256 : objs.le[0];
      else if (objs.le.length === 2) {
        const v = readUint(objs.le);
        plain.le = v === 0 ? 65536 : v;
        plain.extended = true;
      } else throw malformed(`DO'97' is ${objs.le.length} bytes, expected 1 or 2`);
    }
    return plain;
  }

  /** Chip side: wrap a response, always with DO'99' and DO'8E' (error statuses are protected too). */
  protectResponse(resp: ResponseApdu): ResponseApdu {
    this.#live();
    increment(this.#ssc);
    let doData = EMPTY;
    if (resp.data.length > 0) {
      const cryptogram = this.#cipher.encrypt(this.#ssc, resp.data);
      doData = this.#oddIns
        ? encodeTlv(DO_CRYPTOGRAM, cryptogram)
        : encodeTlv(DO_CRYPTOGRAM_PI, Uint8Array.of(PADDING_CONTENT_INDICATOR), cryptogram);
    }
    const do99 = encodeTlv(DO_STATUS, uint16(resp.sw));
    const mac = this.#cipher.mac(this.#ssc, concat(doData, do99));
    return { data: concat(doData, do99, encodeTlv(DO_MAC, mac)), sw: resp.sw };
  }

  /** Overwrite the session keys and counter; every later call throws. */
  wipe(): void {
    this.#wiped = true;
    this.#cipher.wipe();
    this.#ssc.fill(0);
  }

  #live(): void {
    if (this.#wiped) throw new EmrtdError('SM_MAC_INVALID', 'secure messaging: the session has ended and its keys are wiped');
  }

  #verifyMac(message: Uint8Array, mac: Uint8Array, what: string): void {
    const expected = this.#cipher.mac(this.#ssc, message);
    if (!equal(expected, mac)) throw new EmrtdError('SM_MAC_INVALID', `secure messaging: ${what} MAC does not verify`);
  }

  #decrypt(objs: SmObjects): Uint8Array {
    const c = objs.cryptogram;
    if (!c) return EMPTY;
    let cryptogram = c.value;
    if (c.tag === DO_CRYPTOGRAM_PI) {
      if (cryptogram.length === 0 || cryptogram[0] !== PADDING_CONTENT_INDICATOR) {
        throw malformed("DO'87' without padding-content indicator 01");
      }
      cryptogram = cryptogram.subarray(1);
    }
    if (cryptogram.length === 0 || cryptogram.length % this.#cipher.blockSize !== 0) {
      throw malformed(`cryptogram of ${cryptogram.length} bytes is not a whole number of blocks`);
    }
    return this.#cipher.decrypt(this.#ssc, cryptogram);
  }
}
