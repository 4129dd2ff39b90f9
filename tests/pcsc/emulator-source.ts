// A CardSource over software chips, for the resumable read without pcscd: the test puts a chip "on the
// reader" and takes it away; the chip's own knobs (remove) make transmits fail as a card leaving would.
import type { CardSource, PresentCard } from '../../electron/card/card-session.ts';
import { CardReadError } from '../../electron/card/read-errors.ts';
import type { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { hex } from '../../electron/emrtd/bytes.ts';

export class EmulatorCardSource implements CardSource {
  #card: (PresentCard & { chip: EmulatedChip }) | null = null;
  readonly #waiters = new Set<() => void>();

  /** Put a chip in the field (a fresh power-up). */
  put(chip: EmulatedChip, reader = 'Emulator'): void {
    chip.reinsert();
    this.#card = { channel: chip, chip, atr: hex(chip.atr), reader };
    for (const w of [...this.#waiters]) w();
  }

  async waitForCard({ timeoutMs, after }: { timeoutMs: number; after?: PresentCard }): Promise<PresentCard> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const c = this.#card;
      if (c && c !== after && c.chip.isPresent) return c;
      const left = deadline - Date.now();
      if (left <= 0) throw new CardReadError('NO_CARD', 'no card on the emulated reader');
      await new Promise<void>((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, left);
        this.#waiters.add(done);
      });
    }
  }
}
