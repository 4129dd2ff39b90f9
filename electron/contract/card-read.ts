// The result of reading one CCCD chip: the stable JSON contract of `kiosk card read --json`, also what
// the visit carries from the chip step to the backends. Dates are ISO (YYYY-MM-DD), strings NFC.

export type AccessProtocol = 'BAC' | 'PACE-MRZ' | 'PACE-CAN';

export interface CardMrzFacts {
  documentCode: string;
  issuer: string;
  documentNumber: string;
  idNumber: string | null;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'X';
  dateOfExpiry: string | null;
  nationality: string;
  surname: string;
  givenNames: string;
}

export interface CardPersonalFacts {
  idNumber: string | null;
  fullName: string | null;
  dateOfBirth: string | null;
  sex: 'M' | 'F' | 'X' | null;
  nationality: string | null;
  ethnicity: string | null;
  religion: string | null;
  placeOfOrigin: string | null;
  placeOfResidence: string | null;
  identifyingMarks: string | null;
  dateOfIssue: string | null;
  dateOfExpiry: string | null;
  fatherName: string | null;
  motherName: string | null;
  spouseName: string | null;
  oldIdNumber: string | null;
}

export interface PortraitFacts {
  format: 'jpeg' | 'jpeg2000';
  width: number;
  height: number;
  /** SHA-256 of the image bytes exactly as embedded in DG2. */
  sha256: string;
}

export type PassiveStatus = 'valid' | 'invalid' | 'signer-untrusted' | 'not-checked';
export type ChipCheckStatus = 'valid' | 'invalid' | 'not-supported' | 'not-checked';

export interface AuthenticityFacts {
  passive: { status: PassiveStatus; signer: string | null; problems: string[] };
  active: { status: ChipCheckStatus };
  chip: { status: ChipCheckStatus };
}

export interface CardReadStats {
  apdus: number;
  bytesSent: number;
  bytesReceived: number;
  ms: number;
}

export interface CardReadResult {
  access: { protocol: AccessProtocol; attempts: number };
  mrz: CardMrzFacts;
  personal: CardPersonalFacts | null;
  portrait: PortraitFacts | null;
  dataGroups: string[];
  authenticity: AuthenticityFacts;
  stats: CardReadStats;
}

/** Error codes of the card-read contract (exit 2, `{"error": {"code", "message"}}`). */
export type CardReadErrorCode =
  | 'NO_READER'
  | 'NO_CARD'
  | 'ACCESS_KEY_REJECTED'
  | 'CARD_REMOVED'
  | 'CHIP_ERROR'
  | 'INVALID_INPUT';
