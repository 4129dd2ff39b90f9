// Offline accuracy measurement behind `kiosk face eval`, the bench and the calibration script: describe every
// photo of a folder-per-person set, form all genuine and impostor pairs, and report FMR/FNMR. Runs in the
// calling thread (a tool, not the kiosk's visit path); descriptors stay in memory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { rates, type Rates } from './calibration.ts';
import { decodeImage } from './decode.ts';
import { FaceError } from './errors.ts';
import { warmNets } from './frame.ts';
import { wipeImage } from './image.ts';
import { euclidean } from './match.ts';
import type { DetectorName, Runtime } from './runtime.ts';
import { analyzeStill } from './still.ts';

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.jp2', '.j2k']);

/** Limits for tool inputs: large press photos are fine here (they are scaled down before the nets). */
export const STILL_LIMITS = { maxBytes: 32 * 1024 * 1024, maxPixels: 40_000_000 };

export interface Subject {
  name: string;
  files: string[];
}

/** Every immediate subfolder of `dir` holding at least one image is one person. */
export function listSubjects(dir: string): Subject[] {
  const out: Subject[] = [];
  for (const name of readdirSync(dir).sort()) {
    const sub = join(dir, name);
    if (!statSync(sub).isDirectory()) continue;
    const files = readdirSync(sub)
      .filter((f) => IMAGE_EXTENSIONS.has(extname(f).toLowerCase()))
      .sort()
      .map((f) => join(sub, f));
    if (files.length > 0) out.push({ name, files });
  }
  return out;
}

export interface Embedded {
  file: string;
  person: string;
  /** null when no face was found (or the file did not decode). */
  descriptor: Float32Array | null;
  error: string | null;
  ms: number;
}

export async function embedFile(rt: Runtime, file: string, person: string, detector: DetectorName): Promise<Embedded> {
  const t0 = performance.now();
  try {
    const img = await decodeImage(new Uint8Array(readFileSync(file)), STILL_LIMITS);
    const result = await analyzeStill(rt, img, detector);
    wipeImage(img);
    if (result.image !== img) wipeImage(result.image);
    return { file, person, descriptor: result.descriptor, error: result.descriptor ? null : 'NO_FACE', ms: performance.now() - t0 };
  } catch (err) {
    const code = err instanceof FaceError ? err.code : 'INTERNAL';
    return { file, person, descriptor: null, error: code, ms: performance.now() - t0 };
  }
}

export interface PairSets {
  genuine: number[];
  impostor: number[];
}

/** All unordered pairs: same person → genuine, different → impostor. A missing face is +Infinity. */
export function allPairs(items: readonly Embedded[]): PairSets {
  const genuine: number[] = [];
  const impostor: number[] = [];
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      const d = a.descriptor && b.descriptor ? euclidean(a.descriptor, b.descriptor) : Infinity;
      (a.person === b.person ? genuine : impostor).push(d);
    }
  }
  return { genuine, impostor };
}

export interface EvalReport extends Rates {
  people: number;
  images: number;
  detected: number;
  genuinePairs: number;
  impostorPairs: number;
  msPerFace: number;
}

export function summarize(items: readonly Embedded[], pairs: PairSets, threshold: number): EvalReport {
  const r = rates(pairs.genuine, pairs.impostor, threshold);
  return {
    people: new Set(items.map((i) => i.person)).size,
    images: items.length,
    detected: items.filter((i) => i.descriptor).length,
    genuinePairs: pairs.genuine.length,
    impostorPairs: pairs.impostor.length,
    ...r,
    msPerFace: items.length ? items.reduce((s, i) => s + i.ms, 0) / items.length : 0,
  };
}

export async function evaluateDir(rt: Runtime, dir: string, detector: DetectorName, threshold: number): Promise<{ report: EvalReport; items: Embedded[]; pairs: PairSets }> {
  await warmNets(rt); // so msPerFace does not carry the first inference's set-up
  const items: Embedded[] = [];
  for (const s of listSubjects(dir)) {
    for (const f of s.files) items.push(await embedFile(rt, f, s.name, detector));
  }
  const pairs = allPairs(items);
  return { report: summarize(items, pairs, threshold), items, pairs };
}

export function wipeEmbedded(items: Embedded[]): void {
  for (const i of items) i.descriptor?.fill(0);
}
