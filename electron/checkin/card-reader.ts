// Where the visit finds the card. The kiosk core only needs to know whether a card is in the field and to get
// a channel to it; the embedded default is an emulated reader holding the demo cards, which the staff-only
// picker "taps" (and can pull away part-way through a read, as people do). PC/SC readers plug in behind the
// same interface.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hex } from '../emrtd/bytes.ts';
import type { KioskErrorCode } from '../contract/errors.ts';
import type { CardChannel } from '../emrtd/channel.ts';
import { EmrtdError } from '../emrtd/errors.ts';
import { EmulatedChip } from '../card/emulator/chip.ts';
import { loadCardDirectory, type CardProfile } from '../card/emulator/card-profile.ts';
import type { LinkModel } from '../card/emulator/link-model.ts';

export interface PresentCard {
  channel: CardChannel;
  atr: string;
}

/** Whether the reader can read cards now; when not, the error code the visit and staff see. */
export interface ReaderHealth {
  ok: boolean;
  error: KioskErrorCode | null;
  /** For staff (no personal data): e.g. "no PC/SC reader matching …". */
  detail: string | null;
}

export interface CardReader {
  readonly kind: 'emulated' | 'pcsc';
  /** The card in the field now, or null. */
  present(): PresentCard | null;
  /** Absent: always usable (the emulated reader). */
  health?(): ReaderHealth;
  /** Told whenever a card arrives or leaves. Returns the unsubscribe function. */
  onChange(listener: (present: boolean) => void): () => void;
  close(): void;
}

export interface DemoCard {
  id: string;
  label: string;
  profile: CardProfile;
}

/** Every card directory under `dir` (one sub-folder per card), named by its folder. */
export function loadDemoCards(dir: string): DemoCard[] {
  const out: DemoCard[] = [];
  for (const name of readdirSync(dir).sort()) {
    const sub = join(dir, name);
    if (!statSync(sub).isDirectory()) continue;
    out.push({ id: name, label: name, profile: loadCardDirectory(sub) });
  }
  return out;
}

/** A contactless link at 424 kbit/s with a few ms of turnaround: what a desktop reader and a CCCD chip do. */
export const DEMO_LINK: LinkModel = { bitRate: 424_000, turnaroundMs: 4 };

export interface TapOptions {
  /** The card leaves the field after this many APDUs (pulled away mid-read). */
  pullAfterApdus?: number;
}

export class EmulatedReader implements CardReader {
  readonly kind = 'emulated' as const;
  private chip: EmulatedChip | null = null;
  private tapped: string | null = null;
  private readonly listeners = new Set<(present: boolean) => void>();

  constructor(
    readonly cards: readonly DemoCard[],
    private readonly link: LinkModel | null = DEMO_LINK,
  ) {}

  get tappedCard(): string | null {
    return this.chip?.isPresent ? this.tapped : null;
  }

  tap(id: string, opts: TapOptions = {}): boolean {
    const card = this.cards.find((c) => c.id === id);
    if (!card) return false;
    this.chip = new EmulatedChip(card.profile, {
      // Short APDUs only, as many CCCD chips: the portrait comes in ~100 reads, so progress is visible and a
      // card pulled away mid-portrait leaves a partial file to resume from.
      extendedLength: false,
      link: this.link ?? undefined,
      realtime: this.link !== null,
      removeAfterApdus: opts.pullAfterApdus,
    });
    this.tapped = id;
    this.emit(true);
    return true;
  }

  remove(): void {
    if (!this.chip) return;
    this.chip.remove();
    this.chip = null;
    this.emit(false);
  }

  present(): PresentCard | null {
    const chip = this.chip;
    if (!chip?.isPresent) return null;
    return {
      atr: hex(chip.atr),
      channel: {
        transmit: async (apdu) => {
          try {
            return await chip.transmit(apdu);
          } catch (e) {
            // The chip left the field (pulled away): the reader notices, as PC/SC reports a card removal.
            if (e instanceof EmrtdError && e.code === 'CARD_REMOVED' && this.chip === chip) {
              this.chip = null;
              this.emit(false);
            }
            throw e;
          }
        },
      },
    };
  }

  onChange(listener: (present: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(present: boolean): void {
    for (const l of this.listeners) l(present);
  }

  close(): void {
    this.chip = null;
    this.listeners.clear();
  }
}
