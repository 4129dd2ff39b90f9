// `kiosk audit verify` through the CLI entry: an intact HMAC chain passes; a removed, edited, inserted or
// reordered line, a cut tail (with --head) and a wrong key are reported with the line and exit 2; whatever
// bytes a line holds, verification reports a problem and never throws.
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, verifyAuditLog } from '../../../electron/audit/audit-log.ts';
import { main } from '../../../electron/cli/main.ts';

const KEY_HEX = '5a'.repeat(32);
const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
const configFile = join(dir, 'kiosk.json');
const logFile = join(dir, 'audit.jsonl');
let pristine = '';
let head = '';

beforeAll(async () => {
  writeFileSync(
    configFile,
    JSON.stringify({
      kioskId: 'kiosk-test-01',
      locationId: 'sanh-a',
      outbox: { dir: join(dir, 'outbox'), key: { kind: 'env', name: 'KIOSK_OUTBOX_KEY' } },
      audit: { file: logFile, key: { kind: 'env', name: 'KIOSK_AUDIT_KEY' } },
    }),
  );
  const log = await AuditLog.open(logFile, { key: Buffer.from(KEY_HEX, 'hex'), now: () => new Date('2026-11-23T01:00:00Z') });
  for (let i = 0; i < 6; i++) await log.append(i % 2 ? 'visit.completed' : 'outbox.delivered', { record: `r${i}`, attempts: i });
  head = `${log.lastHead.seq}:${log.lastHead.hash}`;
  await log.close();
  pristine = readFileSync(logFile, 'utf8');
  process.env.KIOSK_AUDIT_KEY = KEY_HEX;
  process.env.KIOSK_OUTBOX_KEY = '7f'.repeat(32);
});

afterAll(() => {
  delete process.env.KIOSK_AUDIT_KEY;
  delete process.env.KIOSK_OUTBOX_KEY;
  rmSync(dir, { recursive: true, force: true });
});

async function kiosk(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

function withLines(edit: (lines: string[]) => string[]): string {
  const lines = pristine.split('\n').filter(Boolean);
  const file = join(dir, `copy-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, edit(lines).join('\n') + '\n');
  return file;
}

describe('kiosk audit verify', () => {
  it('an intact log: exit 0, keyed chain, all entries', async () => {
    const r = await kiosk('audit', 'verify', '--config', configFile, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ ok: true, keyed: true, entries: 6, problems: [], file: logFile });
    const human = await kiosk('audit', 'verify', '--config', configFile, '--head', head);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/intact: 6 entries, HMAC/);
  });

  it.each([
    ['a removed line', (l: string[]) => l.filter((_, i) => i !== 2), { line: 3, reason: 'chain-broken' }],
    ['an edited line', (l: string[]) => l.map((x, i) => (i === 3 ? x.replace('"attempts":3', '"attempts":0') : x)), { line: 4, reason: 'hash-mismatch' }],
    ['two lines swapped', (l: string[]) => [l[0], l[2], l[1], ...l.slice(3)], { line: 2, reason: 'chain-broken' }],
    ['a line made unreadable', (l: string[]) => l.map((x, i) => (i === 1 ? x.slice(0, 20) : x)), { line: 2, reason: 'unparseable' }],
    ['a line replaced by JSON null', (l: string[]) => l.map((x, i) => (i === 4 ? 'null' : x)), { line: 5, reason: 'unparseable' }],
  ])('%s is detected through the CLI (exit 2, the line named)', async (_what, edit, problem) => {
    const file = withLines(edit);
    const r = await kiosk('audit', 'verify', '--config', configFile, '--file', file, '--json');
    expect(r.code).toBe(2);
    const report = JSON.parse(r.out);
    expect(report.ok).toBe(false);
    expect(report.problems).toContainEqual(problem);
    const human = await kiosk('audit', 'verify', '--config', configFile, '--file', file);
    expect(human.out).toMatch(new RegExp(`BROKEN[\\s\\S]*line ${problem.line}: ${problem.reason}`));
  });

  it('a log cut at its end passes alone, and fails against the head kept elsewhere', async () => {
    const file = withLines((l) => l.slice(0, -1));
    expect((await kiosk('audit', 'verify', '--config', configFile, '--file', file)).code).toBe(0);
    const r = await kiosk('audit', 'verify', '--config', configFile, '--file', file, '--head', head, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).problems).toContainEqual({ line: 5, reason: 'head-mismatch' });
  });

  it('a chain re-computed without the key (a forger) fails the keyed check', async () => {
    const file = join(dir, 'forged.jsonl');
    const forged = await AuditLog.open(file);
    await forged.append('outbox.delivered', { record: 'r0', attempts: 0 });
    await forged.close();
    const keyed = await kiosk('audit', 'verify', '--config', configFile, '--file', file, '--json');
    expect(keyed.code).toBe(2);
    expect(JSON.parse(keyed.out).problems).toContainEqual({ line: 1, reason: 'hash-mismatch' });
    // Without any configuration, --file alone checks a plain SHA-256 chain.
    const saved = process.env.KIOSK_CONFIG;
    delete process.env.KIOSK_CONFIG;
    expect((await kiosk('audit', 'verify', '--file', file)).code).toBe(0);
    if (saved !== undefined) process.env.KIOSK_CONFIG = saved;
  });

  it('usage and missing files are typed errors', async () => {
    for (const args of [['--bogus'], ['--file', join(dir, 'nope.jsonl')], ['--config', configFile, '--head', '12']]) {
      const r = await kiosk('audit', 'verify', ...args, '--json');
      expect(r.code).toBe(2);
      expect(JSON.parse(r.out).error.code).toBe('INVALID_INPUT');
    }
  });

  it('whatever replaces a line, verifyAuditLog reports it and never throws (property)', () => {
    const file = join(dir, 'fuzzed.jsonl');
    const junk = fc.oneof(fc.string({ maxLength: 60 }), fc.json({ maxDepth: 2 }), fc.constantFrom('null', '5', '[]', '{}', '"x"', '{"seq":1}'));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5 }), junk, (i, text) => {
        const lines = pristine.split('\n').filter(Boolean);
        if (text.includes('\n') || text === lines[i] || text.length === 0) return;
        lines[i] = text;
        writeFileSync(file, lines.join('\n') + '\n');
        const v = verifyAuditLog(file, { key: Buffer.from(KEY_HEX, 'hex') });
        expect(v.ok).toBe(false);
        expect(v.problems.some((p) => p.line === i + 1)).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});
