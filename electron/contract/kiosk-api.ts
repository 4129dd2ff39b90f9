// KioskApi: the one interface between the renderer and main. Requests are named methods with zod-validated
// parameters (main validates every payload, whichever transport brought it); main answers with a result or a
// KioskErrorPayload, and pushes a KioskView snapshot whenever anything on screen should change. Two
// transports carry it unchanged: Electron IPC (preload's window.kiosk) and a loopback WebSocket (host/).
import { z } from 'zod';
import type { KioskErrorPayload } from './errors.ts';
import type { KioskView } from './view.ts';

/** Largest JPEG frame the renderer may send (640 × 480 at q≈0.8 is ~40–80 KB). */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024;
export const MAX_FRAME_SIDE = 1920;

const empty = z.object({}).strict();
const language = z.enum(['vi', 'en']);
const service = z.enum(['hospital', 'airport']);

export const accessKeyInputSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('keypad'),
      /** 12 digits as printed; checked main-side so a slip shows a message rather than a protocol error. */
      idNumber: z.string().max(32),
      /** ddMMyyyy as printed on the card. */
      dateOfBirth: z.string().max(16),
      /** ddMMyyyy, or 'none' for a card "Không thời hạn" (no expiry). */
      dateOfExpiry: z.string().max(16),
    })
    .strict(),
  z.object({ kind: z.literal('qr'), payload: z.string().min(1).max(2048) }).strict(),
]);
export type AccessKeyInput = z.infer<typeof accessKeyInputSchema>;

export const frameSchema = z
  .object({
    jpeg: z.instanceof(Uint8Array).refine((b) => b.length > 0 && b.length <= MAX_FRAME_BYTES, 'frame size'),
    width: z.number().int().positive().max(MAX_FRAME_SIDE),
    height: z.number().int().positive().max(MAX_FRAME_SIDE),
  })
  .strict();
export type FrameInput = z.infer<typeof frameSchema>;

/**
 * The consent wording on the consent screen (renderer/consent.ts), by its human version and the SHA-256 of its
 * exact vi + en text (JSON of [key, vi, en] per text, UTF-8). The renderer sends the version with its answer;
 * main accepts only this one and records it with the consent. tests/unit/hardening/consent-version.test.ts
 * recomputes the hash from the renderer's text and pins every version ever declared: new wording, new version.
 */
export const CONSENT_TEXT_VERSION = '2026-11-consent-v1';
export const CONSENT_TEXT_SHA256 = '6d9a2a252d063be706ec8db433e3308b3a55d2d939da5a8fef5c7b684776f9b1';

/** Parameters of every request, by method name. */
export const REQUEST_SCHEMAS = {
  getView: empty,
  start: empty,
  setLanguage: z.object({ language }).strict(),
  chooseService: z.object({ service }).strict(),
  /** Yes or no to the consent wording the page showed, named by its version (an unknown one is refused). */
  answerConsent: z.object({ accepted: z.boolean(), textVersion: z.literal(CONSENT_TEXT_VERSION) }).strict(),
  chooseKeyMethod: z.object({ method: z.enum(['keypad', 'qr']) }).strict(),
  submitAccessKey: accessKeyInputSchema,
  sendFrame: frameSchema,
  /** A typed PNR (6 characters) or a scanned BCBP boarding-pass text. */
  submitBooking: z.object({ text: z.string().min(1).max(400) }).strict(),
  moreTime: empty,
  cancel: empty,
  retry: empty,
  finish: empty,
  staffLogin: z.object({ pin: z.string().regex(/^[0-9]{4,12}$/) }).strict(),
  staffLogout: empty,
  /** Staff-only demo picker: "tap" an emulated card, optionally pulled away after some APDUs (mid-read). */
  staffTapCard: z.object({ cardId: z.string().min(1).max(64), pullAfterApdus: z.number().int().min(1).max(100_000).optional() }).strict(),
  staffRemoveCard: empty,
  staffDecide: z
    .object({
      decision: z.enum(['approve', 'reject']),
      reason: z.string().max(500),
    })
    .strict(),
} as const;

export type KioskMethod = keyof typeof REQUEST_SCHEMAS;
export type KioskParams = { [M in KioskMethod]: z.infer<(typeof REQUEST_SCHEMAS)[M]> };
export const KIOSK_METHODS = Object.keys(REQUEST_SCHEMAS) as KioskMethod[];

/** What the face step made of one frame: only whether it was taken (frames are dropped while one is analysed). */
export interface FrameAck {
  accepted: boolean;
}

export type KioskResults = {
  [M in KioskMethod]: M extends 'getView' ? KioskView : M extends 'sendFrame' ? FrameAck : null;
};

export interface KioskApi {
  call<M extends KioskMethod>(method: M, params: KioskParams[M]): Promise<KioskResults[M]>;
  /** Every new snapshot; returns the unsubscribe function. */
  onView(listener: (view: KioskView) => void): () => void;
}

export function isKioskMethod(m: unknown): m is KioskMethod {
  return typeof m === 'string' && Object.hasOwn(REQUEST_SCHEMAS, m);
}

/** Validate an untrusted request; throws nothing, returns the parsed params or null. */
export function parseRequest(method: unknown, params: unknown): { method: KioskMethod; params: KioskParams[KioskMethod] } | null {
  if (!isKioskMethod(method)) return null;
  const r = REQUEST_SCHEMAS[method].safeParse(params ?? {});
  return r.success ? { method, params: r.data as KioskParams[KioskMethod] } : null;
}

/** The outcome of one request, as both transports carry it. */
export type KioskReply<R = unknown> = { ok: true; result: R } | { ok: false; error: KioskErrorPayload };

/**
 * What Electron's preload exposes as window.kiosk. Errors do not survive contextBridge with their fields, so
 * the bridge resolves every request to a KioskReply and the renderer turns `ok: false` into its own error.
 */
export interface KioskBridge {
  invoke(method: KioskMethod, params: unknown): Promise<KioskReply>;
  onView(listener: (view: KioskView) => void): () => void;
}
