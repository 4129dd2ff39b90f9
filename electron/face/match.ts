// Descriptor comparison and the kiosk's match decision. The threshold is calibrated on /work/shared/faces by
// `kiosk face eval` / scripts/calibrate-face.ts; see README.md in this folder for the figures behind it.

/**
 * Kiosk decision threshold on the Euclidean distance between 128-D face-api descriptors.
 * Calibrated (README.md) to keep false matches at or under ~0.1 % on the shared set, at the cost of more
 * false non-matches (those go to a retry or to staff, which is the safe failure at a check-in desk).
 */
export const MATCH_THRESHOLD = 0.5;

/** Slope of the similarity curve: distance ± 0.1 around the threshold spans similarity ≈ 0.12..0.88. */
const SIMILARITY_SCALE = 0.05;

export function euclidean(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new RangeError('descriptor lengths differ');
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i] - b[i];
    s += d * d;
  }
  return Math.sqrt(s);
}

/** Logistic map of distance to 0..1, 0.5 at the threshold: for display and audit, never for the decision. */
export function similarity(distance: number, threshold = MATCH_THRESHOLD): number {
  return 1 / (1 + Math.exp((distance - threshold) / SIMILARITY_SCALE));
}

export function isMatch(distance: number, threshold = MATCH_THRESHOLD): boolean {
  return distance <= threshold;
}
