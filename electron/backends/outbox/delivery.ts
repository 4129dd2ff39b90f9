// What a backend adapter tells the outbox after one attempt.
export type DeliveryOutcome<R = unknown> =
  | { kind: 'delivered'; receipt: R }
  /** Worth trying again later: network, timeout, 5xx, 429, 408, token endpoint down. */
  | { kind: 'retry'; error: string }
  /** The backend refused this payload for good (4xx): retrying would only repeat the refusal. */
  | { kind: 'rejected'; error: string };

export interface Deliverer<R = unknown> {
  /** Sends the payload with the idempotency key; must not throw (maps every failure to an outcome). */
  deliver(payload: unknown, idempotencyKey: string): Promise<DeliveryOutcome<R>>;
}

/** Status codes after which a resend can succeed. */
export function retryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 425 || status === 429 || status === 409 || status === 401 || status === 403;
}
