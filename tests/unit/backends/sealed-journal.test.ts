import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SealedJournal } from '../../../electron/backends/outbox/sealed-journal.ts';
import { tempDir } from './harness.ts';

const key = new Uint8Array(32).fill(9);

describe('sealed journal crash safety', () => {
  const dir = tempDir('journal-');
  const j = SealedJournal.openForAppend(dir, 'j', key);
  const records = Array.from({ length: 12 }, (_, i) => JSON.stringify({ i, pad: 'x'.repeat(i * 7) }));
  j.append(records);
  j.close();
  const full = readFileSync(join(dir, 'j'));

  it('property: a file cut at any byte (a crash mid-write) reopens as a prefix of what was written', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: full.length }), (cut) => {
        const path = join(dir, `cut-${cut}`);
        writeFileSync(path, full.subarray(0, cut));
        const got = SealedJournal.readRecords(path, key, true);
        expect(records.slice(0, got.length)).toEqual(got);
        const complete = full.subarray(0, cut).toString('utf8').split('\n').length - 2; // lines after the header
        expect(got.length).toBe(Math.max(0, complete));
        // After the repair the file ends on a record boundary: reading again gives the same records.
        expect(SealedJournal.readRecords(path, key, true)).toEqual(got);
        expect(readFileSync(path).length === 0 || readFileSync(path).at(-1) === 0x0a).toBe(true);
        // And the writer can go on: a record appended after the repair reads back after the survivors.
        const again = SealedJournal.openForAppend(dir, `cut-${cut}`, key);
        again.append(['{"after":"crash"}']);
        again.close();
        expect(SealedJournal.readRecords(path, key, true)).toEqual([...got, '{"after":"crash"}']);
      }),
      { numRuns: 150 },
    );
  });

  it('property: garbage after the last good record (power loss) is cut; garbage before a good record is corruption', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 80 }), (junk) => {
        const path = join(dir, 'junk');
        writeFileSync(path, Buffer.concat([full, Buffer.from(junk), Buffer.from('\n')]));
        expect(SealedJournal.readRecords(path, key, true)).toEqual(records);
      }),
      { numRuns: 50 },
    );
    const lines = full.toString('utf8').split('\n');
    lines.splice(3, 0, 'AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
    const path = join(dir, 'middle');
    writeFileSync(path, lines.join('\n'));
    expect(() => SealedJournal.readRecords(path, key, true)).toThrow(/tampered or damaged/);
  });
});
