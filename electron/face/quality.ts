// Quality gate for live frames, after the ISO/IEC 19794-5 / ICAO portrait rules (one face, size, pose,
// focus, exposure), tuned for matching a kiosk camera frame rather than for printing a passport photo.
import { GUIDANCE_PRIORITY, type GuidanceCode } from './guidance.ts';
import { grayPatch, type Box, type RgbImage } from './image.ts';
import type { FaceGeometry } from './landmarks.ts';
import type { QualityMetrics, QualityReport } from './types.ts';

export interface QualityPolicy {
  /** Minimum distance between eye centres, px (ISO/IEC 19794-5 token images have 60; 40 still gives the 150 px descriptor crop real detail and keeps arm's length usable). */
  minInterEye: number;
  /** Face box wider than this fraction of the frame: too close (the face gets cut, the lens distorts it). */
  maxFaceWidthRatio: number;
  /** How far the face box may leave the frame, as a fraction of its own width, before we ask to centre. */
  maxOutside: number;
  /** Face centre farther than this fraction of the frame's width (or height) from the frame centre: centre it. */
  maxCentreOffset: number;
  /** A second face at least this fraction of the main face's width counts as another person. */
  secondFaceRatio: number;
  maxYaw: number;
  maxPitch: number;
  maxRoll: number;
  minBrightness: number;
  maxBrightness: number;
  maxOverexposed: number;
  minSharpness: number;
}

export const DEFAULT_QUALITY_POLICY: Readonly<QualityPolicy> = {
  minInterEye: 40,
  maxFaceWidthRatio: 0.75,
  maxOutside: 0.1,
  maxCentreOffset: 0.3,
  secondFaceRatio: 0.4,
  maxYaw: 20,
  maxPitch: 20,
  maxRoll: 15,
  minBrightness: 60,
  maxBrightness: 205,
  maxOverexposed: 0.2,
  minSharpness: 0.1,
};

export interface ExposureStats {
  brightness: number;
  overexposed: number;
  sharpness: number;
}

const PATCH = 96;

/**
 * Exposure and focus over the inner face (the box shrunk to its central 70 %, so hair and background do not
 * count), resampled to a fixed 96 × 96 so near and far faces are measured alike. Sharpness is the mean absolute
 * 4-neighbour Laplacian over the patch's standard deviation: contrast-free, so a dim face is not "blurred".
 */
export function exposureStats(img: RgbImage, box: Box): ExposureStats {
  const inner: Box = {
    x: box.x + box.width * 0.15,
    y: box.y + box.height * 0.15,
    width: box.width * 0.7,
    height: box.height * 0.7,
  };
  const g = grayPatch(img, inner, PATCH);
  let sum = 0;
  let sq = 0;
  let over = 0;
  for (const v of g) {
    sum += v;
    sq += v * v;
    if (v >= 250) over++;
  }
  const n = g.length;
  const mean = sum / n;
  const std = Math.sqrt(Math.max(0, sq / n - mean * mean));
  let lap = 0;
  for (let y = 1; y < PATCH - 1; y++) {
    for (let x = 1; x < PATCH - 1; x++) {
      const i = y * PATCH + x;
      lap += Math.abs(4 * g[i] - g[i - 1] - g[i + 1] - g[i - PATCH] - g[i + PATCH]);
    }
  }
  lap /= (PATCH - 2) * (PATCH - 2);
  g.fill(0);
  return { brightness: mean, overexposed: over / n, sharpness: lap / (std + 1) };
}

export interface QualityInput {
  frameWidth: number;
  frameHeight: number;
  /** All faces found, main (largest) first. */
  faces: { box: Box; score: number }[];
  geometry: FaceGeometry | null;
  exposure: ExposureStats | null;
}

export function assessQuality(input: QualityInput, policy: QualityPolicy = DEFAULT_QUALITY_POLICY): QualityReport {
  const { faces, geometry, exposure, frameWidth, frameHeight } = input;
  if (faces.length === 0 || !geometry || !exposure) {
    return { ok: false, codes: ['NO_FACE'], metrics: null };
  }
  const main = faces[0];
  const codes = new Set<GuidanceCode>();
  const others = faces.slice(1).filter((f) => f.box.width >= policy.secondFaceRatio * main.box.width);
  if (others.length > 0) codes.add('ONLY_ONE_PERSON');

  const b = main.box;
  const outside =
    Math.max(0, -b.x) + Math.max(0, b.x + b.width - frameWidth) + Math.max(0, -b.y) + Math.max(0, b.y + b.height - frameHeight);
  const faceWidthRatio = b.width / frameWidth;
  if (faceWidthRatio > policy.maxFaceWidthRatio) codes.add('MOVE_BACK');
  else if (
    outside > policy.maxOutside * b.width ||
    Math.abs(b.x + b.width / 2 - frameWidth / 2) > policy.maxCentreOffset * frameWidth ||
    Math.abs(b.y + b.height / 2 - frameHeight / 2) > policy.maxCentreOffset * frameHeight
  ) {
    codes.add('CENTER_FACE');
  }
  if (geometry.interEye < policy.minInterEye) codes.add('MOVE_CLOSER');
  if (Math.abs(geometry.yaw) > policy.maxYaw || Math.abs(geometry.pitch) > policy.maxPitch) codes.add('LOOK_STRAIGHT');
  if (Math.abs(geometry.roll) > policy.maxRoll) codes.add('HEAD_UPRIGHT');
  if (exposure.brightness < policy.minBrightness) codes.add('TOO_DARK');
  if (exposure.brightness > policy.maxBrightness || exposure.overexposed > policy.maxOverexposed) codes.add('TOO_BRIGHT');
  // Blur is only judged on a face big and bright enough for the measure to mean something.
  if (!codes.has('MOVE_CLOSER') && !codes.has('TOO_DARK') && exposure.sharpness < policy.minSharpness) codes.add('BLURRY');

  const metrics: QualityMetrics = {
    faceCount: faces.length,
    score: main.score,
    box: { ...b },
    interEye: geometry.interEye,
    faceWidthRatio,
    yaw: geometry.yaw,
    pitch: geometry.pitch,
    roll: geometry.roll,
    brightness: exposure.brightness,
    overexposed: exposure.overexposed,
    sharpness: exposure.sharpness,
    ear: geometry.ear,
  };
  const ordered = GUIDANCE_PRIORITY.filter((c) => codes.has(c));
  return { ok: ordered.length === 0, codes: ordered, metrics };
}

/** Higher is better: used to keep the best few frames as match candidates. */
export function frameScore(m: QualityMetrics): number {
  return m.sharpness - (Math.abs(m.yaw) + Math.abs(m.pitch) + Math.abs(m.roll)) / 60;
}
