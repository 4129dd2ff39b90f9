// `npm run privacy:scan -- <dir|file>…`: looks through what a kiosk run leaves behind (logs, the outbox folder,
// the app data folder, temp folders) for personal data that must never be there: any demo citizen's ID
// number or old ID number, name (with and without diacritics, MRZ and airline spellings, UTF-8 and UTF-16),
// date of birth in the common formats, and image bytes (JPEG, JPEG 2000, PNG; raw or base64). Exit 0: clean;
// exit 1: findings, listed as file, byte offset and kind — never the value found. CI runs it after e2e.
// Options: --json (machine-readable), --citizens <file.json> (more people: [{idNumber, fullName, dateOfBirth,
// oldIdNumber?}]), --max-findings <n> per file (default 20).
import { closeSync, existsSync, lstatSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEMO_CITIZENS } from '../electron/card/fixtures/demo-citizens.ts';
import { toAsciiName } from '../electron/backends/airport/vietnamese-ascii.ts';

export type FindingKind =
  | 'id-number'
  | 'old-id-number'
  | 'name'
  | 'name-ascii'
  | 'relative-name'
  | 'date-of-birth'
  | 'jpeg'
  | 'jpeg2000'
  | 'png'
  | 'image-base64';

export interface Finding {
  file: string;
  offset: number;
  kind: FindingKind;
}

export interface Person {
  idNumber: string;
  fullName: string;
  /** ISO yyyy-mm-dd. */
  dateOfBirth: string;
  oldIdNumber?: string | null;
  relatives?: (string | null)[];
}

interface Needle {
  kind: FindingKind;
  bytes: Buffer;
  /** Match ASCII case-insensitively (the needle is lower-case ASCII, searched in a lower-cased copy). */
  foldCase: boolean;
  /** Must not touch a digit on either side (short numeric forms like YYMMDD). */
  digitBounded: boolean;
}

const CHUNK = 8 * 1024 * 1024;

/** All spellings of one string: NFC and NFD, as written and upper-case, in UTF-8 and UTF-16LE. */
function textNeedles(kind: FindingKind, text: string, out: Needle[]): void {
  const ascii = /^[\x20-\x7e]*$/.test(text);
  const forms = ascii ? [text.toLowerCase()] : [...new Set([text, text.toUpperCase(), text.toLowerCase()].flatMap((t) => [t.normalize('NFC'), t.normalize('NFD')]))];
  for (const f of forms) {
    for (const enc of ['utf8', 'utf16le'] as const) out.push({ kind, bytes: Buffer.from(f, enc), foldCase: ascii, digitBounded: false });
  }
}

function dateNeedles(iso: string, out: Needle[]): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return;
  const [, y, mo, d] = m;
  const long = [`${y}-${mo}-${d}`, `${d}/${mo}/${y}`, `${d}-${mo}-${y}`, `${d}.${mo}.${y}`, `${mo}/${d}/${y}`, `${d}${mo}${y}`, `${y}${mo}${d}`];
  for (const s of long) textNeedles('date-of-birth', s, out);
  // The MRZ's YYMMDD: six digits are common, so only where they stand alone.
  for (const enc of ['utf8', 'utf16le'] as const) out.push({ kind: 'date-of-birth', bytes: Buffer.from(`${y.slice(2)}${mo}${d}`, enc), foldCase: false, digitBounded: true });
}

export function personNeedles(people: readonly Person[]): Needle[] {
  const out: Needle[] = [];
  for (const p of people) {
    textNeedles('id-number', p.idNumber, out);
    if (p.oldIdNumber) textNeedles('old-id-number', p.oldIdNumber, out);
    textNeedles('name', p.fullName, out);
    const ascii = toAsciiName(p.fullName);
    const words = ascii.split(' ');
    // As airline systems (SURNAME/GIVEN), the MRZ (SURNAME<<GIVEN<NAMES) and plain ASCII write it.
    for (const s of [ascii, `${words[0]}/${words.slice(1).join(' ')}`, `${words[0]}<<${words.slice(1).join('<')}`]) textNeedles('name-ascii', s, out);
    for (const r of p.relatives ?? []) if (r) textNeedles('relative-name', r, out);
    dateNeedles(p.dateOfBirth, out);
  }
  return out;
}

/** Image signatures: raw magic bytes and the base64 text they start with (data URLs, JSON fields). */
function imageNeedles(): Needle[] {
  const raw = (kind: FindingKind, bytes: number[]): Needle => ({ kind, bytes: Buffer.from(bytes), foldCase: false, digitBounded: false });
  const b64 = (s: string): Needle => ({ kind: 'image-base64', bytes: Buffer.from(s, 'latin1'), foldCase: false, digitBounded: false });
  return [
    // JPEG: SOI then a marker; the marker set keeps random binary from matching too often.
    ...[0xe0, 0xe1, 0xe2, 0xe8, 0xed, 0xee, 0xdb, 0xc0, 0xc2, 0xc4, 0xfe].map((m) => raw('jpeg', [0xff, 0xd8, 0xff, m])),
    raw('jpeg2000', [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a]), // JP2 signature box
    raw('jpeg2000', [0xff, 0x4f, 0xff, 0x51]), // raw codestream: SOC, SIZ
    raw('png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    b64('/9j/4'),
    b64('/9j/2w'),
    b64('iVBORw0KGgo'),
    b64('AAAADGpQICANCocK'),
    b64('/0//UQ'),
  ];
}

export function defaultPeople(): Person[] {
  return DEMO_CITIZENS.map(({ record: r }) => ({
    idNumber: r.idNumber,
    fullName: r.fullName,
    dateOfBirth: r.dateOfBirth,
    oldIdNumber: r.oldIdNumber,
    relatives: [r.fatherName, r.motherName, r.spouseName],
  }));
}

function lowerAscii(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  for (let i = 0; i < out.length; i++) if (out[i] >= 0x41 && out[i] <= 0x5a) out[i] |= 0x20;
  return out;
}

const isDigitAt = (buf: Buffer, i: number): boolean => i >= 0 && i < buf.length && buf[i] >= 0x30 && buf[i] <= 0x39;

/** Scans one file in chunks (overlapping by the longest needle), at most `max` findings. */
export function scanFile(file: string, needles: readonly Needle[], max = 20): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const overlap = Math.max(...needles.map((n) => n.bytes.length)) + 2;
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(CHUNK + overlap);
    let base = 0; // file offset of buf[0]
    let kept = 0; // bytes carried over from the previous chunk
    for (;;) {
      const n = readSync(fd, buf, kept, CHUNK, null);
      const len = kept + n;
      const hay = buf.subarray(0, len);
      const folded = lowerAscii(hay);
      for (const needle of needles) {
        const h = needle.foldCase ? folded : hay;
        for (let i = h.indexOf(needle.bytes); i >= 0; i = h.indexOf(needle.bytes, i + 1)) {
          const step = needle.bytes.length > 1 && needle.bytes[1] === 0 ? 2 : 1; // UTF-16: digits two bytes away
          if (needle.digitBounded && (isDigitAt(hay, i - step) || isDigitAt(hay, i + needle.bytes.length))) continue;
          const key = `${base + i}:${needle.kind}`;
          if (seen.has(key)) continue;
          seen.add(key);
          findings.push({ file, offset: base + i, kind: needle.kind });
          if (findings.length >= max) return findings;
        }
      }
      if (n === 0 || len < CHUNK) break;
      kept = Math.min(overlap, len);
      buf.copy(buf, 0, len - kept, len);
      base += len - kept;
    }
  } finally {
    closeSync(fd);
  }
  return findings.sort((a, b) => a.offset - b.offset);
}

/** Every regular file under the paths (symbolic links are not followed); missing paths are reported. */
export function listFiles(paths: readonly string[]): { files: string[]; missing: string[] } {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (p: string): void => {
    const st = lstatSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) walk(join(p, e));
    else if (st.isFile()) files.push(p);
  };
  for (const p of paths) {
    if (!existsSync(p)) missing.push(p);
    else walk(resolve(p));
  }
  return { files, missing };
}

export function scanPaths(paths: readonly string[], people: readonly Person[] = defaultPeople(), max = 20): { files: number; missing: string[]; findings: Finding[] } {
  const needles = [...personNeedles(people), ...imageNeedles()];
  const { files, missing } = listFiles(paths);
  const findings: Finding[] = [];
  for (const f of files) {
    try {
      findings.push(...scanFile(f, needles, max));
    } catch {
      // A file that vanished or cannot be read (sockets, permissions) is noted, not fatal.
      missing.push(f);
    }
  }
  return { files: files.length, missing, findings };
}

function loadPeople(file: string): Person[] {
  const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(v)) throw new Error('--citizens: expected a JSON array');
  return v.map((p: Partial<Person>, i) => {
    if (typeof p?.idNumber !== 'string' || typeof p.fullName !== 'string' || typeof p.dateOfBirth !== 'string') {
      throw new Error(`--citizens: entry ${i} needs idNumber, fullName and dateOfBirth`);
    }
    return p as Person;
  });
}

export function main(argv: string[]): number {
  let v;
  try {
    v = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, citizens: { type: 'string' }, 'max-findings': { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`privacy-scan: ${(e as Error).message}`);
    return 64;
  }
  if (v.positionals.length === 0) {
    console.error('usage: npm run privacy:scan -- [--json] [--citizens <file.json>] [--max-findings <n>] <dir|file>…');
    return 64;
  }
  let people = defaultPeople();
  try {
    if (v.values.citizens) people = [...people, ...loadPeople(v.values.citizens)];
  } catch (e) {
    console.error(`privacy-scan: ${(e as Error).message}`);
    return 64;
  }
  const max = Number(v.values['max-findings'] ?? 20);
  const r = scanPaths(v.positionals, people, Number.isInteger(max) && max > 0 ? max : 20);
  if (v.values.json) console.log(JSON.stringify(r, null, 2));
  else {
    for (const m of r.missing) console.log(`skipped (missing or unreadable): ${m}`);
    for (const f of r.findings) console.log(`${f.file}:${f.offset}  ${f.kind}`);
    console.log(`privacy-scan: ${r.files} files, ${r.findings.length} finding(s)`);
  }
  return r.findings.length > 0 ? 1 : 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
