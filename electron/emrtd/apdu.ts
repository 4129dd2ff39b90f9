// Command and response APDUs, ISO/IEC 7816-4 §5.1 (short and extended length), as used by ICAO 9303-11.
import { EmrtdError, StatusWordError } from './errors.ts';

export interface CommandApdu {
  cla: number;
  ins: number;
  p1: number;
  p2: number;
  /** Command data (Lc is derived from it); omitted or empty means no data field. */
  data?: Uint8Array;
  /**
   * Expected response length (Ne). Undefined means no Le field. 256 is short '00' (up to 256 bytes);
   * values above 256 force extended length, and 65536 is extended '0000'.
   */
  le?: number;
  /** Force extended-length encoding even when the values would fit a short APDU. */
  extended?: boolean;
}

export interface ResponseApdu {
  data: Uint8Array;
  sw: number;
}

export const SW_OK = 0x9000;

export function needsExtended(cmd: CommandApdu): boolean {
  return !!cmd.extended || (cmd.data?.length ?? 0) > 255 || (cmd.le ?? 0) > 256;
}

/** Encode a command APDU in the four ISO 7816-3 cases, short or extended. */
export function encodeCommand(cmd: CommandApdu): Uint8Array {
  const data = cmd.data ?? new Uint8Array(0);
  const le = cmd.le;
  if (data.length > 65535) throw new EmrtdError('APDU_MALFORMED', 'APDU: command data longer than 65535 bytes');
  if (le !== undefined && (le < 1 || le > 65536)) throw new EmrtdError('APDU_MALFORMED', `APDU: Le ${le} out of range`);
  const ext = needsExtended(cmd);
  const head = [cmd.cla & 0xff, cmd.ins & 0xff, cmd.p1 & 0xff, cmd.p2 & 0xff];
  const out: number[] = [...head];
  if (!ext) {
    if (data.length > 0) out.push(data.length, ...data);
    if (le !== undefined) out.push(le === 256 ? 0 : le);
    return Uint8Array.from(out);
  }
  if (data.length > 0) {
    out.push(0, data.length >> 8, data.length & 0xff, ...data);
    if (le !== undefined) out.push(le === 65536 ? 0 : le >> 8, le === 65536 ? 0 : le & 0xff);
  } else if (le !== undefined) {
    out.push(0, le === 65536 ? 0 : le >> 8, le === 65536 ? 0 : le & 0xff);
  }
  return Uint8Array.from(out);
}

/** Parse a command APDU (the emulator's side). */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new EmrtdError('APDU_MALFORMED', 'APDU: command shorter than its header');
  const cmd: CommandApdu = { cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3] };
  const body = bytes.subarray(4);
  if (body.length === 0) return cmd; // case 1
  if (body.length === 1) return { ...cmd, le: body[0] === 0 ? 256 : body[0] }; // case 2S
  if (body[0] !== 0) {
    // short case 3S / 4S
    const lc = body[0];
    if (body.length === 1 + lc) return { ...cmd, data: body.slice(1, 1 + lc) };
    if (body.length === 2 + lc) return { ...cmd, data: body.slice(1, 1 + lc), le: body[1 + lc] === 0 ? 256 : body[1 + lc] };
    throw new EmrtdError('APDU_MALFORMED', 'APDU: Lc does not match the command length');
  }
  // extended: first byte 00
  if (body.length === 3) {
    const le = (body[1] << 8) | body[2];
    return { ...cmd, le: le === 0 ? 65536 : le, extended: true }; // case 2E
  }
  if (body.length < 3) throw new EmrtdError('APDU_MALFORMED', 'APDU: truncated extended length');
  const lc = (body[1] << 8) | body[2];
  if (lc === 0) throw new EmrtdError('APDU_MALFORMED', 'APDU: extended Lc of zero');
  if (body.length === 3 + lc) return { ...cmd, data: body.slice(3, 3 + lc), extended: true };
  if (body.length === 5 + lc) {
    const le = (body[3 + lc] << 8) | body[4 + lc];
    return { ...cmd, data: body.slice(3, 3 + lc), le: le === 0 ? 65536 : le, extended: true };
  }
  throw new EmrtdError('APDU_MALFORMED', 'APDU: extended Lc does not match the command length');
}

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new EmrtdError('APDU_MALFORMED', `APDU: response of ${bytes.length} bytes has no status word`);
  const n = bytes.length;
  return { data: bytes.slice(0, n - 2), sw: (bytes[n - 2] << 8) | bytes[n - 1] };
}

export function encodeResponse(resp: ResponseApdu): Uint8Array {
  const out = new Uint8Array(resp.data.length + 2);
  out.set(resp.data, 0);
  out[resp.data.length] = (resp.sw >> 8) & 0xff;
  out[resp.data.length + 1] = resp.sw & 0xff;
  return out;
}

/** Throw a StatusWordError unless the response is 9000. */
export function expectOk(resp: ResponseApdu, context: string): Uint8Array {
  if (resp.sw !== SW_OK) throw new StatusWordError(resp.sw, context);
  return resp.data;
}
