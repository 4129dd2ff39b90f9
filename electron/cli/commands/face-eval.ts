// `kiosk face eval <dir> [--json]`: accuracy of the kiosk face engine on a folder-per-person photo set. Every
// pair of photos of one person is a genuine pair, every pair across people an impostor pair; a pair with a photo
// where no face was found counts as a false non-match. Tight crops get a border before detection (still.ts).
// Stable contract (--json): {"people","images","detected","genuinePairs","impostorPairs","threshold",
// "fmrAtThreshold","fnmrAtThreshold","fnmrAtFmr1","fnmrAtFmr01","msPerFace"}, rates as fractions.
import { existsSync, statSync } from 'node:fs';
import { evaluateDir, wipeEmbedded, type EvalReport } from '../../face/evaluate.ts';
import { FaceError } from '../../face/errors.ts';
import { MATCH_THRESHOLD } from '../../face/match.ts';
import { loadRuntime } from '../../face/runtime.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, positionalsWithJson, type CliCommand, type CliIo } from '../command.ts';

const USAGE = 'face eval <dir> [--json]';

export type EvalJson = Pick<
  EvalReport,
  'people' | 'images' | 'detected' | 'genuinePairs' | 'impostorPairs' | 'threshold' | 'fmrAtThreshold' | 'fnmrAtThreshold' | 'fnmrAtFmr1' | 'fnmrAtFmr01' | 'msPerFace'
>;

export async function faceEval(dir: string): Promise<{ json: EvalJson; report: EvalReport; undetected: string[] }> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new FaceError('IMAGE_CORRUPT', `${dir} is not a directory`);
  const rt = await loadRuntime();
  const { report, items } = await evaluateDir(rt, dir, 'tiny', MATCH_THRESHOLD);
  const undetected = items.filter((i) => !i.descriptor).map((i) => `${i.file} (${i.error})`);
  wipeEmbedded(items);
  const json: EvalJson = {
    people: report.people,
    images: report.images,
    detected: report.detected,
    genuinePairs: report.genuinePairs,
    impostorPairs: report.impostorPairs,
    threshold: report.threshold,
    fmrAtThreshold: report.fmrAtThreshold,
    fnmrAtThreshold: report.fnmrAtThreshold,
    fnmrAtFmr1: report.fnmrAtFmr1,
    fnmrAtFmr01: report.fnmrAtFmr01,
    msPerFace: report.msPerFace,
  };
  return { json, report, undetected };
}

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

export const command: CliCommand = {
  path: ['face', 'eval'],
  usage: USAGE,
  summary: 'measure FMR/FNMR of the kiosk face engine on a folder-per-person photo set',
  async run(args: string[], io: CliIo): Promise<number> {
    const parsed = positionalsWithJson(args, io, USAGE, (n) => n === 1);
    if (!parsed) return EXIT_USAGE;
    const { positionals, json } = parsed;
    try {
      const { json: out, report, undetected } = await faceEval(positionals[0]);
      if (json) io.out(JSON.stringify(out));
      else {
        io.out(`people ${report.people}, images ${report.images}, faces found ${report.detected}`);
        if (undetected.length) io.out(`no face: ${undetected.join(', ')}`);
        io.out(`pairs: genuine ${report.genuinePairs}, impostor ${report.impostorPairs}`);
        io.out(`at the kiosk threshold ${report.threshold}: FMR ${pct(report.fmrAtThreshold)}, FNMR ${pct(report.fnmrAtThreshold)}`);
        io.out(`FNMR at FMR 1 %: ${pct(report.fnmrAtFmr1)}; at FMR 0.1 %: ${pct(report.fnmrAtFmr01)}; EER ≈ ${pct(report.eer)}`);
        io.out(`${report.msPerFace.toFixed(0)} ms per image (decode + detect + landmarks + descriptor)`);
      }
      return EXIT_OK;
    } catch (err) {
      const e = err instanceof FaceError ? err : new FaceError('INTERNAL', err instanceof Error ? err.message : String(err));
      if (json) io.out(JSON.stringify({ error: { code: e.code, message: e.message } }));
      else io.err(`face eval failed: ${e.code}: ${e.message}`);
      return EXIT_FAILURE;
    }
  },
};
