// A day at the desk in miniature, over real pcscd: 100 consecutive visits on one monitor, each a fresh
// access (BAC) and a full read, the card lifted and put back every tenth visit. Zero failures, and every
// read byte-identical to the card. Extended length keeps it to one READ BINARY per file (≈9 APDUs per read),
// which matters here: vpcd answers a Node card in ≈45 ms per APDU.
import { afterAll, describe, expect, it } from 'vitest';
import { readDocumentResumable } from '../../electron/card/card-session.ts';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { PcscReaders } from '../../electron/card/pcsc/reader-monitor.ts';
import { VpcdCard } from '../../electron/card/pcsc/vpcd-card.ts';
import { accessKeyFromMrz } from '../../electron/emrtd/access/access-key.ts';
import { hex } from '../../electron/emrtd/bytes.ts';
import { ChunkMemory } from '../../electron/emrtd/read/chunking.ts';
import { demoCards, nextEvent, pcscRuns, READER_0 } from './stack.ts';

const READS = 100;
let readers: PcscReaders | undefined;
let card: VpcdCard | undefined;

afterAll(async () => {
  await readers?.close();
  await card?.remove();
});

describe.skipIf(!pcscRuns)('endurance over real pcscd', () => {
  it(`${READS} consecutive reads, zero failures`, { timeout: 180_000 }, async () => {
    const demo = demoCards()[0];
    const key = accessKeyFromMrz(demo.profile.mrz);
    // EF.CardAccess is read by access control, not by the read plan.
    const expected = new Map([...demo.profile.files].filter(([n]) => n !== 'CardAccess').map(([n, b]) => [n, hex(b)]));
    card = new VpcdCard(new EmulatedChip(demo.profile));
    readers = await PcscReaders.start({ reader: READER_0 });
    const source = readers.cardSource();
    const memory = new ChunkMemory();
    const failures: string[] = [];
    let apdus = 0;
    for (let i = 0; i < READS; i++) {
      if (i % 10 === 0) {
        // Lift the card (if it is down), wait until pcscd saw the slot empty, put it back.
        if (card.inserted) {
          const gone = nextEvent(readers, (e) => e.type === 'card-removed');
          await card.remove();
          await gone;
        }
        await card.insert();
      }
      try {
        const read = await readDocumentResumable(source, { keys: [key], chunkMemory: memory, firstCardWaitMs: 5000, returnWaitMs: 0, maxReturns: 0 });
        apdus += read.stats.apdus;
        for (const [name, bytes] of read.files) if (expected.get(name) !== hex(bytes)) failures.push(`read ${i}: ${name} differs`);
        if (read.files.size !== expected.size) failures.push(`read ${i}: ${read.files.size} files`);
      } catch (e) {
        failures.push(`read ${i}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
    expect(card.stats.apdus).toBe(apdus); // every APDU the kiosk sent was answered by the card, none lost
  });
});
