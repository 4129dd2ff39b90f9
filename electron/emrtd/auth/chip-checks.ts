// Active and Chip Authentication at the end of a read, while the secure-messaging session is still open
// (9303-11 §6.1, §6.2; §7 orders them after access control): AA when DG15 was read, then CA when DG14 offers
// it — CA last, because it replaces the session. Both verdicts are results, not errors: a clone reads fine
// and fails here. A card taken away still throws, so the read can be resumed.
import type { ApduSender } from '../channel.ts';
import { EmrtdError } from '../errors.ts';
import { parseDg14, type SecurityInfo } from '../lds/dg14.ts';
import { parseDg15 } from '../lds/dg15.ts';
import type { LdsFileName } from '../lds/files.ts';
import type { SecureSender } from '../sm/secure-sender.ts';
import { performActiveAuthentication, type ActiveAuthResult } from './active.ts';
import { performChipAuthentication, type ChipAuthResult } from './chip.ts';

export interface ChipChecks {
  active: ActiveAuthResult;
  chip: Omit<ChipAuthResult, 'sender'>;
}

export interface ChipCheckOptions {
  /** Run Active Authentication when DG15 was read (default true). */
  active?: boolean;
  /** Run Chip Authentication when DG14 offers it (default true). */
  chip?: boolean;
  rng?: (n: number) => Uint8Array;
}

const EF_COM_SFI = 0x1e;

function asProblem(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function sessionBroken(e: unknown): boolean {
  return e instanceof EmrtdError && (e.code === 'SM_MAC_INVALID' || e.code === 'SM_MALFORMED');
}

/** Returns the verdicts and the session to end (the CA one when CA succeeded). */
export async function runChipChecks(
  plain: ApduSender,
  sender: SecureSender,
  files: ReadonlyMap<LdsFileName, Uint8Array>,
  opts: ChipCheckOptions = {},
): Promise<{ checks: ChipChecks; sender: SecureSender }> {
  const checks: ChipChecks = { active: { status: 'not-supported', algorithm: null }, chip: { status: 'not-supported', algorithm: null } };
  let infos: SecurityInfo[] | null = null;
  const dg14 = files.get('DG14');
  if (dg14) {
    try {
      infos = parseDg14(dg14);
    } catch (e) {
      checks.chip = { status: 'invalid', algorithm: null, problem: `DG14: ${asProblem(e)}` };
    }
  }

  const dg15 = files.get('DG15');
  if (dg15 && opts.active === false) checks.active = { status: 'not-checked', algorithm: null };
  else if (dg15) {
    try {
      checks.active = await performActiveAuthentication(sender, parseDg15(dg15).spki, infos, opts.rng);
    } catch (e) {
      if (e instanceof EmrtdError && e.code === 'CARD_REMOVED') throw e;
      const status = e instanceof EmrtdError && e.code === 'UNSUPPORTED' ? 'not-supported' : 'invalid';
      checks.active = { status, algorithm: null, problem: asProblem(e) };
      if (sessionBroken(e)) {
        if (infos) checks.chip = { status: 'not-checked', algorithm: null, problem: 'session ended during Active Authentication' };
        return { checks, sender };
      }
    }
  }

  if (infos && opts.chip === false) checks.chip = { status: 'not-checked', algorithm: null };
  else if (infos) {
    try {
      const r = await performChipAuthentication(plain, sender, infos, { proof: { sfi: EF_COM_SFI, expected: files.get('COM') } });
      const { sender: next, ...verdict } = r;
      checks.chip = verdict;
      if (next) return { checks, sender: next };
    } catch (e) {
      if (e instanceof EmrtdError && e.code === 'CARD_REMOVED') throw e;
      const status = e instanceof EmrtdError && e.code === 'UNSUPPORTED' ? 'not-supported' : 'invalid';
      checks.chip = { status, algorithm: null, problem: asProblem(e) };
    }
  }
  return { checks, sender };
}
