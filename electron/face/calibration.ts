// Error rates from genuine and impostor score sets (ISO/IEC 19795-1 terms): FMR = impostor pairs accepted,
// FNMR = genuine pairs rejected, at a distance threshold (accept when distance ≤ threshold). A pair where
// one image had no face enters the genuine set as +Infinity (always a false non-match).

export function fmrAt(impostor: readonly number[], threshold: number): number {
  if (impostor.length === 0) return 0;
  return impostor.filter((d) => d <= threshold).length / impostor.length;
}

export function fnmrAt(genuine: readonly number[], threshold: number): number {
  if (genuine.length === 0) return 0;
  return genuine.filter((d) => !(d <= threshold)).length / genuine.length;
}

/**
 * The largest threshold whose FMR does not exceed `targetFmr` (the loosest operating point allowed), or
 * -Infinity when even the strictest accepts too much. Only thresholds at observed impostor distances matter.
 */
export function thresholdAtFmr(impostor: readonly number[], targetFmr: number): number {
  const finite = impostor.filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  const n = impostor.length;
  if (n === 0) return Infinity;
  // Accepting the k smallest impostor distances gives FMR k/n; allowed k = floor(target · n).
  const k = Math.floor(targetFmr * n + 1e-9);
  if (k >= finite.length) return Infinity;
  // Just below the (k+1)-th smallest impostor distance.
  return finite[k] - 1e-9;
}

export function fnmrAtFmr(genuine: readonly number[], impostor: readonly number[], targetFmr: number): number {
  return fnmrAt(genuine, thresholdAtFmr(impostor, targetFmr));
}

export interface Rates {
  threshold: number;
  fmrAtThreshold: number;
  fnmrAtThreshold: number;
  fnmrAtFmr1: number;
  fnmrAtFmr01: number;
  /** Distance where FMR = FNMR (approximately), for reference. */
  eer: number;
}

export function rates(genuine: readonly number[], impostor: readonly number[], threshold: number): Rates {
  // EER by scanning observed distances.
  const cands = [...genuine, ...impostor].filter((d) => Number.isFinite(d)).sort((a, b) => a - b);
  let eer = 1;
  let best = Infinity;
  for (const t of cands) {
    const a = fmrAt(impostor, t);
    const b = fnmrAt(genuine, t);
    if (Math.abs(a - b) < best) {
      best = Math.abs(a - b);
      eer = (a + b) / 2;
    }
  }
  return {
    threshold,
    fmrAtThreshold: fmrAt(impostor, threshold),
    fnmrAtThreshold: fnmrAt(genuine, threshold),
    fnmrAtFmr1: fnmrAtFmr(genuine, impostor, 0.01),
    fnmrAtFmr01: fnmrAtFmr(genuine, impostor, 0.001),
    eer,
  };
}
