// The WebSocket form of KioskApi (host/): JSON text messages, with byte arrays (camera frames) carried as
// {"$b64": "..."} so the same params objects cross as over Electron IPC. Written for both ends (Node and the
// browser), so it uses only btoa/atob, never Buffer.
import { z } from 'zod';
import type { KioskErrorPayload } from './errors.ts';
import type { KioskView } from './view.ts';

export type ClientMessage = { t: 'req'; id: number; method: string; params: unknown };
export type ServerMessage =
  | { t: 'res'; id: number; ok: true; result: unknown }
  | { t: 'res'; id: number; ok: false; error: KioskErrorPayload }
  | { t: 'view'; view: KioskView };

export const clientMessageSchema = z
  .object({
    t: z.literal('req'),
    id: z.number().int().nonnegative(),
    method: z.string().max(64),
    params: z.unknown(),
  })
  .strict();

/** Largest text message the host accepts (a 2 MB frame in base64 plus the envelope). */
export const MAX_MESSAGE_CHARS = 3 * 1024 * 1024;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) s += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? { $b64: toBase64(v) } : v));
}

/** Parses a message, turning {"$b64"} objects back into Uint8Array; null when it is not JSON or not base64. */
export function decodeWire(text: string): unknown {
  try {
    return JSON.parse(text, (_k, v: unknown) => {
      if (v && typeof v === 'object' && !Array.isArray(v)) {
        const o = v as Record<string, unknown>;
        const keys = Object.keys(o);
        if (keys.length === 1 && keys[0] === '$b64' && typeof o.$b64 === 'string') return fromBase64(o.$b64);
      }
      return v;
    }) as unknown;
  } catch {
    return null;
  }
}
