import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { pinHashFromInput } from '../../../electron/cli/commands/staff-pin-hash.ts';
import { StaffAuth, verifyPin } from '../../../electron/checkin/staff-auth.ts';

describe('kiosk staff pin-hash', () => {
  it('hashes a PIN that the kiosk then accepts, and only that PIN', () => {
    const hash = pinHashFromInput('482913\n');
    expect(hash).not.toBeNull();
    expect(hash).not.toContain('482913');
    expect(verifyPin('482913', hash!)).toBe(true);
    expect(verifyPin('482914', hash!)).toBe(false);
    expect(new StaffAuth(hash!).signIn('482913').ok).toBe(true);
  });

  it('refuses input that is not 4–12 digits', () => {
    for (const bad of ['', '123', '12a4', '1234567890123', '12 34']) expect(pinHashFromInput(bad)).toBeNull();
  });

  it('reads the PIN from standard input and prints only the hash', () => {
    const out = execFileSync(process.execPath, ['bin/kiosk.mjs', 'staff', 'pin-hash'], { input: '2468\n', encoding: 'utf8' });
    expect(out).not.toContain('2468\n');
    expect(verifyPin('2468', out.trim())).toBe(true);
    const bad = spawnSync(process.execPath, ['bin/kiosk.mjs', 'staff', 'pin-hash', '2468'], { input: '', encoding: 'utf8' });
    expect(bad.status).toBe(64);
  }, 60_000);
});
