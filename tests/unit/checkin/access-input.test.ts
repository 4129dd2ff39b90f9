import { describe, it, expect } from 'vitest';
import { accessKeysFromInput, printedDateToMrz } from '../../../electron/checkin/access-input.ts';
import { accessKeyFromMrz } from '../../../electron/emrtd/access/access-key.ts';
import { hashPin, verifyPin, StaffAuth } from '../../../electron/checkin/staff-auth.ts';

// The demo card's MRZ (resources/demo-cards/nguyen-van-an/card.json): the keypad entry must give the same key.
const AN_MRZ = 'IDVNM0580123456001058012345<<7\n5803158M9912315VNM<<<<<<<<<<<6\nNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<';

describe('keypad access key', () => {
  it('ID number + dates as printed give the MRZ key of the card', () => {
    const [k] = accessKeysFromInput({ kind: 'keypad', idNumber: '001058012345', dateOfBirth: '15/03/1958', dateOfExpiry: 'none' });
    expect(k).toEqual(accessKeyFromMrz(AN_MRZ));
  });

  it('printed dates: day/month/year with or without separators, calendar-checked', () => {
    expect(printedDateToMrz('15031958')).toBe('580315');
    expect(printedDateToMrz('02.11.2030')).toBe('301102');
    expect(printedDateToMrz('29022024')).toBe('240229');
    expect(printedDateToMrz('29022023')).toBeNull();
    expect(printedDateToMrz('31041990')).toBeNull();
    expect(printedDateToMrz('1958-03-15')).toBeNull();
  });

  it('slips are ACCESS_KEY_INVALID', () => {
    for (const bad of [
      { idNumber: '00105801234', dateOfBirth: '15031958', dateOfExpiry: 'none' },
      { idNumber: '001058012345', dateOfBirth: '150319', dateOfExpiry: 'none' },
      { idNumber: '001058012345', dateOfBirth: '15031958', dateOfExpiry: '31132030' },
    ]) {
      expect(() => accessKeysFromInput({ kind: 'keypad', ...bad })).toThrow(expect.objectContaining({ code: 'ACCESS_KEY_INVALID' }));
    }
    expect(() => accessKeysFromInput({ kind: 'qr', payload: 'hello' })).toThrow(expect.objectContaining({ code: 'ACCESS_KEY_INVALID' }));
  });

  it('a QR payload gives the candidate keys, one of which opens the card', () => {
    const keys = accessKeysFromInput({ kind: 'qr', payload: '001058012345|011234567|Nguyễn Văn An|15031958|Nam|Hà Nội|10042021' }, new Date('2026-11-23'));
    expect(keys).toContainEqual(accessKeyFromMrz(AN_MRZ));
  });
});

describe('staff PIN', () => {
  const fast = { N: 1 << 10, r: 8, p: 1 };
  it('verifies the PIN it hashed and nothing else; salts differ', () => {
    const h = hashPin('246810', fast);
    expect(verifyPin('246810', h)).toBe(true);
    expect(verifyPin('246811', h)).toBe(false);
    expect(hashPin('246810', fast)).not.toBe(h);
    expect(h).not.toContain('246810');
  });
  it('refuses malformed stored hashes rather than throwing', () => {
    for (const s of ['', 'scrypt$', 'bcrypt$1$2$3$4$5', 'scrypt$x$8$1$AAAA$BBBB', 'scrypt$1024$8$1$AAAAAAAAAAA=$AAAA']) expect(verifyPin('1234', s)).toBe(false);
  });
  it('locks after the configured failures and unlocks after the lock time', () => {
    let t = 0;
    const auth = new StaffAuth(hashPin('2468', fast), { maxFailures: 2, lockMs: 1000 }, () => t);
    expect(auth.signIn('1111')).toMatchObject({ ok: false, reason: 'wrong-pin' });
    expect(auth.signIn('1111')).toMatchObject({ ok: false, reason: 'locked', lockedUntil: 1000 });
    expect(auth.signIn('2468')).toMatchObject({ ok: false, reason: 'locked' });
    t = 1000;
    expect(auth.signIn('2468')).toEqual({ ok: true });
  });
});
