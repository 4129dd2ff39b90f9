// Named errors of the face engine. Every failure a caller can see is a FaceError with a stable code, so the
// visit logic maps it to a bilingual message without parsing text. Messages never contain image data.

export type FaceErrorCode =
  | 'IMAGE_CORRUPT' // bytes that do not decode as JPEG, PNG or JPEG 2000
  | 'IMAGE_UNSUPPORTED' // a valid image in a form the engine does not handle (e.g. CMYK JPEG 2000)
  | 'FRAME_TOO_LARGE' // more bytes or pixels than the engine accepts for one frame or portrait
  | 'FRAME_INVALID' // an RGBA frame whose size does not match width × height × 4
  | 'NO_FACE' // no face where one is required (portrait)
  | 'NO_PORTRAIT' // decide() before setPortrait()
  | 'NO_GOOD_FRAME' // decide() before any live frame passed the quality gate
  | 'LIVENESS_NOT_STARTED' // a liveness call without startLiveness()
  | 'ENGINE_NOT_READY' // models missing, backend failed to start
  | 'ENGINE_CLOSED' // a call after close()
  | 'ENGINE_TIMEOUT' // the worker did not answer in time (it is restarted)
  | 'WORKER_CRASHED' // the worker thread died (it is restarted on the next call)
  | 'INTERNAL'; // anything else: a bug, reported with a code rather than as a raw exception

export class FaceError extends Error {
  readonly code: FaceErrorCode;
  constructor(code: FaceErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FaceError';
    this.code = code;
  }
}

const CODES: ReadonlySet<string> = new Set<FaceErrorCode>([
  'IMAGE_CORRUPT', 'IMAGE_UNSUPPORTED', 'FRAME_TOO_LARGE', 'FRAME_INVALID', 'NO_FACE', 'NO_PORTRAIT',
  'NO_GOOD_FRAME', 'LIVENESS_NOT_STARTED', 'ENGINE_NOT_READY', 'ENGINE_CLOSED', 'ENGINE_TIMEOUT',
  'WORKER_CRASHED', 'INTERNAL',
]);

export function isFaceErrorCode(code: unknown): code is FaceErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/** Any thrown value as a FaceError (non-FaceErrors become INTERNAL), for the worker's reply. */
export function toFaceError(err: unknown): FaceError {
  if (err instanceof FaceError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new FaceError('INTERNAL', message, { cause: err });
}
