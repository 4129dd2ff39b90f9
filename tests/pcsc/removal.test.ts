// What goes wrong at a desk, over real pcscd: the card slides off in the middle of the portrait and comes
// back (the read resumes; the portrait crosses the link once, counted on the card side of vpcd), and the
// reader is unplugged mid-read — pcscd's readers vanish — and plugged back: the same monitor recovers and the
// read finishes without restarting anything.
import { afterEach, describe, expect, it } from 'vitest';
import { readDocumentResumable, type CardSessionEvent } from '../../electron/card/card-session.ts';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { PcscReaders } from '../../electron/card/pcsc/reader-monitor.ts';
import { VpcdCard } from '../../electron/card/pcsc/vpcd-card.ts';
import { accessKeyFromMrz } from '../../electron/emrtd/access/access-key.ts';
import { hex } from '../../electron/emrtd/bytes.ts';
import { EmrtdError } from '../../electron/emrtd/errors.ts';
import { readDocument } from '../../electron/emrtd/read/read-document.ts';
import { staleSocketPresent, startPcscd, stopPcscd } from './pcscd.ts';
import { demoCards, nextEvent, pcscRuns, READER_0 } from './stack.ts';

const CHUNK = 4096; // a buffer-limited chip: the demo portraits take 4–6 READ BINARY, so "mid-DG2" exists

const open: { readers: PcscReaders[]; cards: VpcdCard[] } = { readers: [], cards: [] };

afterEach(async () => {
  for (const r of open.readers.splice(0)) await r.close();
  for (const c of open.cards.splice(0)) await c.remove();
  // pcscd must be polled empty before the next test puts a card down.
  await new Promise((r) => setTimeout(r, 1500));
});

async function setup(withCardOnReader = true) {
  const demo = demoCards().find((d) => d.name === 'nguyen-van-an') ?? demoCards()[0];
  const chip = new EmulatedChip(demo.profile, { maxResponseBytes: CHUNK });
  let yankNext = false;
  const card = new VpcdCard(chip, { beforeCommand: () => (yankNext ? ((yankNext = false), 'remove') : undefined) });
  open.cards.push(card);
  const readers = await PcscReaders.start({ reader: READER_0 });
  open.readers.push(readers);
  if (withCardOnReader) {
    const seen = nextEvent(readers, (e) => e.type === 'card-inserted');
    await card.insert();
    await seen;
  }
  return { demo, chip, card, readers, yankOnNextCommand: () => (yankNext = true) };
}

/** Bytes the card side sends for one uninterrupted read of the same chip through the same stack. */
async function cleanReadBytes(): Promise<number> {
  const { demo, card, readers } = await setup();
  const channel = await readers.waitForCard({ timeoutMs: 3000 });
  await readDocument(channel, { keys: [accessKeyFromMrz(demo.profile.mrz)], atr: channel.atrHex });
  const bytes = card.stats.bytesOut;
  await readers.close();
  open.readers.splice(open.readers.indexOf(readers), 1);
  const gone = card.remove();
  await gone;
  await new Promise((r) => setTimeout(r, 1500));
  return bytes;
}

describe.skipIf(!pcscRuns)('card and reader loss over real pcscd', () => {
  it('card removed in the middle of DG2, put back: CARD_REMOVED at once, then the read resumes; DG2 is sent once', async () => {
    const clean = await cleanReadBytes();
    const { demo, card, readers, yankOnNextCommand } = await setup();
    const events: CardSessionEvent[] = [];
    let yankedAt = 0;
    let removalSeenAfterMs = -1;
    const read = await readDocumentResumable(readers.cardSource(), {
      keys: [accessKeyFromMrz(demo.profile.mrz)],
      returnWaitMs: 10_000,
      onProgress: (p) => {
        if (p.file === 'DG2' && p.bytesRead === 2 * CHUNK && !yankedAt) {
          yankedAt = performance.now();
          yankOnNextCommand(); // the next READ BINARY meets an empty field
        }
      },
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'card-removed') {
          removalSeenAfterMs = performance.now() - yankedAt;
          // The person notices and puts the card back a moment after pcscd reported the slot empty.
          void nextEvent(readers, (x) => x.type === 'card-removed', 5000, () => readers.status().kind === 'no-card').then(() => card.insert());
        }
      },
    });
    // No hang: the failure surfaced long before the transmit timeout.
    expect(removalSeenAfterMs).toBeGreaterThanOrEqual(0);
    expect(removalSeenAfterMs).toBeLessThan(2000);
    expect(events.map((e) => e.type)).toEqual(['reading', 'card-removed', 'card-returned', 'reading']);
    expect(events[1]).toMatchObject({ type: 'card-removed', file: 'DG2' });
    expect(read.returns).toBe(1);
    for (const [name, bytes] of demo.profile.files) if (name !== 'CardAccess') expect(hex(read.files.get(name)!), name).toBe(hex(bytes));
    // Card side: everything it sent over both insertions, against one clean read: only the second access
    // (EF.CardAccess and PACE), the re-checked end of EF.SOD and SELECT DG2 are extra — not the 8 KB of
    // portrait it had already sent.
    const extra = card.stats.bytesOut - clean;
    expect(extra).toBeGreaterThan(0);
    expect(extra).toBeLessThan(600);
  });

  it('card lifted and put back faster than pcscd polls: the monitor reconnects and the read resumes', async () => {
    const { demo, card, readers, yankOnNextCommand } = await setup();
    let yanked = false;
    const read = await readDocumentResumable(readers.cardSource(), {
      keys: [accessKeyFromMrz(demo.profile.mrz)],
      returnWaitMs: 10_000,
      onProgress: (p) => {
        if (p.file === 'DG2' && p.bytesRead === CHUNK && !yanked) {
          yanked = true;
          yankOnNextCommand();
        }
      },
      onEvent: (e) => {
        if (e.type === 'card-removed') setTimeout(() => void card.insert(), 50);
      },
    });
    expect(read.returns).toBe(1);
    expect(hex(read.files.get('DG2')!)).toBe(hex(demo.profile.files.get('DG2')!));
  });

  it('reader unplugged mid-read (pcscd and its readers gone), plugged back: the same monitor recovers and the read completes', async () => {
    const { demo, card, readers } = await setup();
    const states: string[] = [];
    readers.subscribe((e) => states.push(e.type));
    let unplugged: Promise<void> | null = null;
    let staleBeforeRestart = false;
    let duringOutage: unknown = null;
    let readersDuringOutage: unknown = null;
    const read = await readDocumentResumable(readers.cardSource(), {
      keys: [accessKeyFromMrz(demo.profile.mrz)],
      returnWaitMs: 15_000,
      onProgress: (p) => {
        if (p.file === 'DG2' && p.bytesRead === CHUNK && !unplugged) {
          // The USB cable comes out: the card's link and pcscd's readers disappear (pcscd dies hard here,
          // leaving its socket behind, the worst case for the restart).
          void card.remove();
          unplugged = stopPcscd('SIGKILL');
        }
      },
      onEvent: (e) => {
        if (e.type !== 'card-removed') return;
        void (async () => {
          await unplugged;
          await nextEvent(readers, (x) => x.type === 'service-down', 5000, () => !readers.serviceRunning);
          readersDuringOutage = readers.list();
          duringOutage = await readers.waitForCard({ timeoutMs: 100 }).catch((err: unknown) => err);
          staleBeforeRestart = staleSocketPresent();
          await startPcscd(); // plugged back
          await card.insert();
        })();
      },
    });
    expect(readersDuringOutage).toEqual([]);
    expect((duringOutage as { code?: string })?.code).toBe('NO_READER');
    expect(staleBeforeRestart).toBe(true);
    expect(states).toEqual(expect.arrayContaining(['service-down', 'service-up', 'reader-added', 'card-inserted']));
    expect(read.returns).toBe(1);
    for (const [name, bytes] of demo.profile.files) if (name !== 'CardAccess') expect(hex(read.files.get(name)!), name).toBe(hex(bytes));

    // And the next visit on the same monitor reads normally.
    const channel = await readers.waitForCard({ timeoutMs: 3000 });
    const again = await readDocument(channel, { keys: [accessKeyFromMrz(demo.profile.mrz)], atr: channel.atrHex });
    expect(hex(again.files.get('DG2')!)).toBe(hex(demo.profile.files.get('DG2')!));
  });

  it('a read with the card gone and not coming back ends with CARD_REMOVED, not a hang', async () => {
    const { demo, card, readers, yankOnNextCommand } = await setup();
    const started = performance.now();
    const err = await readDocumentResumable(readers.cardSource(), {
      keys: [accessKeyFromMrz(demo.profile.mrz)],
      returnWaitMs: 1000,
      onProgress: (p) => {
        if (p.file === 'DG2') yankOnNextCommand();
      },
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CARD_REMOVED' });
    expect(err instanceof EmrtdError || (err as Error).name === 'CardReadError').toBe(true);
    expect(performance.now() - started).toBeLessThan(8000);
    expect(card.inserted).toBe(false);
  });
});
