// The outbox's file: one header line, then one AES-256-GCM sealed record per line
// (`base64url(nonce).base64url(ciphertext‖tag)`), appended and fsync'ed before the caller goes on.
// A crash can only tear the last line; it is cut off on open. Any other line that fails to open means the
// wrong key or tampering and stops the outbox (OUTBOX_CORRUPT) rather than silently dropping submissions.
// Compaction writes a fresh file beside it, fsyncs it, renames it over the old one and fsyncs the folder.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { BackendError } from '../errors.ts';

const FORMAT = 'cccd-kiosk-outbox';
const VERSION = 1;
const AAD = Buffer.from(`${FORMAT}/v${VERSION}`, 'utf8');
const KEY_CHECK = 'key-check';

interface Header {
  format: string;
  version: number;
  /** A sealed known string: tells "wrong key" apart from "corrupt record". */
  keyCheck: string;
}

export class SealedJournal {
  private fd: number;

  private constructor(
    readonly path: string,
    private readonly key: Uint8Array,
    fd: number,
  ) {
    this.fd = fd;
  }

  seal(plain: string): string {
    const nonce = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, nonce);
    c.setAAD(AAD);
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()]);
    return `${nonce.toString('base64url')}.${ct.toString('base64url')}`;
  }

  static open(key: Uint8Array, sealed: string): string | null {
    const dot = sealed.indexOf('.');
    if (dot < 0) return null;
    try {
      const nonce = Buffer.from(sealed.slice(0, dot), 'base64url');
      const all = Buffer.from(sealed.slice(dot + 1), 'base64url');
      if (nonce.length !== 12 || all.length < 16) return null;
      const d = createDecipheriv('aes-256-gcm', key, nonce);
      d.setAAD(AAD);
      d.setAuthTag(all.subarray(all.length - 16));
      return Buffer.concat([d.update(all.subarray(0, all.length - 16)), d.final()]).toString('utf8');
    } catch {
      return null;
    }
  }

  private static header(journal: { seal(p: string): string }): string {
    const h: Header = { format: FORMAT, version: VERSION, keyCheck: journal.seal(KEY_CHECK) };
    return JSON.stringify(h);
  }

  /**
   * Reads every record of the journal at `path`. With `repair`, a torn last line is cut off (the writer's
   * view); without, it is ignored (a reader's view, e.g. `kiosk outbox` while the kiosk runs).
   */
  static readRecords(path: string, key: Uint8Array, repair: boolean): string[] {
    if (!existsSync(path)) return [];
    const buf = readFileSync(path);
    const text = buf.toString('utf8');
    const complete = text.lastIndexOf('\n') + 1;
    const lines = text.slice(0, complete).split('\n').filter((l) => l.length > 0);
    if (lines.length === 0) {
      if (repair && complete < text.length) truncate(path, 0);
      return [];
    }
    let header: Header;
    try {
      header = JSON.parse(lines[0]) as Header;
    } catch {
      throw new BackendError('OUTBOX_CORRUPT', 'outbox journal header unreadable');
    }
    if (header.format !== FORMAT || header.version !== VERSION) throw new BackendError('OUTBOX_CORRUPT', 'not an outbox journal of this version');
    if (SealedJournal.open(key, header.keyCheck) !== KEY_CHECK) throw new BackendError('OUTBOX_CORRUPT', 'the outbox key does not open this journal (wrong key)');
    const out: string[] = [];
    let keptBytes = Buffer.byteLength(lines[0], 'utf8') + 1;
    for (let i = 1; i < lines.length; i++) {
      const plain = SealedJournal.open(key, lines[i]);
      if (plain === null) {
        // Power loss can leave garbage after the last good record; that is a torn tail only if nothing
        // after it opens. A bad record followed by good ones is tampering or damage: stop.
        if (lines.slice(i + 1).some((l) => SealedJournal.open(key, l) !== null)) {
          throw new BackendError('OUTBOX_CORRUPT', `outbox record ${i} does not open: tampered or damaged`);
        }
        if (repair) truncate(path, keptBytes);
        return out;
      }
      out.push(plain);
      keptBytes += Buffer.byteLength(lines[i], 'utf8') + 1;
    }
    if (repair && complete < text.length) truncate(path, keptBytes);
    return out;
  }

  /** Opens for appending, creating the file (with its header) if needed. */
  static openForAppend(dir: string, name: string, key: Uint8Array): SealedJournal {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, name);
    // A file emptied by a crash inside its header counts as new: it gets its header again.
    const fresh = !existsSync(path) || statSync(path).size === 0;
    const fd = openSync(path, 'a', 0o600);
    const j = new SealedJournal(path, key, fd);
    if (fresh) {
      writeSync(fd, SealedJournal.header(j) + '\n');
      fsyncSync(fd);
      fsyncDir(dir);
    }
    return j;
  }

  /** Appends records and makes them durable (fsync) before returning. */
  append(plains: string[], durable = true): void {
    if (plains.length === 0) return;
    const before = fstatSync(this.fd).size;
    try {
      writeAll(this.fd, plains.map((p) => this.seal(p) + '\n').join(''));
      if (durable) fsyncSync(this.fd);
    } catch (e) {
      // Disk full or an I/O error, possibly after part of a record went down: cut it off again, so a later
      // append does not land behind a torn line (which would read as corruption), and tell the caller.
      try {
        ftruncateSync(this.fd, before);
      } catch {
        // Left for the next open, which cuts a torn tail.
      }
      const code = (e as NodeJS.ErrnoException).code ?? 'I/O error';
      throw new BackendError('OUTBOX_UNWRITABLE', `outbox journal ${this.path} not written: ${code}`, { cause: e });
    }
  }

  /** Replaces the whole journal with these records, atomically (write, fsync, rename, fsync folder). */
  rewrite(dir: string, plains: string[]): void {
    const tmp = `${this.path}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      // All of it or nothing: a short write renamed over the journal would lose records.
      writeAll(fd, [SealedJournal.header(this), ...plains.map((p) => this.seal(p))].join('\n') + '\n');
      fsyncSync(fd);
    } catch (e) {
      closeSync(fd);
      rmSync(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code ?? 'I/O error';
      throw new BackendError('OUTBOX_UNWRITABLE', `outbox journal ${this.path} not rewritten: ${code}`, { cause: e });
    }
    closeSync(fd);
    renameSync(tmp, this.path);
    // No folder fsync here: if the rename is lost in a power cut, the old journal comes back, which is
    // still correct (records it shows pending are resent with their idempotency keys).
    void dir;
    closeSync(this.fd);
    this.fd = openSync(this.path, 'a', 0o600);
  }

  /**
   * Empties the journal down to its header in place — the common compaction (nothing left pending), without
   * a new file and rename. Not fsync'ed: if a crash undoes it, the old records come back and are resent with
   * their idempotency keys, which the backend answers from its replay store.
   */
  truncateToHeader(): void {
    const text = readFileSync(this.path, 'utf8');
    const headerEnd = text.indexOf('\n') + 1;
    if (headerEnd <= 0 || headerEnd === Buffer.byteLength(text, 'utf8')) return;
    ftruncateSync(this.fd, Buffer.byteLength(text.slice(0, headerEnd), 'utf8'));
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** write(2) may write fewer bytes than asked (the disk filling up): go on until all are down or it throws. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let done = 0;
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    if (n <= 0) throw Object.assign(new Error('write made no progress'), { code: 'EIO' });
    done += n;
  }
}

function truncate(path: string, length: number): void {
  const fd = openSync(path, 'r+');
  ftruncateSync(fd, length);
  fsyncSync(fd);
  closeSync(fd);
}

function fsyncDir(dir: string): void {
  // A rename or a new file is durable only once its folder entry is.
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
