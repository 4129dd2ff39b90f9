// A software eMRTD chip that answers APDUs as 9303-11 says a real one does: SELECT by AID/FID, READ BINARY
// by SFI and offset (short, extended, odd INS B1), GET CHALLENGE / EXTERNAL AUTHENTICATE for BAC (§4.3), and
// secure messaging (§9.8) with DO'99' and a MAC on every response, errors included. Files other than
// EF.CardAccess answer 6982 until access control succeeded. Knobs model real chips and links: no extended
// length, small read limits, a card taken away after N APDUs, a modelled bit rate and turnaround.
import { decodeCommand, encodeResponse, needsExtended, type CommandApdu, type ResponseApdu } from '../../emrtd/apdu.ts';
import { equal, hex } from '../../emrtd/bytes.ts';
import type { CardChannel } from '../../emrtd/channel.ts';
import { EmrtdError } from '../../emrtd/errors.ts';
import { EMRTD_AID, fileByFid, fileBySfi, type LdsFileName } from '../../emrtd/lds/files.ts';
import { decodeTlv, encodeTlv } from '../../emrtd/tlv.ts';
import type { SecureMessaging } from '../../emrtd/sm/secure-messaging.ts';
import { accessKeyFromMrz } from '../../emrtd/access/access-key.ts';
import { BacResponder } from './bac-responder.ts';
import { PaceResponder } from './pace-responder.ts';
import { AaResponder } from './aa-responder.ts';
import { CaResponder } from './ca-responder.ts';
import { parseDg14 } from '../../emrtd/lds/dg14.ts';
import type { CardProfile } from './card-profile.ts';
import { exchangeMs, type LinkModel } from './link-model.ts';

export interface EmulatorOptions {
  /** Accept extended-length APDUs (about half of real documents do). Default true. */
  extendedLength?: boolean;
  /** Short READ BINARY asking for more than this many bytes answers 6Cxx (a chip with a small buffer). */
  shortReadLimit?: number;
  /** Most plain bytes one READ BINARY returns; longer requests get fewer bytes (buffer-limited chips). */
  maxResponseBytes?: number;
  /** Contactless link model; modelled time accumulates in `modelledMs`. */
  link?: LinkModel;
  /** Actually wait the modelled time on every APDU (demos), instead of only counting it. */
  realtime?: boolean;
  /** The card leaves the field after this many APDUs (the next transmit fails with CARD_REMOVED). */
  removeAfterApdus?: number;
  atr?: Uint8Array;
  rng?: (n: number) => Uint8Array;
  /** Answer 6982 to MSE:Set AT for PACE even when the card has EF.CardAccess (a chip that only does BAC). */
  rejectPace?: boolean;
}

const SW = {
  OK: 0x9000,
  EOF: 0x6282,
  AUTH_FAILED: 0x6300,
  WRONG_LENGTH: 0x6700,
  SECURITY: 0x6982,
  NO_CURRENT_EF: 0x6986,
  SM_MISSING: 0x6987,
  SM_INCORRECT: 0x6988,
  WRONG_DATA: 0x6a80,
  NOT_FOUND: 0x6a82,
  WRONG_P1P2: 0x6b00,
  INS_UNKNOWN: 0x6d00,
  CLA_UNKNOWN: 0x6e00,
} as const;

const MF_FID = 0x3f00;

/** A plausible ISO 14443-4 (T=1) contactless ATR as PC/SC readers synthesise it, with its TCK. */
export function defaultAtr(): Uint8Array {
  const body = [0x3b, 0x88, 0x80, 0x01, 0x00, 0x00, 0x00, 0x00, 0x77, 0x81, 0x81, 0x00];
  let tck = 0;
  for (const b of body.slice(1)) tck ^= b;
  return Uint8Array.from([...body, tck]);
}

export class EmulatedChip implements CardChannel {
  readonly atr: Uint8Array;
  /** Time the modelled link would have taken so far (ms). */
  modelledMs = 0;
  apdus = 0;
  private present = true;
  private appSelected = false;
  private current: LdsFileName | null = null;
  private sm: SecureMessaging | null = null;
  private bac: BacResponder;
  /** PACE (9303-11 §4.4) when the card directory has EF.CardAccess and PACE is not switched off. */
  private readonly pace: PaceResponder | null;
  /** Active / Chip Authentication (9303-11 §6.1, §6.2) when the card directory has aa-key.pem / ca-key.pem. */
  private readonly aa: AaResponder | null;
  private readonly ca: CaResponder | null;
  /** The session Chip Authentication agreed: it replaces `sm` once the current answer is protected. */
  private nextSm: SecureMessaging | null = null;
  private challengeIssued = false;
  private readonly mrzInformation: string;

  constructor(
    readonly profile: CardProfile,
    private readonly opts: EmulatorOptions = {},
  ) {
    this.atr = opts.atr ?? defaultAtr();
    const key = accessKeyFromMrz(profile.mrz);
    if (key.kind !== 'mrz') throw new EmrtdError('INPUT_INVALID', 'card profile MRZ did not give an MRZ access key');
    this.mrzInformation = key.mrzInformation;
    this.bac = new BacResponder(this.mrzInformation, opts.rng);
    const cardAccess = profile.files.get('CardAccess');
    this.pace = cardAccess && !opts.rejectPace ? new PaceResponder(cardAccess, { mrzInformation: this.mrzInformation, can: profile.can }, opts.rng) : null;
    const dg14 = profile.files.get('DG14');
    const infos = dg14 ? parseDg14(dg14) : null;
    this.aa = profile.aaKeyPem ? new AaResponder(profile.aaKeyPem, infos) : null;
    this.ca = profile.caKeyPem ? new CaResponder(profile.caKeyPem, infos ?? []) : null;
  }

  get isPresent(): boolean {
    return this.present;
  }

  /** Take the card out of the field: the session is lost, like a real chip losing power. */
  remove(): void {
    this.present = false;
    this.powerOff();
  }

  /** Put the card back: a fresh power-up, no application selected, no session. */
  reinsert(): void {
    this.present = true;
    this.opts.removeAfterApdus = undefined;
    this.powerOff();
  }

  async transmit(apdu: Uint8Array): Promise<Uint8Array> {
    if (!this.present) throw new EmrtdError('CARD_REMOVED', 'the card left the reader');
    if (this.opts.removeAfterApdus !== undefined && this.apdus >= this.opts.removeAfterApdus) {
      this.remove();
      throw new EmrtdError('CARD_REMOVED', 'the card left the reader');
    }
    this.apdus++;
    const resp = this.process(apdu);
    if (this.opts.link) {
      const ms = exchangeMs(this.opts.link, apdu.length, resp.length);
      this.modelledMs += ms;
      if (this.opts.realtime) await new Promise((r) => setTimeout(r, ms));
    }
    return resp;
  }

  private powerOff(): void {
    this.sm?.wipe();
    this.sm = null;
    this.appSelected = false;
    this.current = null;
    this.challengeIssued = false;
    this.bac = new BacResponder(this.mrzInformation, this.opts.rng);
    this.pace?.reset();
    this.ca?.reset();
    this.nextSm = null;
  }

  private process(raw: Uint8Array): Uint8Array {
    let cmd: CommandApdu;
    try {
      cmd = decodeCommand(raw);
    } catch {
      return status(SW.WRONG_LENGTH);
    }
    // A chip without extended-length support rejects such APDUs at the transport level, before SM.
    if (cmd.extended && this.opts.extendedLength === false) return status(SW.WRONG_LENGTH);
    if ((cmd.cla & 0x0c) === 0x0c) return this.processSecured(cmd);
    // Interindustry CLA only; bit 5 (10) is command chaining, as PACE's GENERAL AUTHENTICATE uses it.
    if ((cmd.cla & 0xe0) !== 0x00) return status(SW.CLA_UNKNOWN);
    if (this.sm) {
      // 9303-11 §9.8.7: a plain command while secure messaging is active ends the session.
      this.sm.wipe();
      this.sm = null;
    }
    const resp = this.dispatch(cmd, false);
    return encodeResponse(resp);
  }

  private processSecured(cmd: CommandApdu): Uint8Array {
    const sm = this.sm;
    if (!sm) return status(SW.SM_MISSING);
    let inner: CommandApdu;
    try {
      inner = sm.unprotectCommand(cmd);
    } catch {
      // A wrong MAC or malformed SM object aborts the session (9303-11 §9.8.7), answered in plain.
      sm.wipe();
      this.sm = null;
      return status(SW.SM_INCORRECT);
    }
    let resp = this.dispatch(inner, true);
    // A short protected response must fit in 256 bytes once wrapped; otherwise the chip refuses the length.
    if (!needsExtended(cmd) && resp.data.length > 0 && wrappedLength(resp.data.length) > 256) resp = { data: new Uint8Array(0), sw: SW.WRONG_LENGTH };
    const out = encodeResponse(sm.protectResponse(resp));
    if (this.nextSm) {
      // Chip Authentication: this answer went under the old keys; the new ones apply from the next command.
      sm.wipe();
      this.sm = this.nextSm;
      this.nextSm = null;
    }
    return out;
  }

  private dispatch(cmd: CommandApdu, secured: boolean): ResponseApdu {
    switch (cmd.ins) {
      case 0xa4:
        return this.select(cmd, secured);
      case 0xb0:
      case 0xb1:
        return this.readBinary(cmd, secured);
      case 0x84:
        return this.getChallenge(cmd, secured);
      case 0x82:
        return this.externalAuthenticate(cmd, secured);
      case 0x22:
        return this.manageSecurityEnvironment(cmd, secured);
      case 0x86:
      case 0x87:
        return this.generalAuthenticate(cmd, secured);
      case 0x88:
        return this.internalAuthenticate(cmd, secured);
      default:
        return sw(SW.INS_UNKNOWN);
    }
  }

  private select(cmd: CommandApdu, secured: boolean): ResponseApdu {
    const data = cmd.data ?? new Uint8Array(0);
    if (cmd.p1 === 0x04) {
      if (!equal(data, EMRTD_AID)) return sw(SW.NOT_FOUND);
      this.appSelected = true;
      this.current = null;
      return sw(SW.OK);
    }
    // CCCD chips refuse SELECT MF outright; so does this one.
    if ((cmd.p1 === 0x00 && data.length === 0) || (data.length === 2 && ((data[0] << 8) | data[1]) === MF_FID)) return sw(SW.INS_UNKNOWN);
    if (data.length !== 2 || (cmd.p1 !== 0x02 && cmd.p1 !== 0x00)) return sw(SW.WRONG_P1P2);
    const info = fileByFid((data[0] << 8) | data[1]);
    if (!info || !this.profile.files.has(info.name)) return sw(SW.NOT_FOUND);
    if (info.name !== 'CardAccess') {
      if (!this.appSelected) return sw(SW.NOT_FOUND);
      if (!secured) return sw(SW.SECURITY);
    }
    this.current = info.name;
    return sw(SW.OK);
  }

  private readBinary(cmd: CommandApdu, secured: boolean): ResponseApdu {
    let name: LdsFileName | null = this.current;
    let offset: number;
    if (cmd.ins === 0xb1) {
      // ISO/IEC 7816-4 §11.2.3: offset in DO'54', answer in DO'53'.
      try {
        const t = decodeTlv(cmd.data ?? new Uint8Array(0), 0);
        if (t.tag !== 0x54 || t.value.length === 0 || t.value.length > 3) return sw(SW.WRONG_DATA);
        offset = t.value.reduce((a, b) => a * 256 + b, 0);
      } catch {
        return sw(SW.WRONG_DATA);
      }
    } else if (cmd.p1 & 0x80) {
      if (cmd.p1 & 0x60) return sw(SW.WRONG_P1P2);
      const info = fileBySfi(cmd.p1 & 0x1f);
      if (!info || !this.profile.files.has(info.name)) return sw(SW.NOT_FOUND);
      if (info.name !== 'CardAccess' && !this.appSelected) return sw(SW.NOT_FOUND);
      name = info.name;
      offset = cmd.p2;
    } else {
      offset = ((cmd.p1 & 0x7f) << 8) | cmd.p2;
    }
    if (!name) return sw(SW.NO_CURRENT_EF);
    if (name !== 'CardAccess' && !secured) return sw(SW.SECURITY);
    const file = this.profile.files.get(name);
    if (!file) return sw(SW.NOT_FOUND);
    this.current = name;

    const le = cmd.le ?? 256;
    if (!cmd.extended && cmd.le !== undefined && this.opts.shortReadLimit && le > this.opts.shortReadLimit) {
      return sw(0x6c00 | this.opts.shortReadLimit);
    }
    if (offset > file.length) return sw(SW.WRONG_P1P2);
    const wrapOverhead = cmd.ins === 0xb1 ? 4 : 0;
    const want = Math.min(le - wrapOverhead, this.opts.maxResponseBytes ?? Infinity);
    const data = file.subarray(offset, offset + Math.max(0, want));
    const status = offset + want > file.length ? SW.EOF : SW.OK;
    return { data: cmd.ins === 0xb1 ? encodeTlv(0x53, data) : data.slice(), sw: status };
  }

  private getChallenge(cmd: CommandApdu, secured: boolean): ResponseApdu {
    if (secured || cmd.le !== 8) return sw(cmd.le !== 8 ? SW.WRONG_LENGTH : SW.SECURITY);
    if (!this.appSelected) return sw(SW.SECURITY);
    this.challengeIssued = true;
    return { data: this.bac.getChallenge(), sw: SW.OK };
  }

  private externalAuthenticate(cmd: CommandApdu, secured: boolean): ResponseApdu {
    if (secured || !this.challengeIssued) return sw(SW.SECURITY);
    this.challengeIssued = false;
    if (!cmd.data || cmd.data.length !== 40) return sw(SW.WRONG_LENGTH);
    const result = this.bac.externalAuthenticate(cmd.data);
    if (!result) return sw(SW.AUTH_FAILED);
    // The response itself travels in plain; secure messaging starts with the next command (9303-11 §4.3).
    this.sm = result.sm;
    return { data: result.response, sw: SW.OK };
  }

  // MSE:Set AT / Set KAT (9303-11 §4.4 PACE with P1P2 C1A4; §6.2 Chip Authentication with 41A4 / 41A6).
  // This chip offers neither protocol unless its card directory configures them.
  private manageSecurityEnvironment(cmd: CommandApdu, secured: boolean): ResponseApdu {
    // PACE: MSE:Set AT in plain, before any session (9303-11 §4.4.4.1). No EF.CardAccess, or PACE switched
    // off: 6982, as CCCD chips that only do BAC answer.
    if (cmd.p1 === 0xc1 && cmd.p2 === 0xa4) {
      if (!this.pace || secured) return sw(SW.SECURITY);
      return sw(this.pace.setAt(cmd.data));
    }
    // Chip Authentication inside the open session: 41A6 Set KAT (3DES), 41A4 Set AT (AES) (9303-11 §6.2.3.2).
    if (cmd.p1 === 0x41 && (cmd.p2 === 0xa6 || cmd.p2 === 0xa4)) {
      if (!this.ca || !secured) return sw(SW.SECURITY);
      const step = cmd.p2 === 0xa6 ? this.ca.setKat(cmd.data) : this.ca.setAt(cmd.data);
      if (step.sm) this.nextSm = step.sm;
      return sw(step.sw);
    }
    return sw(SW.SECURITY);
  }

  // GENERAL AUTHENTICATE (9303-11 §4.4.4 PACE steps, §6.2 CA with AES): only after a matching MSE.
  private generalAuthenticate(cmd: CommandApdu, secured: boolean): ResponseApdu {
    if (this.pace?.inProgress && !secured) {
      const { response, sm } = this.pace.generalAuthenticate(cmd);
      // As after BAC, the last answer travels in plain and secure messaging starts with the next command.
      if (sm) this.sm = sm;
      return response;
    }
    if (this.ca?.inProgress && secured) {
      const step = this.ca.generalAuthenticate(cmd.data);
      if (step.sm) this.nextSm = step.sm;
      return { data: step.data ?? new Uint8Array(0), sw: step.sw };
    }
    return sw(SW.SECURITY);
  }

  // INTERNAL AUTHENTICATE (9303-11 §6.1 Active Authentication): needs a DG15 key on the card.
  private internalAuthenticate(cmd: CommandApdu, secured: boolean): ResponseApdu {
    if (!this.aa) return sw(SW.INS_UNKNOWN);
    if (!secured) return sw(SW.SECURITY);
    if (!cmd.data || cmd.data.length !== 8) return sw(SW.WRONG_DATA);
    return { data: this.aa.sign(cmd.data), sw: SW.OK };
  }

  /** For diagnostics: the chip's answer-to-reset as hex. */
  get atrHex(): string {
    return hex(this.atr);
  }
}

function sw(code: number): ResponseApdu {
  return { data: new Uint8Array(0), sw: code };
}

function status(code: number): Uint8Array {
  return Uint8Array.of(code >> 8, code & 0xff);
}

/** Bytes of a 3DES/AES-protected response with `n` plain bytes (DO'87', DO'99', DO'8E'), worst case AES. */
function wrappedLength(n: number): number {
  const padded = (Math.floor(n / 16) + 1) * 16;
  const do87 = 1 + (padded + 1 < 128 ? 1 : padded + 1 < 256 ? 2 : 3) + 1 + padded;
  return do87 + 4 + 10;
}
