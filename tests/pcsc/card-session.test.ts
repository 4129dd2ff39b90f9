// The visit-level read that survives the card leaving, over software chips (no pcscd needed): resume from the
// last good offset when the same chip returns, a fresh read when another chip does, and clear failures when
// the card stays away. Bytes are counted on the chip side, independently of the reader's own statistics.
import { describe, expect, it } from 'vitest';
import { readDocumentResumable, type CardSessionEvent } from '../../electron/card/card-session.ts';
import { CardReadError } from '../../electron/card/read-errors.ts';
import { EmulatedChip, type EmulatorOptions } from '../../electron/card/emulator/chip.ts';
import { accessKeyFromMrz } from '../../electron/emrtd/access/access-key.ts';
import { hex } from '../../electron/emrtd/bytes.ts';
import { decodeTlv, encodeTlv } from '../../electron/emrtd/tlv.ts';
import { EmrtdError } from '../../electron/emrtd/errors.ts';
import { readDocument } from '../../electron/emrtd/read/read-document.ts';
import { makeTestCard, profileOf } from '../helpers/cards.ts';
import { EmulatorCardSource } from './emulator-source.ts';

const CHUNK = 4096; // a buffer-limited chip: DG2 (≈16 KB) takes four READ BINARY

/** A software chip that counts the response bytes it sends, whoever reads it. */
function countingChip(profile: ReturnType<typeof profileOf>, opts: EmulatorOptions = {}): EmulatedChip & { served: { bytes: number } } {
  const chip = new EmulatedChip(profile, { maxResponseBytes: CHUNK, ...opts }) as EmulatedChip & { served: { bytes: number } };
  const served = { bytes: 0 };
  const transmit = chip.transmit.bind(chip);
  chip.transmit = async (apdu) => {
    const resp = await transmit(apdu);
    served.bytes += resp.length;
    return resp;
  };
  chip.served = served;
  return chip;
}

async function cleanReadBytes(profile: ReturnType<typeof profileOf>, mrz: string): Promise<number> {
  const chip = countingChip(profile);
  await readDocument(chip, { keys: [accessKeyFromMrz(mrz)] });
  return chip.served.bytes;
}

describe('readDocumentResumable over software chips', () => {
  it('resumes DG2 from the last good offset when the same card comes back: DG2 crosses the link once', async () => {
    const card = await makeTestCard('valid');
    const mrz = card.mrz.join('\n');
    const chip = countingChip(profileOf(card));
    const source = new EmulatorCardSource();
    source.put(chip);
    const events: CardSessionEvent[] = [];
    let pulled = false;
    const read = await readDocumentResumable(source, {
      keys: [accessKeyFromMrz(mrz)],
      returnWaitMs: 2000,
      onProgress: (p) => {
        if (p.file === 'DG2' && p.bytesRead >= 2 * CHUNK && !pulled) {
          pulled = true;
          chip.remove(); // slid off after two portrait chunks
        }
      },
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'card-removed') setTimeout(() => source.put(chip), 20);
      },
    });

    for (const [name, bytes] of card.files) expect(hex(read.files.get(name)!), name).toBe(hex(bytes));
    expect(read.returns).toBe(1);
    expect(events.map((e) => e.type)).toEqual(['reading', 'card-removed', 'card-returned', 'reading']);
    const removed = events[1] as Extract<CardSessionEvent, { type: 'card-removed' }>;
    expect(removed.file).toBe('DG2');
    const dgKept = removed.bytesKept - [...card.files].filter(([n]) => n !== 'DG2').reduce((n, [, b]) => n + b.length, 0);
    expect(dgKept).toBe(2 * CHUNK);

    // What the chip sent in all, against one uninterrupted read: only the second access (SELECT, BAC),
    // the re-checked end of EF.SOD and the SELECT of DG2 — not the 8 KB of portrait already read.
    const extra = chip.served.bytes - (await cleanReadBytes(profileOf(card), mrz));
    expect(extra).toBeGreaterThan(0);
    expect(extra).toBeLessThan(300);
  });

  // Another chip with the same MRZ (a re-issued card has the same DG1): another portrait and another EF.SOD,
  // whose signature ends differently — at the same length, or at another length, when the check reads past its end.
  for (const variant of ['same length', 'shorter'] as const) {
    it(`reads a different chip with the same MRZ from the start (EF.SOD differs, ${variant})`, async () => {
      const first = await makeTestCard('valid');
      const other = await makeTestCard('jpeg2000');
      const sodA = first.files.get('SOD')!;
      const sodB = variant === 'same length' ? Uint8Array.from(sodA, (b, i) => (i === sodA.length - 1 ? b ^ 1 : b)) : encodeTlv(0x77, decodeTlv(sodA, 0).value.subarray(0, -10));
      const second = { ...profileOf(first), files: new Map([...first.files, ['DG2', other.files.get('DG2')!], ['SOD', sodB]] as const) };
      expect(hex(second.files.get('DG1')!)).toBe(hex(first.files.get('DG1')!));
      const chipA = countingChip(profileOf(first));
      const chipB = countingChip(second);
      const source = new EmulatorCardSource();
      source.put(chipA);
      const events: string[] = [];
      const read = await readDocumentResumable(source, {
        keys: [accessKeyFromMrz(first.mrz.join('\n'))],
        onProgress: (p) => {
          if (p.file === 'DG2' && p.bytesRead >= CHUNK && chipA.isPresent && events.length === 1) chipA.remove();
        },
        onEvent: (e) => {
          events.push(e.type);
          if (e.type === 'card-removed') setTimeout(() => source.put(chipB), 20);
        },
      });
      expect(events).toEqual(['reading', 'card-removed', 'card-returned', 'reading', 'different-card', 'reading']);
      for (const [name, bytes] of second.files) expect(hex(read.files.get(name)!), name).toBe(hex(bytes));
    });
  }

  it('starts over when the card left before EF.SOD was complete (nothing to recognise it by)', async () => {
    const card = await makeTestCard('valid');
    const chip = countingChip(profileOf(card));
    const source = new EmulatorCardSource();
    source.put(chip);
    const removals: Extract<CardSessionEvent, { type: 'card-removed' }>[] = [];
    const read = await readDocumentResumable(source, {
      keys: [accessKeyFromMrz(card.mrz.join('\n'))],
      onFileDone: (name) => {
        if (name === 'COM' && removals.length === 0) chip.remove();
      },
      onEvent: (e) => {
        if (e.type === 'card-removed') {
          removals.push(e);
          setTimeout(() => source.put(chip), 20);
        }
      },
    });
    expect(removals).toEqual([{ type: 'card-removed', file: null, bytesKept: 0 }]);
    for (const [name, bytes] of card.files) expect(hex(read.files.get(name)!), name).toBe(hex(bytes));
  });

  it('fails with CARD_REMOVED when the card does not come back in time', async () => {
    const card = await makeTestCard('valid');
    const chip = countingChip(profileOf(card));
    const source = new EmulatorCardSource();
    source.put(chip);
    const err = await readDocumentResumable(source, {
      keys: [accessKeyFromMrz(card.mrz.join('\n'))],
      returnWaitMs: 100,
      onProgress: (p) => {
        if (p.file === 'DG2') chip.remove();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CardReadError);
    expect((err as CardReadError).code).toBe('CARD_REMOVED');
  });

  it('gives up after the allowed number of returns', async () => {
    const card = await makeTestCard('valid');
    const chip = countingChip(profileOf(card));
    const source = new EmulatorCardSource();
    source.put(chip);
    let removed = 0;
    const err = await readDocumentResumable(source, {
      keys: [accessKeyFromMrz(card.mrz.join('\n'))],
      maxReturns: 2,
      onProgress: (p) => {
        if (p.file === 'DG2' && chip.isPresent) chip.remove(); // a hand that keeps lifting the card
      },
      onEvent: (e) => {
        if (e.type === 'card-removed') {
          removed++;
          setTimeout(() => source.put(chip), 10);
        }
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmrtdError);
    expect((err as EmrtdError).code).toBe('CARD_REMOVED');
    expect(removed).toBe(3);
  });

  it('answers NO_CARD when no card is put on the reader', async () => {
    const err = await readDocumentResumable(new EmulatorCardSource(), { keys: [], firstCardWaitMs: 50 }).catch((e: unknown) => e);
    expect((err as CardReadError).code).toBe('NO_CARD');
  });
});
