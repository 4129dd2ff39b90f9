// Named errors of the backends layer. Every failure a caller can see is a BackendError with a stable code,
// so the kiosk maps it to a bilingual message and the CLI prints it as {"error": {"code", "message"}}.
// Messages never carry personal data (names, ID numbers): they name the field, not its value.

export type BackendErrorCode =
  | 'INVALID_INPUT' // a card-read JSON, option or configuration value that does not parse
  | 'INVALID_BUNDLE' // a FHIR bundle that fails validation (Medplum's or ours)
  | 'INVALID_BOOKING' // a PNR or BCBP string whose shape is wrong
  | 'CONFIG' // backend/outbox configuration missing or invalid
  | 'TIMEOUT' // the backend did not answer in time
  | 'NETWORK' // connection refused/reset, TLS failure
  | 'HTTP_STATUS' // the backend answered with a status we do not accept
  | 'AUTH' // the OAuth2 token endpoint refused our client credentials
  | 'BAD_RESPONSE' // a 2xx answer whose body does not have the expected shape
  | 'OUTBOX_LOCKED' // another live process owns the outbox
  | 'OUTBOX_CORRUPT' // a journal record that does not decrypt (wrong key or tampering)
  | 'OUTBOX_UNWRITABLE' // the outbox journal could not be written (disk full, I/O error): nothing was stored
  | 'PERSONAL_DATA_IN_URL'; // a guard: a request URL that would leak an ID number

export class BackendError extends Error {
  readonly code: BackendErrorCode;
  /** HTTP status when code is HTTP_STATUS. */
  readonly status: number | undefined;
  constructor(code: BackendErrorCode, message: string, options?: { cause?: unknown; status?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackendError';
    this.code = code;
    this.status = options?.status;
  }
}

/** Any thrown value as a BackendError (unexpected ones become INVALID_INPUT with their message). */
export function toBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  return new BackendError('INVALID_INPUT', e instanceof Error ? e.message : String(e));
}
