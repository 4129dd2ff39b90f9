// One writer per outbox: a lock file holding the owner's pid. A lock left by a process that no longer
// exists (kill -9, power loss) is taken over; a live owner makes `open` fail with OUTBOX_LOCKED.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { BackendError } from '../errors.ts';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Locks this process holds: its own pid in a lock file is stale only if the lock is not one of these. */
const held = new Set<string>();

export function acquireLock(path: string): () => void {
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      held.add(path);
      return () => {
        held.delete(path);
        try {
          if (readFileSync(path, 'utf8') === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = Number(readFileSync(path, 'utf8'));
      const live = owner === process.pid ? held.has(path) : Number.isInteger(owner) && owner > 0 && alive(owner);
      if (live) {
        throw new BackendError('OUTBOX_LOCKED', `the outbox is in use by process ${owner}`);
      }
      unlinkSync(path); // stale: its owner is gone
    }
  }
  throw new BackendError('OUTBOX_LOCKED', 'could not take the outbox lock');
}
