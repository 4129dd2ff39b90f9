// Descriptor comparison and the kiosk's match decision. The threshold is calibrated on /work/shared/faces by
// `kiosk face eval` / scripts/calibrate-face.ts; see README.md in this folder for the figures behind it.

/**
 * Kiosk decision threshold on the Euclidean distance between 128-D face-api descriptors.
 * Calibrated with scripts/calibrate-face.ts on /work/shared/faces (83 photos of 37 people + 28 simulated chip
 * portraits; 300 genuine, 5 403 impostor pairs): at 0.56 FMR 0.04 % (2 pairs), FNMR 12.7 % per pair; the
 * threshold for FMR 1 % would be 0.627 (FNMR 1.7 %), for FMR 0.1 % 0.569 (FNMR 10.3 %). We sit just under the
 * 0.1 % point because the kiosk takes the best of up to 5 frames, which raises the chance an impostor slips
 * under the line; a false non-match costs a retry or a staff check, a false match a wrong identity.
 * The set is small and not representative of Vietnamese faces: re-validate on local data before production.
 */
export const MATCH_THRESHOLD = 0.56;

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
