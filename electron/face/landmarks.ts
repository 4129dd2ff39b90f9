// Head pose and eye openness from the 68-point landmarks (iBUG 300-W numbering: 0–16 jaw, 27–35 nose,
// 36–41 the eye on the image's left = the subject's right, 42–47 the other eye, 48–67 mouth).
// Approximations from 2-D points, good enough to say "look straight" and to follow a head turn.

export interface Point {
  x: number;
  y: number;
}

export interface FaceGeometry {
  /** Centre of the eye on the image's left (the subject's right eye) and on the image's right. */
  eyeImageLeft: Point;
  eyeImageRight: Point;
  /** Distance between the eye centres, in pixels of the analysed image. */
  interEye: number;
  /** In-plane rotation in degrees, positive clockwise in the image. */
  roll: number;
  /**
   * Yaw in degrees, positive when the subject turns to THEIR left (nose moves towards the image's right in
   * an un-mirrored camera frame). Estimated from where the nose tip sits between the jaw's two sides, a
   * ratio a flat photo keeps when it is tilted, so rotating a print does not fake a head turn.
   */
  yaw: number;
  /** Pitch in degrees, positive when the subject looks up. From the nose tip between eye line and mouth. */
  pitch: number;
  /** Eye aspect ratio (Soukupová & Čech 2016), mean of both eyes: ≈0.25–0.35 open, falls towards 0 when closed. */
  ear: number;
}

function mean(points: Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

function eyeAspectRatio(p: Point[]): number {
  const w = dist(p[0], p[3]);
  return w > 0 ? (dist(p[1], p[5]) + dist(p[2], p[4])) / (2 * w) : 0;
}

/** Nose-tip position between eye line (0) and mouth line (1) on a frontal face (official frontal portraits read ≈ 0°). */
export const FRONTAL_NOSE_RATIO = 0.56;

const DEG = 180 / Math.PI;

export function faceGeometry(points: Point[]): FaceGeometry {
  if (points.length !== 68) throw new RangeError(`expected 68 landmarks, got ${points.length}`);
  const eyeL = mean(points.slice(36, 42));
  const eyeR = mean(points.slice(42, 48));
  const interEye = dist(eyeL, eyeR);
  const roll = Math.atan2(eyeR.y - eyeL.y, eyeR.x - eyeL.x) * DEG;
  // Undo roll around the eye midpoint so yaw and pitch are read along the face's own axes.
  const c = { x: (eyeL.x + eyeR.x) / 2, y: (eyeL.y + eyeR.y) / 2 };
  const cos = Math.cos(-roll / DEG);
  const sin = Math.sin(-roll / DEG);
  const r = (p: Point): Point => ({
    x: c.x + (p.x - c.x) * cos - (p.y - c.y) * sin,
    y: c.y + (p.x - c.x) * sin + (p.y - c.y) * cos,
  });
  const jawL = r(points[1]);
  const jawR = r(points[15]);
  const nose = r(points[30]);
  const mouth = r(mean([points[48], points[54], points[51], points[57]]));
  const span = jawR.x - jawL.x;
  const noseX = span > 0 ? (nose.x - jawL.x) / span : 0.5;
  // Cylinder model: nose offset ∝ tan(yaw) with the nose about as far forward as the jaw is wide / 2.
  const yaw = Math.atan(2 * (noseX - 0.5)) * DEG;
  const drop = mouth.y - c.y;
  const noseY = drop > 0 ? (nose.y - c.y) / drop : FRONTAL_NOSE_RATIO;
  const pitch = Math.atan(2.5 * (FRONTAL_NOSE_RATIO - noseY)) * DEG;
  const ear = (eyeAspectRatio(points.slice(36, 42)) + eyeAspectRatio(points.slice(42, 48))) / 2;
  return { eyeImageLeft: eyeL, eyeImageRight: eyeR, interEye, roll, yaw, pitch, ear };
}
