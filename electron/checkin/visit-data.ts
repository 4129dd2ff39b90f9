// Everything one visit holds that must never outlive it: the access keys, the chip files (kept between an
// interrupted read and its resume), the card-read result, the portrait bytes, the consent id, the face
// outcome, the booking text and a staff reason. Memory only; wipe() zeroes the byte arrays and drops the rest.
import type { CardReadResult } from '../contract/card-read.ts';
import type { AccessKey } from '../emrtd/access/access-key.ts';
import { wipe } from '../emrtd/bytes.ts';
import type { LdsFileName } from '../emrtd/lds/files.ts';
import type { FaceOutcome } from './visit-machine.ts';

export class VisitData {
  keys: AccessKey[] | null = null;
  files = new Map<LdsFileName, Uint8Array>();
  /** The file a removed card was in the middle of, with the bytes read so far. */
  partial: { file: LdsFileName; bytes: Uint8Array } | null = null;
  card: CardReadResult | null = null;
  portrait: Uint8Array | null = null;
  consentId: string | null = null;
  faceOutcome: FaceOutcome | null = null;
  booking: string | null = null;
  staffReason: string | null = null;

  setKeys(keys: AccessKey[]): void {
    this.keys = keys;
  }

  /** Files to hand the chip core as `resume` after the card came back. */
  resumeFiles(): Map<LdsFileName, Uint8Array> {
    const m = new Map(this.files);
    if (this.partial && !m.has(this.partial.file)) m.set(this.partial.file, this.partial.bytes);
    return m;
  }

  clearFiles(): void {
    wipe(...this.files.values(), this.partial?.bytes);
    this.files.clear();
    this.partial = null;
  }

  wipe(): void {
    this.clearFiles();
    wipe(this.portrait ?? undefined);
    this.portrait = null;
    this.keys = null;
    this.card = null;
    this.consentId = null;
    this.faceOutcome = null;
    this.booking = null;
    this.staffReason = null;
  }

  residue(): { card: boolean; portrait: boolean; files: number; keys: number; consent: boolean; booking: boolean } {
    return {
      card: this.card !== null,
      portrait: this.portrait !== null,
      files: this.files.size + (this.partial ? 1 : 0),
      keys: this.keys?.length ?? 0,
      consent: this.consentId !== null,
      booking: this.booking !== null,
    };
  }
}
