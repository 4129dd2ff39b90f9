// A hostile chip cannot hang or crash a read: whatever the card does (wrong lengths, truncated answers,
// endless 61xx, bad MACs, a megabyte DG2, slow or no answers), readDocument and `kiosk card read --emulator`
// end with a typed error, within the read's byte budget (maxFileBytes) and time budget (timeBudgetMs).
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { EmulatedChip, type EmulatorOptions } from '../../../electron/card/emulator/chip.ts';
import { loadCardDirectory, type CardProfile } from '../../../electron/card/emulator/card-profile.ts';
import { HostileChannel, hugeDg2Profile, type HostileBehaviour } from '../../../electron/card/emulator/hostile-chip.ts';
import { PcscChannel } from '../../../electron/card/pcsc/pcsc-channel.ts';
import type { NfcReader } from '../../../electron/card/pcsc/nfc-library.ts';
import { accessKeyFromMrz } from '../../../electron/emrtd/access/access-key.ts';
import { EmrtdError } from '../../../electron/emrtd/errors.ts';
import { readDocument, type ReadDocumentOptions } from '../../../electron/emrtd/read/read-document.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../../../electron/emrtd/read/file-reader.ts';
import { main } from '../../../electron/cli/main.ts';
import { repoRoot } from '../../helpers/shared.ts';

const demoDir = join(repoRoot, 'resources', 'demo-cards', 'nguyen-van-an');
const profile = loadCardDirectory(demoDir);
const keys = [accessKeyFromMrz(profile.mrz)];
// BAC only keeps the cases fast; PACE has its own hostile-answer properties (tests/unit/emrtd/access).
const BAC: EmulatorOptions = { rejectPace: true };
/** APDUs a clean BAC session takes before the first data group read (SELECT, CardAccess, challenge, auth). */
const AFTER_ACCESS = 6;

async function readOutcome(channel: HostileChannel, opts: Partial<ReadDocumentOptions> = {}): Promise<EmrtdError | 'read'> {
  try {
    await readDocument(channel, { keys, timeBudgetMs: 5_000, ...opts });
    return 'read';
  } catch (e) {
    if (e instanceof EmrtdError) return e;
    throw e;
  } finally {
    channel.close();
  }
}

function hostile(behaviour: HostileBehaviour, from = 0, p: CardProfile = profile, emu: EmulatorOptions = BAC): HostileChannel {
  return new HostileChannel(new EmulatedChip(p, emu), behaviour, { from });
}

describe('readDocument against a hostile chip', () => {
  it('reads the genuine card through a pass-through wrapper (the baseline)', async () => {
    expect(await readOutcome(hostile({ kind: 'truncate', keep: 1 << 20 }))).toBe('read');
  });

  it.each([0, 1, 2, 3])('answers cut to %i bytes: APDU_MALFORMED or a status-word error, never a crash', async (keep) => {
    for (const from of [0, 2, AFTER_ACCESS]) {
      const r = await readOutcome(hostile({ kind: 'truncate', keep }, from));
      expect(r, `keep ${keep} from ${from}`).toBeInstanceOf(EmrtdError);
      if (keep < 2) expect((r as EmrtdError).code).toBe('APDU_MALFORMED');
    }
  });

  it.each<HostileBehaviour>([
    { kind: 'short-data', drop: 1 },
    { kind: 'short-data', drop: 9 },
    { kind: 'long-data', extra: 1 },
    { kind: 'long-data', extra: 300 },
    { kind: 'bad-mac' },
  ])('%o after access control: the secure-messaging session refuses it', async (b) => {
    const r = await readOutcome(hostile(b, AFTER_ACCESS));
    expect(r).toBeInstanceOf(EmrtdError);
    // The reader re-opens a lost session once; the hostile chip then spoils access control too (ACCESS_DENIED).
    expect(['SM_MAC_INVALID', 'SM_MALFORMED', 'APDU_MALFORMED', 'ACCESS_DENIED']).toContain((r as EmrtdError).code);
  });

  it('wrong lengths during access control: the key is refused or the answer malformed, not accepted', async () => {
    for (const b of [{ kind: 'short-data', drop: 3 }, { kind: 'long-data', extra: 8 }] as const) {
      for (const from of [0, 1, 2, 3]) {
        const r = await readOutcome(hostile(b, from));
        expect(r, `${b.kind} from ${from}`).toBeInstanceOf(EmrtdError);
      }
    }
  });

  it('endless 61xx: a status-word error, after a bounded number of APDUs', async () => {
    for (const from of [0, AFTER_ACCESS]) {
      const chan = hostile({ kind: 'endless-61xx' }, from);
      const r = await readOutcome(chan);
      expect(r).toBeInstanceOf(EmrtdError);
      expect(chan.apdus).toBeLessThan(from + 20);
    }
  });

  it('a chip that stops answering ends the read with READ_BUDGET_EXCEEDED, in access control or later', async () => {
    for (const from of [0, 3, AFTER_ACCESS + 1]) {
      const r = await readOutcome(hostile({ kind: 'silent' }, from), { timeBudgetMs: 150 });
      expect((r as EmrtdError).code, `silent from ${from}`).toBe('READ_BUDGET_EXCEEDED');
    }
  });

  it('a slow chip is held to the time budget', async () => {
    const chan = hostile({ kind: 'slow', ms: 40 });
    const r = await readOutcome(chan, { timeBudgetMs: 300 });
    expect((r as EmrtdError).code).toBe('READ_BUDGET_EXCEEDED');
    // At 40 ms an answer, a 300 ms budget leaves room for a handful of APDUs, not the whole card.
    expect(chan.apdus).toBeLessThan(12);
  });

  it('a 1 MB DG2 is refused from its header: only the first chunk crosses the link', async () => {
    const chan = hostile({ kind: 'truncate', keep: 1 << 21 }, 0, hugeDg2Profile(profile));
    const r = await readOutcome(chan);
    expect((r as EmrtdError).code).toBe('READ_BUDGET_EXCEEDED');
    expect(r.toString()).toMatch(/DG2/);
    expect(chan.bytesAnswered).toBeLessThan(DEFAULT_MAX_FILE_BYTES);
  });

  it('a 1 MB DG2 under a raised byte budget still stops at the time budget', async () => {
    // Short APDUs only: the megabyte would take ~4 000 READ BINARYs; the link model makes each one cost time.
    const chan = hostile({ kind: 'slow', ms: 5 }, AFTER_ACCESS, hugeDg2Profile(profile), { ...BAC, extendedLength: false });
    const r = await readOutcome(chan, { maxFileBytes: 2 * 1024 * 1024, timeBudgetMs: 400 });
    expect((r as EmrtdError).code).toBe('READ_BUDGET_EXCEEDED');
    expect(chan.bytesAnswered).toBeLessThan(1024 * 1024);
  });
});

describe('PC/SC channel against a card answering 61xx forever', () => {
  it('gives up with APDU_MALFORMED instead of sending GET RESPONSE for ever', async () => {
    let sent = 0;
    const reader = Object.assign(new EventEmitter(), {
      name: 'hostile reader',
      transmit: async (): Promise<Buffer> => {
        sent++;
        return Buffer.from([0x61, 0x10]);
      },
    }) as unknown as NfcReader;
    const chan = new PcscChannel(reader, Uint8Array.of(0x3b, 0x80), 1);
    const err = await chan.transmit(Uint8Array.of(0x00, 0xb0, 0x00, 0x00, 0x10)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EmrtdError);
    expect((err as EmrtdError).code).toBe('APDU_MALFORMED');
    expect(sent).toBeLessThan(1100);
  });
});

describe('kiosk card read --emulator on hostile card directories', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  function hostileCard(files: Record<string, Uint8Array>): string {
    const dir = mkdtempSync(join(tmpdir(), 'hostile-card-'));
    dirs.push(dir);
    cpSync(demoDir, dir, { recursive: true });
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, `${name}.bin`), bytes);
    return dir;
  }

  async function cli(dir: string): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await main(['card', 'read', '--emulator', dir, '--mrz', profile.mrz, '--json'], { out: (t) => (out += t), err: (t) => (out += t) });
    return { code, out };
  }

  it.each([
    ['a 1 MB DG2', { DG2: hugeDg2Profile(profile).files.get('DG2')! }, /READ_BUDGET_EXCEEDED/],
    ['a DG1 that is not TLV', { DG1: Uint8Array.of(0x61, 0x82, 0xff) }, /CHIP_ERROR/],
    ['an EF.COM cut short', { COM: Uint8Array.of(0x60, 0x16, 0x5f) }, /CHIP_ERROR/],
    ['a DG13 of zeros', { DG13: new Uint8Array(64) }, /CHIP_ERROR|"personal": null/],
  ])('%s: exit 2 with a typed error, or a read that flags the data', async (_what, files, expected) => {
    const r = await cli(hostileCard(files));
    expect(r.out).toMatch(expected);
    if (r.code !== 0) {
      expect(r.code).toBe(2);
      expect(JSON.parse(r.out).error.code).toMatch(/^[A-Z_]+$/);
    }
  });
});
