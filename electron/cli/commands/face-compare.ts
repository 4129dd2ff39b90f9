// `kiosk face compare <portrait> <live-image>… [--json]`: the kiosk's match decision between a portrait
// (JPEG / JPEG 2000 / PNG) and one or more live photos, run through the same worker engine the kiosk uses,
// without the liveness step. Stable contract: exit 0 with
// {"distance","similarity","match","threshold","quality":{...},"ms"}; exit 2 with {"error":{code,message}}.
import { readFileSync } from 'node:fs';
import { createFaceEngine } from '../../face/engine.ts';
import { FaceError } from '../../face/errors.ts';
import { guidanceMessage } from '../../face/guidance.ts';
import type { FrameAnalysis, QualityReport } from '../../face/types.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, positionalsWithJson, type CliCommand, type CliIo } from '../command.ts';

const USAGE = 'face compare <portrait> <live-image>… [--json]';

/** Photos given to the CLI can be large press photos: accept them (they are scaled down before the nets). */
const STILL_LIMITS = { maxBytes: 32 * 1024 * 1024, maxPixels: 40_000_000 };

export interface CompareResult {
  distance: number;
  similarity: number;
  match: boolean;
  threshold: number;
  quality: QualityReport & { image: string };
  ms: number;
}

function readImage(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new FaceError('IMAGE_CORRUPT', `cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

export async function faceCompare(portraitPath: string, livePaths: string[]): Promise<CompareResult> {
  const t0 = performance.now();
  const engine = createFaceEngine({ requireLiveness: false, portraitLimits: STILL_LIMITS, frameLimits: STILL_LIMITS, timeoutMs: 60_000 });
  try {
    await engine.setPortrait(readImage(portraitPath));
    let best: { a: FrameAnalysis; path: string } | null = null;
    for (const path of livePaths) {
      const a = await engine.analyzeFrame({ kind: 'jpeg', bytes: readImage(path) }, { still: true });
      if (a.distance !== null && (!best || a.distance < (best.a.distance ?? Infinity))) best = { a, path };
    }
    const d = await engine.decide({ requireLiveness: false });
    await engine.endVisit();
    const q = best?.a.quality ?? { ok: false, codes: [], metrics: null };
    return {
      distance: d.distance,
      similarity: d.similarity,
      match: d.match,
      threshold: d.threshold,
      quality: { ...q, image: best?.path ?? '' },
      ms: performance.now() - t0,
    };
  } finally {
    await engine.close();
  }
}

export const command: CliCommand = {
  path: ['face', 'compare'],
  usage: USAGE,
  summary: 'compare a portrait with live photos using the kiosk face engine and threshold',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = positionalsWithJson(args, io, USAGE, (n) => n >= 2);
    if (!parsed) return EXIT_USAGE;
    const { positionals, json } = parsed;
    try {
      const r = await faceCompare(positionals[0], positionals.slice(1));
      if (json) io.out(JSON.stringify(r));
      else {
        io.out(`distance      ${r.distance.toFixed(4)}  (threshold ${r.threshold})`);
        io.out(`similarity    ${r.similarity.toFixed(3)}`);
        io.out(`match         ${r.match ? 'yes' : 'no'}`);
        io.out(`quality       ${r.quality.ok ? 'ok' : r.quality.codes.map((c) => `${c} (${guidanceMessage(c, 'en')})`).join(', ')}`);
        io.out(`time          ${r.ms.toFixed(0)} ms`);
      }
      return EXIT_OK;
    } catch (err) {
      const e = err instanceof FaceError ? err : new FaceError('INTERNAL', err instanceof Error ? err.message : String(err));
      if (json) io.out(JSON.stringify({ error: { code: e.code, message: e.message } }));
      else io.err(`face compare failed: ${e.code}: ${e.message}`);
      return EXIT_FAILURE;
    }
  },
};
