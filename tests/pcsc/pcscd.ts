// Debian's pcscd with the vsmartcard vpcd driver, started and stopped by the tests (and the PC/SC benchmark)
// without systemd: `setsid pcscd --foreground`, our own PID file, readiness by polling, stop by PID only.
// One pcscd per machine: a live pcscd we did not start is left alone (the tests say why they cannot run);
// the socket and PID file of a pcscd that was killed are cleared before a new start.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PCSCD_DIR = '/run/pcscd';
export const PCSCD_SOCKET = join(PCSCD_DIR, 'pcscd.comm');
const PCSCD_OWN_PID = join(PCSCD_DIR, 'pcscd.pid');
const VPCD_CONF = '/etc/reader.conf.d/vpcd';
export const VPCD_PORTS = [35963, 35964];

/** Where our PID file and the daemon's log go. */
export const RUN_DIR = process.env.KIOSK_PCSC_RUN_DIR || join(tmpdir(), 'kiosk-pcsc');
export const PID_FILE = join(RUN_DIR, 'pcscd.pid');
export const LOG_FILE = join(RUN_DIR, 'pcscd.log');

export type Support = { ok: true } | { ok: false; reason: string };

function findPcscd(): string | null {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin']) {
    if (dir && existsSync(join(dir, 'pcscd'))) return join(dir, 'pcscd');
  }
  return null;
}

/** Can the real-stack tests run here? If not, the one reason why. */
export function pcscSupport(): Support {
  if (process.env.KIOSK_SKIP_PCSC) return { ok: false, reason: 'KIOSK_SKIP_PCSC is set' };
  if (process.platform !== 'linux') return { ok: false, reason: `pcscd with the vpcd driver is set up for Linux only (this is ${process.platform})` };
  if (!findPcscd()) return { ok: false, reason: 'pcscd is not installed (apt-get install pcscd libpcsclite-dev vsmartcard-vpcd)' };
  if (!existsSync(VPCD_CONF)) return { ok: false, reason: `the vpcd driver is not installed (${VPCD_CONF} missing: apt-get install vsmartcard-vpcd)` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'pcscd must be started as root here (it owns /run/pcscd)' };
  try {
    createRequire(import.meta.url)('@pokusew/pcsclite');
  } catch (e) {
    return { ok: false, reason: `the @pokusew/pcsclite native module does not load (${(e as Error).message.split('\n')[0]}); run npm rebuild @pokusew/pcsclite` };
  }
  const foreign = livePcscd();
  if (foreign !== null && foreign !== ownPid()) return { ok: false, reason: `another pcscd (pid ${foreign}) is running; the tests start their own and never stop someone else's` };
  return { ok: true };
}

function alive(pid: number): boolean {
  try {
    // A zombie (killed, not yet reaped by its parent) is not running.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

function isPcscd(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'pcscd' && alive(pid);
  } catch {
    return false;
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** The PID of the pcscd we started, if it is still running. */
export function ownPid(): number | null {
  const pid = readPid(PID_FILE);
  return pid !== null && isPcscd(pid) ? pid : null;
}

/** The PID of a running pcscd, from the daemon's own PID file. */
function livePcscd(): number | null {
  const pid = readPid(PCSCD_OWN_PID);
  return pid !== null && isPcscd(pid) ? pid : null;
}

/** Remove the socket and PID file a killed pcscd left behind (they block a new start). */
function clearStale(): void {
  if (livePcscd() !== null) return;
  for (const f of [PCSCD_SOCKET, PCSCD_OWN_PID]) rmSync(f, { force: true });
}

function listening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // local_address is IP:PORT in hex; state 0A is LISTEN.
    if (text.split('\n').some((line) => line.trim().split(/\s+/)[1]?.endsWith(`:${hexPort}`) && line.trim().split(/\s+/)[3] === '0A')) return true;
  }
  return false;
}

function socketExists(): boolean {
  try {
    return statSync(PCSCD_SOCKET).isSocket();
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Start pcscd (unless ours already runs) and wait until the vpcd readers listen and the client socket exists.
 * Returns its PID. Throws with the daemon's log when it does not come up.
 */
export async function startPcscd(opts: { apduLog?: boolean } = {}): Promise<number> {
  const running = ownPid();
  if (running !== null) return running;
  const foreign = livePcscd();
  if (foreign !== null) throw new Error(`another pcscd (pid ${foreign}) is running; not starting a second one`);
  clearStale();
  mkdirSync(RUN_DIR, { recursive: true });
  const pcscd = findPcscd();
  if (!pcscd) throw new Error('pcscd is not installed');
  const log = openSync(LOG_FILE, 'a');
  // detached: setsid(), its own session, so it outlives a test worker and is stopped by PID.
  const child = spawn(pcscd, ['--foreground', ...(opts.apduLog ? ['--debug', '--apdu'] : [])], { detached: true, stdio: ['ignore', log, log] });
  closeSync(log);
  child.unref();
  const pid = child.pid;
  if (pid === undefined) throw new Error('pcscd did not start');
  writeFileSync(PID_FILE, `${pid}\n`);
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!alive(pid)) break;
    if (socketExists() && VPCD_PORTS.every(listening)) return pid;
    await sleep(25);
  }
  const tail = existsSync(LOG_FILE) ? readFileSync(LOG_FILE, 'utf8').split('\n').slice(-15).join('\n') : '';
  await stopPcscd();
  throw new Error(`pcscd did not become ready within 5 s; log:\n${tail}`);
}

/** Stop the pcscd we started (by its PID, SIGTERM then SIGKILL), or kill it hard to model a crash. */
export async function stopPcscd(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
  const pid = ownPid();
  if (pid !== null) {
    process.kill(pid, signal);
    const deadline = Date.now() + 3000;
    while (alive(pid) && Date.now() < deadline) await sleep(20);
    if (alive(pid)) {
      process.kill(pid, 'SIGKILL');
      while (alive(pid)) await sleep(20);
    }
  }
  rmSync(PID_FILE, { force: true });
  // A SIGKILLed pcscd leaves its socket behind; startPcscd clears it, as it would after a real crash.
  if (signal === 'SIGTERM') clearStale();
}

/** Is the client socket there but nobody listening (what a killed pcscd leaves)? */
export function staleSocketPresent(): boolean {
  return socketExists() && livePcscd() === null;
}
