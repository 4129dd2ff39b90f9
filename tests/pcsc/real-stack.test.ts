// The whole path pcscd → libpcsclite → @pokusew/pcsclite → nfc-pcsc → emrtd, with our software chip on the
// vpcd driver's socket: every demo card reads exactly as the in-process emulator reads it, two readers, and
// the `kiosk readers` / `kiosk card read --reader` commands through main().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli/main.ts';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { PcscReaders } from '../../electron/card/pcsc/reader-monitor.ts';
import { VpcdCard } from '../../electron/card/pcsc/vpcd-card.ts';
import { accessKeyFromMrz } from '../../electron/emrtd/access/access-key.ts';
import { hex } from '../../electron/emrtd/bytes.ts';
import { readDocument } from '../../electron/emrtd/read/read-document.ts';
import { demoCards, nextEvent, pcscRuns, READER_0, READER_1 } from './stack.ts';

type Json = Record<string, unknown>;

async function kiosk(...argv: string[]): Promise<{ code: number; json: Json }> {
  let out = '';
  const code = await main(argv, { out: (t) => (out += t), err: (t) => (out += t) });
  return { code, json: JSON.parse(out) as Json };
}

function withoutMs(result: Json): Json {
  const stats = { ...(result.stats as Json) };
  delete stats.ms;
  return { ...result, stats };
}

describe.skipIf(!pcscRuns)('over real pcscd with the vpcd driver', () => {
  let watch: PcscReaders;
  const cards: VpcdCard[] = [];

  /** Put a chip on a reader and wait until pcscd reports it (its polling takes up to ≈1.3 s). */
  async function place(chip: EmulatedChip, reader: typeof READER_0 | typeof READER_1): Promise<VpcdCard> {
    const card = new VpcdCard(chip, { port: reader === READER_0 ? 35963 : 35964 });
    cards.push(card);
    const seen = nextEvent(watch, (e) => e.type === 'card-inserted' && e.reader === reader);
    await card.insert();
    await seen;
    return card;
  }

  /** Take every card away and wait until pcscd reports the slots empty. */
  async function clearReaders(): Promise<void> {
    for (const card of cards.splice(0)) {
      if (!card.inserted) continue;
      const reader = card.port === 35963 ? READER_0 : READER_1;
      const seen = nextEvent(watch, (e) => e.type === 'card-removed' && e.reader === reader, 10_000, () => watch.list().find((r) => r.name === reader)?.card === 'empty');
      await card.remove();
      await seen;
    }
  }

  beforeAll(async () => {
    watch = await PcscReaders.start();
    await watch.settled();
  });

  afterAll(async () => {
    await clearReaders();
    await watch?.close();
  });

  it('sees both vpcd readers, empty', () => {
    expect(watch.status()).toEqual({ kind: 'no-card', readers: [READER_0, READER_1] });
    expect(watch.list()).toEqual([
      { name: READER_0, card: 'empty', atr: null },
      { name: READER_1, card: 'empty', atr: null },
    ]);
  });

  it('reads every demo card exactly as the in-process emulator does (card-read JSON, except the time)', async () => {
    const all = demoCards();
    expect(all.length).toBeGreaterThanOrEqual(2);
    for (const demo of all) {
      const emulated = await kiosk('card', 'read', '--emulator', demo.dir, '--mrz', demo.profile.mrz, '--json');
      expect(emulated.code, `${demo.name} (emulator)`).toBe(0);
      await place(new EmulatedChip(demo.profile), READER_0);
      const real = await kiosk('card', 'read', '--reader', 'Virtual PCD', '--mrz', demo.profile.mrz, '--json');
      expect(real.code, `${demo.name}: ${JSON.stringify(real.json)}`).toBe(0);
      expect(withoutMs(real.json), demo.name).toEqual(withoutMs(emulated.json));
      await clearReaders();
    }
  });

  it('two readers: finds the card on the second, and reads the one the configuration names', async () => {
    const [a, b] = demoCards();
    const chipB = new EmulatedChip(b.profile);
    await place(chipB, READER_1);
    const readers = await PcscReaders.start();
    try {
      await readers.settled();
      expect(readers.status()).toEqual({ kind: 'card', reader: READER_1, atr: chipB.atrHex });
      expect(readers.status('00 00')).toEqual({ kind: 'no-card', readers: [READER_0] });
      await expect(readers.waitForCard({ reader: '00 00', timeoutMs: 200 })).rejects.toMatchObject({ code: 'NO_CARD' });
      await expect(readers.waitForCard({ reader: /^ACS ACR1252/, timeoutMs: 200 })).rejects.toMatchObject({ code: 'NO_READER' });
      const first = await readers.waitForCard({ timeoutMs: 1000 });
      expect(first.readerName).toBe(READER_1);
      const docB = await readDocument(first, { keys: [accessKeyFromMrz(b.profile.mrz)], atr: first.atrHex });
      expect(hex(docB.files.get('DG2')!)).toBe(hex(b.profile.files.get('DG2')!));

      // Both readers hold a card: the configured name pattern decides.
      await place(new EmulatedChip(a.profile), READER_0);
      const named = await readers.waitForCard({ reader: 'virtual pcd 00 01', timeoutMs: 1000 });
      expect(named.readerName).toBe(READER_1);
      const docNamed = await readDocument(named, { keys: [accessKeyFromMrz(b.profile.mrz)], atr: named.atrHex });
      expect(hex(docNamed.files.get('DG1')!)).toBe(hex(b.profile.files.get('DG1')!));
      const other = await readers.waitForCard({ reader: '00 00', timeoutMs: 1000 });
      const docA = await readDocument(other, { keys: [accessKeyFromMrz(a.profile.mrz)], atr: other.atrHex });
      expect(hex(docA.files.get('DG1')!)).toBe(hex(a.profile.files.get('DG1')!));
    } finally {
      await readers.close();
      await clearReaders();
    }
  });

  it('kiosk readers --json lists the readers with card state and ATR', async () => {
    const empty = await kiosk('readers', '--json');
    expect(empty).toEqual({ code: 0, json: { service: 'running', readers: [
      { name: READER_0, card: 'empty', atr: null },
      { name: READER_1, card: 'empty', atr: null },
    ] } });
    const chip = new EmulatedChip(demoCards()[0].profile);
    await place(chip, READER_1);
    const one = await kiosk('readers', '--json');
    expect(one.json.readers).toEqual([
      { name: READER_0, card: 'empty', atr: null },
      { name: READER_1, card: 'present', atr: chip.atrHex },
    ]);
    await clearReaders();
  });

  it('kiosk card read --reader answers NO_CARD for an empty reader and NO_READER for a missing one', async () => {
    const { profile } = demoCards()[0];
    const noCard = await kiosk('card', 'read', '--reader', 'Virtual PCD 00 00', '--mrz', profile.mrz, '--json');
    expect(noCard.code).toBe(2);
    expect((noCard.json.error as Json).code).toBe('NO_CARD');
    const noReader = await kiosk('card', 'read', '--reader', 'OMNIKEY 5022', '--mrz', profile.mrz, '--json');
    expect(noReader.code).toBe(2);
    expect(noReader.json.error).toEqual({ code: 'NO_READER', message: 'no PC/SC reader matching "OMNIKEY 5022"' });
  });
});
