// Maps failures of a chip read to the contract's error codes (electron/contract/card-read.ts), so the CLI,
// the kiosk screens and staff all speak of the same few outcomes.
import type { CardReadErrorCode } from '../contract/card-read.ts';
import { EmrtdError } from '../emrtd/errors.ts';

export class CardReadError extends Error {
  constructor(
    readonly code: CardReadErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'CardReadError';
  }
}

export function toCardReadError(e: unknown): CardReadError {
  if (e instanceof CardReadError) return e;
  if (e instanceof EmrtdError) {
    switch (e.code) {
      case 'ACCESS_DENIED':
        return new CardReadError('ACCESS_KEY_REJECTED', 'the chip rejected the access key (check ID number, birth and expiry dates, or the MRZ)', { cause: e });
      case 'CARD_REMOVED':
        return new CardReadError('CARD_REMOVED', 'the card was taken away during the read', { cause: e });
      case 'INPUT_INVALID':
      case 'MRZ_INVALID':
      case 'QR_INVALID':
        return new CardReadError('INVALID_INPUT', e.message, { cause: e });
      default:
        return new CardReadError('CHIP_ERROR', `${e.code}: ${e.message}`, { cause: e });
    }
  }
  return new CardReadError('CHIP_ERROR', e instanceof Error ? e.message : String(e), { cause: e });
}
