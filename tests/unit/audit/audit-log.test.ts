import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuditLog, verifyAuditLog, MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { pseudonymizeId } from '../../../electron/audit/personal-data.ts';

const key = new Uint8Array(32).fill(7);

async function writeLog(n: number): Promise<{ path: string; head: { seq: number; hash: string } }> {
  const path = join(mkdtempSync(join(tmpdir(), 'audit-')), 'audit.jsonl');
  const log = await AuditLog.open(path, { key });
  for (let i = 0; i < n; i++) await log.append('outbox.delivered', { record: `r${i}`, attempts: i });
  const head = log.lastHead;
  await log.close();
  return { path, head };
}

function lines(path: string): string[] {
  return readFileSync(path, 'utf8').split('\n').filter(Boolean);
}

describe('audit log hash chain', () => {
  it('verifies an untouched log, also after reopening and appending', async () => {
    const { path } = await writeLog(5);
    const log = await AuditLog.open(path, { key });
    await log.append('outbox.purged', { count: 2 });
    await log.close();
    const v = verifyAuditLog(path, { key });
    expect(v).toEqual({ ok: true, entries: 6, problems: [] });
  });

  it('detects an edited line', async () => {
    const { path } = await writeLog(5);
    const l = lines(path);
    l[2] = l[2].replace('"attempts":2', '"attempts":0');
    writeFileSync(path, l.join('\n') + '\n');
    const v = verifyAuditLog(path, { key });
    expect(v.ok).toBe(false);
    expect(v.problems).toContainEqual({ line: 3, reason: 'hash-mismatch' });
  });

  it('detects a removed line in the middle', async () => {
    const { path } = await writeLog(5);
    const l = lines(path);
    l.splice(1, 1);
    writeFileSync(path, l.join('\n') + '\n');
    const v = verifyAuditLog(path, { key });
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([
      { line: 2, reason: 'chain-broken' },
      { line: 2, reason: 'sequence-gap' },
    ]);
  });

  it('detects a removed first line and a truncated tail given the last known head', async () => {
    const { path, head } = await writeLog(4);
    const l = lines(path);
    writeFileSync(path, l.slice(1).join('\n') + '\n');
    expect(verifyAuditLog(path, { key }).ok).toBe(false);
    writeFileSync(path, l.slice(0, 3).join('\n') + '\n');
    expect(verifyAuditLog(path, { key }).ok).toBe(true); // a shorter chain alone is self-consistent
    expect(verifyAuditLog(path, { key, expectHead: head }).problems).toEqual([{ line: 3, reason: 'head-mismatch' }]);
  });

  it('a forger without the key cannot re-chain: verify with the wrong key fails', async () => {
    const { path } = await writeLog(2);
    expect(verifyAuditLog(path, { key: new Uint8Array(32) }).ok).toBe(false);
  });

  it('cuts a line torn by a crash and audits the cut', async () => {
    const { path } = await writeLog(3);
    appendFileSync(path, '{"seq":4,"ts":"2026-');
    const log = await AuditLog.open(path, { key });
    await log.close();
    const l = lines(path);
    expect(JSON.parse(l[3]).type).toBe('audit.torn-tail-cut');
    expect(verifyAuditLog(path, { key }).ok).toBe(true);
  });

  it('keeps going after garbage written over the tail (power loss), and verify still shows it', async () => {
    const { path } = await writeLog(3);
    appendFileSync(path, '\u0000\u0000garbage\n');
    const log = await AuditLog.open(path, { key });
    await log.append('outbox.enqueued', { record: 'r9' });
    await log.close();
    const v = verifyAuditLog(path, { key });
    expect(v.problems).toEqual([{ line: 4, reason: 'unparseable' }]);
    expect(lines(path).slice(4).map((l) => JSON.parse(l).type)).toEqual(['audit.unreadable-tail', 'outbox.enqueued']);
  });

  it('refuses a value that looks like an ID number, accepts its pseudonym', async () => {
    const sink = new MemoryAuditSink();
    await expect(sink.append('visit', { citizen: '001099012345' })).rejects.toThrow(/ID number/);
    const p = pseudonymizeId('001099012345', key);
    expect(p).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(p).not.toBe(pseudonymizeId('001099012346', key));
    await sink.append('visit', { citizen: p });
    expect(sink.events).toHaveLength(1);
  });
});
