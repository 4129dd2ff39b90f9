// The chip verdict of a visit: the card-read contract from the files read, with Passive Authentication
// (9303-11 §5.1: EF.SOD signed by a Document Signer chaining to a trusted CSCA, every data group's hash
// as signed), Active and Chip Authentication (9303-11 §6.1/§6.2, run by readDocument while the session was
// open), and the kiosk's policy on them: a failed AA or CA is a clone (genuine data on another chip).
import type { AuthenticityFacts, CardReadResult } from '../contract/card-read.ts';
import type { KioskErrorCode } from '../contract/errors.ts';
import type { ChipVerdictView } from '../contract/view.ts';
import { toCardReadResult } from '../card/read-result.ts';
import { verifyPassive } from '../emrtd/auth/passive.ts';
import type { TrustStore } from '../emrtd/auth/trust-store.ts';
import { LDS_FILES } from '../emrtd/lds/files.ts';
import type { DocumentRead } from '../emrtd/read/read-document.ts';

export interface ChipPolicy {
  /** Accept a chip whose EF.SOD chains to no configured CSCA (never in production). */
  allowUntrustedSigner: boolean;
  /** Accept a chip when no trust store is configured at all (passive authentication not performed). */
  allowWithoutTrustStore: boolean;
}

export const STRICT_CHIP_POLICY: ChipPolicy = { allowUntrustedSigner: false, allowWithoutTrustStore: false };

export interface ChipOutcome {
  result: CardReadResult;
  /** The portrait as embedded in DG2 (memory only; the visit wipes it). */
  portrait: Uint8Array | null;
  verdict: ChipVerdictView;
  /** Why the policy refuses the chip, or null when the visit may go on. */
  rejection: KioskErrorCode | null;
}

export function chipOutcome(doc: DocumentRead, trust: TrustStore | null, policy: ChipPolicy, now: Date = new Date()): ChipOutcome {
  const { result, portrait } = toCardReadResult(doc);
  const authenticity: AuthenticityFacts = {
    passive: { status: 'not-checked', signer: null, problems: [] },
    active: { status: doc.authentication.active.status },
    chip: { status: doc.authentication.chip.status },
  };
  const sod = doc.files.get('SOD');
  if (trust && sod) {
    const dataGroups = new Map<number, Uint8Array>();
    for (const [name, bytes] of doc.files) {
      const dg = LDS_FILES.find((f) => f.name === name)?.dg;
      if (dg !== undefined) dataGroups.set(dg, bytes);
    }
    const p = verifyPassive({ sod, dataGroups, trust, now });
    authenticity.passive = { status: p.status, signer: p.signer, problems: p.problems };
  } else if (trust && !sod) {
    authenticity.passive = { status: 'invalid', signer: null, problems: ['EF.SOD not read'] };
  }
  const full: CardReadResult = { ...result, authenticity };

  let rejection: KioskErrorCode | null = null;
  switch (authenticity.passive.status) {
    case 'invalid':
      rejection = 'CHIP_NOT_AUTHENTIC';
      break;
    case 'signer-untrusted':
      if (!policy.allowUntrustedSigner) rejection = 'CHIP_SIGNER_UNTRUSTED';
      break;
    case 'not-checked':
      if (!policy.allowWithoutTrustStore) rejection = 'CHIP_SIGNER_UNTRUSTED';
      break;
    case 'valid':
      break;
  }
  if (!rejection && (authenticity.active.status === 'invalid' || authenticity.chip.status === 'invalid')) rejection = 'CHIP_NOT_AUTHENTIC';
  if (!rejection && !portrait) rejection = 'NO_PORTRAIT';

  return {
    result: full,
    portrait,
    rejection,
    verdict: {
      accepted: rejection === null,
      passive: authenticity.passive.status,
      active: authenticity.active.status,
      chip: authenticity.chip.status,
      holderName: full.personal?.fullName ?? (`${full.mrz.surname} ${full.mrz.givenNames}`.trim() || null),
    },
  };
}
