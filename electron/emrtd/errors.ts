// Named errors of the ICAO library. Every failure a caller can see is an EmrtdError with a stable code,
// so the kiosk can map it to a bilingual message and a staff code without parsing text.

export type EmrtdErrorCode =
  | 'TLV_MALFORMED' // BER-TLV that does not parse
  | 'APDU_MALFORMED' // a response shorter than its status word, a command that cannot be encoded
  | 'STATUS_WORD' // the chip answered an error status word (see StatusWordError.sw)
  | 'MRZ_INVALID' // an MRZ that does not parse or whose check digits fail
  | 'QR_INVALID' // a CCCD QR payload that does not parse
  | 'INPUT_INVALID' // other bad input from the operator (ID number, dates)
  | 'ACCESS_DENIED' // BAC/PACE mutual authentication failed: wrong access key
  | 'SM_MAC_INVALID' // a secure-messaging response MAC did not verify: session ended
  | 'SM_MALFORMED' // a secure-messaging response without the mandatory data objects
  | 'LDS_MALFORMED' // a data group or EF.COM/EF.SOD whose structure is wrong
  | 'CARD_REMOVED' // the card left the field (transport lost)
  | 'READ_BUDGET_EXCEEDED' // a file larger than allowed, or a read that ran out of time
  | 'UNSUPPORTED'; // a valid structure this library does not handle

export class EmrtdError extends Error {
  readonly code: EmrtdErrorCode;
  constructor(code: EmrtdErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmrtdError';
    this.code = code;
  }
}

/** ISO/IEC 7816-4 §5.6 status words the chip core distinguishes, by name. */
export const STATUS_WORDS: Record<number, string> = {
  0x6282: 'END_OF_FILE',
  0x6300: 'AUTHENTICATION_FAILED',
  0x6581: 'MEMORY_FAILURE',
  0x6700: 'WRONG_LENGTH',
  0x6882: 'SECURE_MESSAGING_NOT_SUPPORTED',
  0x6982: 'SECURITY_STATUS_NOT_SATISFIED',
  0x6983: 'AUTHENTICATION_METHOD_BLOCKED',
  0x6984: 'REFERENCE_DATA_NOT_USABLE',
  0x6985: 'CONDITIONS_OF_USE_NOT_SATISFIED',
  0x6986: 'COMMAND_NOT_ALLOWED',
  0x6987: 'SM_DATA_OBJECTS_MISSING',
  0x6988: 'SM_DATA_OBJECTS_INCORRECT',
  0x6a80: 'INCORRECT_DATA',
  0x6a82: 'FILE_NOT_FOUND',
  0x6a86: 'INCORRECT_P1_P2',
  0x6a88: 'REFERENCED_DATA_NOT_FOUND',
  0x6b00: 'WRONG_P1_P2',
  0x6d00: 'INS_NOT_SUPPORTED',
  0x6e00: 'CLA_NOT_SUPPORTED',
  0x6f00: 'UNKNOWN_ERROR',
};

export function statusWordName(sw: number): string {
  if (STATUS_WORDS[sw]) return STATUS_WORDS[sw];
  if ((sw & 0xff00) === 0x6c00) return 'WRONG_LE';
  if ((sw & 0xff00) === 0x6100) return 'MORE_DATA_AVAILABLE';
  if ((sw & 0xfff0) === 0x63c0) return 'VERIFY_FAILED_COUNTER';
  return 'UNKNOWN_STATUS';
}

export class StatusWordError extends EmrtdError {
  readonly sw: number;
  readonly swName: string;
  constructor(sw: number, context: string) {
    const name = statusWordName(sw);
    super('STATUS_WORD', `${context}: ${sw.toString(16).toUpperCase().padStart(4, '0')} ${name}`);
    this.name = 'StatusWordError';
    this.sw = sw;
    this.swName = name;
  }
}
