// Calibrates the kiosk's match threshold on ../shared/faces: every photo of every person (tv, stock,
// public-domain, photos; singles as impostors only) plus the simulated chip portraits (chip-sim/, JPEG q10/q25,
// low-res, JPEG 2000) paired with the photos of their person (genuine, the source photo left out) and of
// everyone else (impostor). Prints FMR/FNMR around the candidate thresholds and the distance quantiles.
//   npx tsx scripts/calibrate-face.ts [sharedFacesDir] [--json]
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fmrAt, fnmrAt, rates, thresholdAtFmr } from '../electron/face/calibration.ts';
import { allPairs, embedFile, listSubjects, type Embedded } from '../electron/face/evaluate.ts';
import { euclidean, MATCH_THRESHOLD } from '../electron/face/match.ts';
import { loadRuntime } from '../electron/face/runtime.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const root = resolve(args.find((a) => !a.startsWith('--')) ?? join(import.meta.dirname, '..', '..', 'shared', 'faces'));

/** chip-sim file → [person key, source photo or null]. Person keys are "<set>/<folder>". */
function chipSubject(file: string): [string, string | null] | null {
  const name = basename(file);
  const tv = /^chip-(\w+)-lowres96q10__\w+?(\d)\.jpg$/.exec(name);
  if (tv) return [`tv/${tv[1]}`, join(root, 'tv', tv[1], `${tv[2]}.png`)];
  const stock: Record<string, [string, string | null]> = {
    emoA: ['stock/emotions-a', '3.jpg'],
    emoB: ['stock/emotions-b', '2.jpg'],
    teenA: ['stock/teen', '1.jpg'],
    vlado: ['stock/vlado', null],
  };
  const m = /^chip-(emoA|emoB|teenA|vlado)[-.]/.exec(name);
  if (m) {
    const [key, src] = stock[m[1]];
    return [key, src ? join(root, key, src) : null];
  }
  // p240-*/p480-* are JPEG 2000 renderings of stock/emotions-a/3.jpg (see chips-sheet.png).
  if (/^p(240|480)-/.test(name)) return ['stock/emotions-a', join(root, 'stock', 'emotions-a', '3.jpg')];
  return null;
}

const rt = await loadRuntime();
const photos: Embedded[] = [];
for (const set of ['tv', 'stock', 'public-domain', 'photos', 'singles']) {
  for (const s of listSubjects(join(root, set))) {
    for (const f of s.files) photos.push(await embedFile(rt, f, `${set}/${s.name}`, 'tiny'));
  }
}
const chips: { item: Embedded; source: string | null }[] = [];
for (const f of readdirSync(join(root, 'chip-sim')).sort()) {
  const subject = chipSubject(f);
  if (!subject) continue;
  chips.push({ item: await embedFile(rt, join(root, 'chip-sim', f), subject[0], 'tiny'), source: subject[1] });
}

const photoPairs = allPairs(photos);
const chipGenuine: number[] = [];
const chipImpostor: number[] = [];
for (const { item, source } of chips) {
  for (const p of photos) {
    if (p.file === source) continue;
    const d = item.descriptor && p.descriptor ? euclidean(item.descriptor, p.descriptor) : Infinity;
    (p.person === item.person ? chipGenuine : chipImpostor).push(d);
  }
}
const genuine = [...photoPairs.genuine, ...chipGenuine];
const impostor = [...photoPairs.impostor, ...chipImpostor];

const quantile = (xs: number[], q: number): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const out = {
  images: photos.length,
  chipPortraits: chips.length,
  detected: photos.filter((p) => p.descriptor).length + chips.filter((c) => c.item.descriptor).length,
  undetected: [...photos, ...chips.map((c) => c.item)].filter((p) => !p.descriptor).map((p) => p.file.slice(root.length + 1)),
  genuinePairs: genuine.length,
  impostorPairs: impostor.length,
  chipGenuinePairs: chipGenuine.length,
  chipImpostorPairs: chipImpostor.length,
  all: rates(genuine, impostor, MATCH_THRESHOLD),
  photosOnly: rates(photoPairs.genuine, photoPairs.impostor, MATCH_THRESHOLD),
  chipVsPhoto: rates(chipGenuine, chipImpostor, MATCH_THRESHOLD),
  thresholdAtFmr1: thresholdAtFmr(impostor, 0.01),
  thresholdAtFmr01: thresholdAtFmr(impostor, 0.001),
  impostorMin: quantile(impostor, 0),
  impostorP001: quantile(impostor, 0.001),
  impostorP01: quantile(impostor, 0.01),
  genuineMedian: quantile(genuine, 0.5),
  genuineP90: quantile(genuine, 0.9),
  sweep: [0.45, 0.5, 0.52, 0.54, 0.55, 0.56, 0.57, 0.58, 0.6, 0.62].map((t) => ({
    threshold: t,
    fmr: fmrAt(impostor, t),
    fnmr: fnmrAt(genuine, t),
    chipFmr: fmrAt(chipImpostor, t),
    chipFnmr: fnmrAt(chipGenuine, t),
  })),
};
if (json) {
  console.log(JSON.stringify(out, null, 2));
} else {
  const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;
  console.log(`images ${out.images} + chip portraits ${out.chipPortraits}, detected ${out.detected}; undetected: ${out.undetected.join(', ') || 'none'}`);
  console.log(`pairs: genuine ${out.genuinePairs} (chip ${out.chipGenuinePairs}), impostor ${out.impostorPairs} (chip ${out.chipImpostorPairs})`);
  console.log(`threshold at FMR 1 %: ${out.thresholdAtFmr1.toFixed(3)}, at FMR 0.1 %: ${out.thresholdAtFmr01.toFixed(3)}`);
  console.log(`impostor min ${out.impostorMin.toFixed(3)}, genuine median ${out.genuineMedian.toFixed(3)}, p90 ${out.genuineP90.toFixed(3)}`);
  console.log('threshold   FMR       FNMR      chip FMR  chip FNMR');
  for (const s of out.sweep) {
    console.log(`${s.threshold.toFixed(2).padEnd(11)} ${pct(s.fmr).padEnd(9)} ${pct(s.fnmr).padEnd(9)} ${pct(s.chipFmr).padEnd(9)} ${pct(s.chipFnmr)}`);
  }
  for (const [k, r] of [['all', out.all], ['photos only', out.photosOnly], ['chip vs photo', out.chipVsPhoto]] as const) {
    console.log(`${k}: at kiosk threshold ${r.threshold}: FMR ${pct(r.fmrAtThreshold)}, FNMR ${pct(r.fnmrAtThreshold)}; FNMR@FMR1% ${pct(r.fnmrAtFmr1)}, FNMR@FMR0.1% ${pct(r.fnmrAtFmr01)}, EER ${pct(r.eer)}`);
  }
}
