// The parsed machine-readable zone of a TD1 (9303-5) or TD3 (9303-4) document.

export type MrzFormat = 'TD1' | 'TD3';
export type MrzSex = 'M' | 'F' | 'X';

export interface MrzChecks {
  documentNumber: boolean;
  dateOfBirth: boolean;
  dateOfExpiry: boolean;
  composite: boolean;
  /** The Vietnamese 12-digit ID number's own check digit; null when the MRZ carries no such number. */
  idNumber: boolean | null;
  /** TD3 only: the personal-number check digit (9303-4 §4.2.2, line 2 position 43); null for TD1. */
  optionalData?: boolean | null;
}

export interface Mrz {
  format: MrzFormat;
  documentCode: string;
  issuer: string;
  /** Without filler; a TD1 long document number (9303-5 §4.2.4) is reassembled in full. */
  documentNumber: string;
  /** Vietnamese 12-digit personal ID number from the optional data, else null. */
  idNumber: string | null;
  /** YYMMDD as printed. */
  dateOfBirth: string;
  sex: MrzSex;
  /** YYMMDD as printed ('991231' on a Vietnamese card without expiry). */
  dateOfExpiry: string;
  nationality: string;
  surname: string;
  givenNames: string;
  /** TD1 line 1 positions 16–30 / TD3 personal number, trailing fillers removed. */
  optionalData1: string;
  /** TD1 line 2 positions 19–29, trailing fillers removed; '' for TD3. */
  optionalData2: string;
  lines: string[];
  checks: MrzChecks;
}
