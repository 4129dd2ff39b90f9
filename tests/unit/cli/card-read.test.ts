// `kiosk card read` against the shipped demo cards: the stable JSON contract and its error codes.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main.ts';
import { DEMO_CITIZENS } from '../../../electron/card/fixtures/demo-citizens.ts';
import { repoRoot } from '../../helpers/shared.ts';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

const cardDir = (name: string) => join(repoRoot, 'resources', 'demo-cards', name);
const mrzOf = (name: string) => (JSON.parse(readFileSync(join(cardDir(name), 'card.json'), 'utf8')) as { mrz: string }).mrz;

describe('kiosk card read', () => {
  for (const demo of DEMO_CITIZENS) {
    it(`prints the contract for demo card ${demo.card}`, async () => {
      const { code, out } = await run(['card', 'read', '--emulator', cardDir(demo.card), '--mrz', mrzOf(demo.card), '--json']);
      expect(code).toBe(0);
      const r = JSON.parse(out);
      expect(Object.keys(r)).toEqual(['access', 'mrz', 'personal', 'portrait', 'dataGroups', 'authenticity', 'stats']);
      // Demo cards offer PACE (EF.CardAccess), signed by the demo test CSCA shipped in resources/csca/.
      expect(r.access).toEqual({ protocol: 'PACE-MRZ', attempts: 1 });
      expect(r.mrz.idNumber).toBe(demo.record.idNumber);
      expect(r.mrz.documentNumber).toBe(demo.record.idNumber.slice(3));
      expect(r.mrz.dateOfBirth).toBe(demo.record.dateOfBirth);
      expect(r.mrz.dateOfExpiry).toBe(demo.record.dateOfExpiry);
      expect(r.personal.fullName).toBe(demo.record.fullName);
      expect(r.personal.fullName).toBe(r.personal.fullName.normalize('NFC'));
      expect(r.personal.placeOfResidence).toBe(demo.record.placeOfResidence);
      expect(r.personal.spouseName).toBe(demo.record.spouseName);
      expect(r.personal.oldIdNumber).toBe(demo.record.oldIdNumber);
      expect(r.portrait).toMatchObject({ format: 'jpeg', width: 240, height: 320 });
      expect(r.portrait.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(r.dataGroups).toEqual(['COM', 'SOD', 'DG1', 'DG2', 'DG13', 'DG14', 'DG15']);
      expect(r.authenticity.passive).toMatchObject({ status: 'valid', problems: [] });
      expect(r.authenticity.passive.signer).toContain('CN=Document Signer Test Vietnam');
      expect(r.authenticity.active.status).toBe('valid');
      expect(r.authenticity.chip.status).toBe('valid');
      expect(Object.keys(r.stats)).toEqual(['apdus', 'bytesSent', 'bytesReceived', 'ms']);
    });
  }

  it('reads with the ID number, birth date and expiry instead of the MRZ', async () => {
    const d = DEMO_CITIZENS[1];
    const { code, out } = await run(['card', 'read', '--emulator', cardDir(d.card), '--id', d.record.idNumber, '--dob', '901102', '--doe', '301102', '--json']);
    expect(code).toBe(0);
    expect(JSON.parse(out).personal.fullName).toBe('Đặng Quốc Đức');
  });

  it('exits 2 with ACCESS_KEY_REJECTED for a wrong expiry date', async () => {
    const d = DEMO_CITIZENS[1];
    const { code, out } = await run(['card', 'read', '--emulator', cardDir(d.card), '--id', d.record.idNumber, '--dob', '901102', '--doe', '251102', '--json']);
    expect(code).toBe(2);
    expect(JSON.parse(out).error.code).toBe('ACCESS_KEY_REJECTED');
  });

  it('exits 2 with INVALID_INPUT for a malformed MRZ, a missing key or an unknown option', async () => {
    for (const args of [
      ['--emulator', cardDir('nguyen-van-an'), '--mrz', 'IDVNM<<<', '--json'],
      ['--emulator', cardDir('nguyen-van-an'), '--json'],
      ['--emulator', cardDir('nguyen-van-an'), '--mrz', mrzOf('nguyen-van-an'), '--bogus', '--json'],
      ['--emulator', join(repoRoot, 'resources'), '--mrz', mrzOf('nguyen-van-an'), '--json'],
    ]) {
      const { code, out } = await run(['card', 'read', ...args]);
      expect(code, args.join(' ')).toBe(2);
      const e = JSON.parse(out).error;
      expect(e.code).toBe('INVALID_INPUT');
      expect(e.message.length).toBeGreaterThan(0);
    }
  });

  it('runs as the installed `kiosk` command', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [join(repoRoot, 'bin', 'kiosk.mjs'), 'card', 'read', '--emulator', cardDir('nguyen-van-an'), '--mrz', mrzOf('nguyen-van-an'), '--json'], { cwd: repoRoot });
    expect(JSON.parse(stdout).personal.fullName).toBe('Nguyễn Văn An');
  });
});
