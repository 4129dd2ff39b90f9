// Staff sign-in with a PIN: the kiosk stores only an scrypt hash (salted, memory-hard, so a stolen config does
// not give the PIN away by enumeration cheaply), compares in constant time, and locks sign-in for a while
// after repeated failures. Nothing here is logged; the core writes audit events for attempts and lockouts.
import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** Interactive-login strength that stays under ~100 ms on the kiosk's 2 cores. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

/** `scrypt$N$r$p$salt$hash` (salt and hash base64). */
export function hashPin(pin: string, params: ScryptParams = DEFAULT_SCRYPT, salt: Uint8Array = randomBytes(16)): string {
  const key = scryptSync(pin.normalize('NFKC'), salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r });
  return `scrypt$${params.N}$${params.r}$${params.p}$${Buffer.from(salt).toString('base64')}$${key.toString('base64')}`;
}

export function verifyPin(pin: string, stored: string): boolean {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0) || N > 1 << 20) return false;
  const salt = Buffer.from(parts[4], 'base64');
  const expected = Buffer.from(parts[5], 'base64');
  if (salt.length < 8 || expected.length !== KEY_LENGTH) return false;
  const key = scryptSync(pin.normalize('NFKC'), salt, KEY_LENGTH, { N, r, p, maxmem: 256 * N * r });
  return timingSafeEqual(key, expected);
}

export interface LockoutPolicy {
  /** Failures in a row that lock sign-in. */
  maxFailures: number;
  lockMs: number;
}

export const DEFAULT_LOCKOUT: LockoutPolicy = { maxFailures: 5, lockMs: 5 * 60_000 };

export type SignInResult = { ok: true } | { ok: false; reason: 'wrong-pin' | 'locked'; lockedUntil: number | null; failures: number };

export class StaffAuth {
  private failures = 0;
  private lockedUntil: number | null = null;

  constructor(
    private readonly pinHash: string,
    private readonly lockout: LockoutPolicy = DEFAULT_LOCKOUT,
    private readonly now: () => number = Date.now,
  ) {}

  get locked(): number | null {
    if (this.lockedUntil !== null && this.now() >= this.lockedUntil) {
      this.lockedUntil = null;
      this.failures = 0;
    }
    return this.lockedUntil;
  }

  signIn(pin: string): SignInResult {
    const lockedUntil = this.locked;
    // While locked, the PIN is not even checked: a correct guess during the lock teaches nothing.
    if (lockedUntil !== null) return { ok: false, reason: 'locked', lockedUntil, failures: this.failures };
    if (verifyPin(pin, this.pinHash)) {
      this.failures = 0;
      return { ok: true };
    }
    this.failures++;
    if (this.failures >= this.lockout.maxFailures) {
      this.lockedUntil = this.now() + this.lockout.lockMs;
      return { ok: false, reason: 'locked', lockedUntil: this.lockedUntil, failures: this.failures };
    }
    return { ok: false, reason: 'wrong-pin', lockedUntil: null, failures: this.failures };
  }
}
