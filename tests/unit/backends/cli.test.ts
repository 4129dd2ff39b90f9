import { describe, it, expect } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { command as payload } from '../../../electron/cli/commands/backend-payload.ts';
import { command as nameMatch } from '../../../electron/cli/commands/name-match.ts';
import { command as outbox } from '../../../electron/cli/commands/outbox.ts';
import type { CliIo } from '../../../electron/cli/command.ts';
import { admissionBundleProblems } from '../../../electron/backends/hospital/validate-bundle.ts';
import { OutboxStore } from '../../../electron/backends/outbox/outbox-store.ts';
import { StaticKeyProvider } from '../../../electron/backends/outbox/key-provider.ts';
import { CITIZENS, demoCard } from './card-fixtures.ts';
import { KEY_ENV, OUTBOX_KEY_HEX, tempDir } from './harness.ts';

async function run(cmd: typeof payload, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') };
  const code = await cmd.run(args, io);
  return { code, out, err };
}

const dir = tempDir('kiosk-cli-');
const cardFile = join(dir, 'card.json');
writeFileSync(cardFile, JSON.stringify(demoCard(CITIZENS.ha)));

describe('kiosk backend payload', () => {
  it('prints the same validated hospital bundle for the same inputs', async () => {
    const args = ['hospital', '--card', cardFile, '--visit-type', 'xet-nghiem', '--at', '2026-11-23T02:00:00.000Z', '--json'];
    const a = await run(payload, args);
    const b = await run(payload, args);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    const bundle = JSON.parse(a.out) as Bundle;
    expect(admissionBundleProblems(bundle)).toEqual([]);
    expect(JSON.stringify(bundle)).toContain('"code":"xet-nghiem"');
    const other = await run(payload, [...args.slice(0, -3), '--at', '2026-11-23T02:00:01.000Z', '--json']);
    expect(other.out).not.toBe(a.out); // another visit, another request id
  });

  it('prints the airline assertion for a BCBP booking, with the kiosk-side name match', async () => {
    const r = await run(payload, ['airport', '--card', cardFile, '--booking', 'M1DANG/THITHUHA       EXYZ789 HANDADVJ 0501 060Y003A0001 100', '--at', '2026-03-01T00:00:00Z', '--face-score', '0.8', '--face-threshold', '0.6', '--json']);
    expect(r.code).toBe(0);
    const a = JSON.parse(r.out);
    expect(a.verification.face).toEqual({ result: 'match', score: 0.8, threshold: 0.6 });
    expect(a.verification.nameMatch.rule).toBe('exact');
  });

  it.each([
    [['hospital', '--card', join(dir, 'missing.json'), '--json'], 'INVALID_INPUT'],
    [['hospital', '--card', cardFile, '--visit-type', 'spa', '--json'], 'INVALID_INPUT'],
    [['airport', '--card', cardFile, '--json'], 'INVALID_INPUT'],
    [['airport', '--card', cardFile, '--booking', 'M1GARBAGE', '--json'], 'INVALID_BOOKING'],
    [['elsewhere', '--card', cardFile, '--json'], 'INVALID_INPUT'],
  ])('%j → exit 2 with {"error": {"code": "%s"}}', async (args, code) => {
    const r = await run(payload, args);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.code).toBe(code);
  });

  it('refuses a card whose ID number is not 12 digits', async () => {
    const card = demoCard(CITIZENS.an);
    card.personal!.idNumber = '12345';
    card.mrz.idNumber = '12345';
    const f = join(dir, 'bad.json');
    writeFileSync(f, JSON.stringify(card));
    const r = await run(payload, ['hospital', '--card', f, '--json']);
    expect(JSON.parse(r.out).error.code).toBe('INVALID_INPUT');
  });
});

describe('kiosk name-match', () => {
  it('prints the decision and the rule', async () => {
    const r = await run(nameMatch, ['--chip', 'Trương Nguyễn Hoàng Phương Thảo', '--booking', 'TRUONG/NGUYENHOANGPH', '--bcbp', '--json']);
    expect(JSON.parse(r.out)).toEqual({ match: true, needsStaff: false, rule: 'truncated' });
    const s = await run(nameMatch, ['--chip', 'Nguyễn Văn An', '--mrz', 'NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<', '--booking', 'TRAN/VAN AN MR', '--json']);
    expect(JSON.parse(s.out)).toEqual({ match: false, needsStaff: true, rule: 'surname-mismatch' });
    const e = await run(nameMatch, ['--chip', 'Nguyễn Văn An', '--json']);
    expect(e.code).toBe(2);
  });
});

describe('kiosk outbox', () => {
  it('prints counts and ages without personal data', async () => {
    const odir = join(dir, 'outbox');
    const store = await OutboxStore.open({ dir: odir, keyProvider: new StaticKeyProvider(new Uint8Array(Buffer.from(OUTBOX_KEY_HEX, 'hex'))), retentionMs: 3_600_000 });
    store.enqueue('hospital', { name: 'Đặng Thị Thu Hà', id: '079186004321' });
    const d = store.enqueue('airport', { name: 'x' });
    store.markDelivered(d.id);
    // The kiosk keeps running (lock held): the CLI still reads.
    const config = join(dir, 'kiosk.json');
    writeFileSync(config, JSON.stringify({ kioskId: 'k', locationId: 'l', outbox: { dir: odir, key: { kind: 'env', name: 'KIOSK_OUTBOX_KEY' } } }));
    process.env.KIOSK_OUTBOX_KEY = KEY_ENV.KIOSK_OUTBOX_KEY;
    try {
      const r = await run(outbox, ['--config', config, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ pending: { count: 1, maxAttempts: 0 }, failed: { count: 0 }, delivered: { count: 1 } });
      expect(r.out).not.toMatch(/079186004321|Đặng/);
      const human = await run(outbox, ['--config', config]);
      expect(human.out).toMatch(/^pending {4}1/m);
      const audited = await run(outbox, ['--config', config, '--verify-audit', '--json']);
      expect(JSON.parse(audited.out).audit).toEqual({ ok: false, error: expect.stringMatching(/not readable/) });
    } finally {
      delete process.env.KIOSK_OUTBOX_KEY;
      store.close();
    }
    const noKey = await run(outbox, ['--config', config, '--json']);
    expect(JSON.parse(noKey.out).error.code).toBe('CONFIG');
  });
});
