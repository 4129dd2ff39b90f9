// The privacy scan on planted files: every kind of personal data and image it looks for is found (file, offset,
// kind), in the encodings a log, an outbox or Chromium's app data would hold it; clean files and pseudonyms
// pass; and the report never repeats the personal value itself.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_CITIZENS } from '../../../electron/card/fixtures/demo-citizens.ts';
import { pseudonymizeId } from '../../../electron/audit/personal-data.ts';
import { scanPaths, type FindingKind } from '../../../scripts/privacy-scan.ts';
import { repoRoot } from '../../helpers/shared.ts';

const root = mkdtempSync(join(tmpdir(), 'privacy-scan-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const an = DEMO_CITIZENS[0].record; // Nguyễn Văn An, 001058012345, 1958-03-15, old ID 011234567
const duc = DEMO_CITIZENS[1].record; // Đặng Quốc Đức

function plant(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(root, 'case-'));
  writeFileSync(join(dir, name), content);
  return dir;
}

function kindsIn(dir: string): FindingKind[] {
  return scanPaths([dir]).findings.map((f) => f.kind);
}

const padded = (s: string): string => `${'x'.repeat(37)} ${s} ${'y'.repeat(11)}\n`;

describe('privacy scan', () => {
  it.each<[string, string | Uint8Array, FindingKind]>([
    ['ID number in a log line', padded(`visit ok cccd=${an.idNumber}`), 'id-number'],
    ['ID number inside an MRZ', padded('IDVNM0580123456001058012345<<7'), 'id-number'],
    ['old ID number', padded(`cmnd ${an.oldIdNumber}`), 'old-id-number'],
    ['name with diacritics (NFC)', padded(`patient ${an.fullName}`), 'name'],
    ['name with diacritics (NFD)', padded(`patient ${duc.fullName.normalize('NFD')}`), 'name'],
    ['name upper-case with diacritics', padded(duc.fullName.toUpperCase()), 'name'],
    ['name without diacritics', padded('Dang Quoc Duc'), 'name-ascii'],
    ['name as the airline writes it', padded('NGUYEN/VAN AN'), 'name-ascii'],
    ['name as the MRZ writes it', padded('NGUYEN<<VAN<AN<<<<'), 'name-ascii'],
    ['a parent named on DG13', padded(an.motherName), 'relative-name'],
    ['DOB ISO', padded('born 1958-03-15'), 'date-of-birth'],
    ['DOB dd/mm/yyyy', padded('born 15/03/1958'), 'date-of-birth'],
    ['DOB ddmmyyyy (QR)', padded('|15031958|Nam|'), 'date-of-birth'],
    ['DOB dd.mm.yyyy', padded('02.11.1990'), 'date-of-birth'],
    ['DOB YYMMDD standing alone', padded('dob=901102,'), 'date-of-birth'],
    ['ID number in UTF-16 (Chromium storage)', Buffer.from(padded(duc.idNumber), 'utf16le'), 'id-number'],
    ['name in UTF-16', Buffer.from(padded(an.fullName), 'utf16le'), 'name'],
    ['JPEG bytes', Uint8Array.of(1, 2, 3, 0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46), 'jpeg'],
    ['JPEG 2000 file', Uint8Array.of(9, 0, 0, 0, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a, 0, 0), 'jpeg2000'],
    ['JPEG 2000 codestream', Uint8Array.of(7, 7, 0xff, 0x4f, 0xff, 0x51, 0, 0x2f), 'jpeg2000'],
    ['PNG bytes', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13), 'png'],
    ['a base64 JPEG data URL in a log', padded('img=data:image/jpeg;base64,/9j/4AAQSkZJRgABAQ'), 'image-base64'],
  ])('finds %s', (name, content, kind) => {
    const dir = plant('planted.bin', content);
    expect(kindsIn(dir)).toContain(kind);
  });

  it('reports the byte offset of what it found', () => {
    const text = `0123456789 ${an.idNumber}`;
    const r = scanPaths([plant('a.log', text)]);
    expect(r.findings).toEqual([{ file: expect.stringMatching(/a\.log$/), offset: 11, kind: 'id-number' }]);
  });

  it('passes clean files: pseudonyms, other numbers, YYMMDD inside a longer number, the chip portrait hash', () => {
    const clean = [
      `{"type":"visit.completed","idHash":"${pseudonymizeId(an.idNumber, new Uint8Array(32).fill(1))}"}`,
      'queue A-012 room 3 at 2026-11-23T08:00:00Z, 5803159 and 1580315 and 001058012346',
      `portrait sha256 ${'ab'.repeat(32)}, staff Trần Văn Minh`,
    ].join('\n');
    expect(scanPaths([plant('clean.log', clean)]).findings).toEqual([]);
  });

  it('walks nested folders, finds data split across read chunks, and skips missing paths', () => {
    const dir = mkdtempSync(join(root, 'nested-'));
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    const big = Buffer.alloc(8 * 1024 * 1024 + 100, 0x20);
    Buffer.from(an.idNumber).copy(big, 8 * 1024 * 1024 - 5); // straddles the first 8 MiB chunk boundary
    writeFileSync(join(dir, 'a', 'b', 'big.bin'), big);
    const r = scanPaths([dir, join(root, 'does-not-exist')]);
    expect(r.findings).toEqual([{ file: join(dir, 'a', 'b', 'big.bin'), offset: 8 * 1024 * 1024 - 5, kind: 'id-number' }]);
    expect(r.missing).toEqual([join(root, 'does-not-exist')]);
  });

  it('the command exits 1 with file, offset and kind — and never prints the value', () => {
    const dir = plant('leak.log', `${an.fullName} ${an.idNumber} 1958-03-15\n`);
    let out = '';
    let code = 0;
    try {
      execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'privacy-scan.ts'), dir], { encoding: 'utf8', cwd: repoRoot });
    } catch (e) {
      const err = e as { status: number; stdout: string };
      code = err.status;
      out = err.stdout;
    }
    expect(code).toBe(1);
    expect(out).toMatch(/leak\.log:0 {2}name/);
    expect(out).toMatch(/leak\.log:\d+ {2}id-number/);
    expect(out).toMatch(/3 finding\(s\)|finding\(s\)/);
    for (const secret of [an.idNumber, an.fullName, 'NGUYEN', '1958', 'Nguy']) expect(out).not.toContain(secret);
    expect(readFileSync(join(dir, 'leak.log'), 'utf8')).toContain(an.idNumber); // the scan only reads
  });

  it('the command exits 0 on a clean folder', () => {
    const dir = plant('clean.log', 'nothing personal here\n');
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts', 'privacy-scan.ts'), dir], { encoding: 'utf8', cwd: repoRoot });
    expect(out).toMatch(/1 files, 0 finding\(s\)/);
  });
});
