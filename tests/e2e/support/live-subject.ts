// A synthetic "live subject" for the fake camera: one still photo of a person turned into a short looping
// clip in which the face jitters like a real camera image, blinks, and turns left and right. Built at test
// time from ../shared/faces (nothing stored in the repository). The head turn is an image warp that slides
// the central features (eyes, nose, mouth) sideways inside a fixed face outline, which is what a head turn
// does to the 68 landmarks; the blink paints the eye regions over with the skin just above them.
import { decodeImage } from '../../../electron/face/decode.ts';
import { loadRuntime, type Runtime } from '../../../electron/face/runtime.ts';
import { detectFaces, landmarksFor, toInput } from '../../../electron/face/analyze.ts';
import { fitWithin, type RgbImage } from '../../../electron/face/image.ts';
import type { Point } from '../../../electron/face/landmarks.ts';

export const FRAME_W = 640;
export const FRAME_H = 480;

export type Pose = { kind: 'front' } | { kind: 'turn'; amount: number } | { kind: 'blink' };

export interface SubjectModel {
  base: RgbImage;
  landmarks: Point[];
}

/** Letterbox a photo onto a grey 640 × 480 frame, its height filling `fill` of the frame. */
export function letterbox(img: RgbImage, fill = 0.9, bg = 110): RgbImage {
  const scale = (FRAME_H * fill) / img.height;
  const w = Math.round(img.width * scale);
  const h = Math.round(img.height * scale);
  const scaled = scale < 1 ? fitWithin(img, Math.max(w, h)).image : resample(img, w, h);
  const out = new Uint8Array(FRAME_W * FRAME_H * 3).fill(bg);
  const x0 = Math.round((FRAME_W - scaled.width) / 2);
  const y0 = Math.round((FRAME_H - scaled.height) / 2);
  for (let y = 0; y < scaled.height; y++) {
    const ty = y0 + y;
    if (ty < 0 || ty >= FRAME_H) continue;
    for (let x = 0; x < scaled.width; x++) {
      const tx = x0 + x;
      if (tx < 0 || tx >= FRAME_W) continue;
      const s = (y * scaled.width + x) * 3;
      const d = (ty * FRAME_W + tx) * 3;
      out[d] = scaled.data[s];
      out[d + 1] = scaled.data[s + 1];
      out[d + 2] = scaled.data[s + 2];
    }
  }
  return { width: FRAME_W, height: FRAME_H, data: out };
}

function resample(img: RgbImage, w: number, h: number): RgbImage {
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(img.height - 1, Math.floor((y * img.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(img.width - 1, Math.floor((x * img.width) / w));
      out.set(img.data.subarray((sy * img.width + sx) * 3, (sy * img.width + sx) * 3 + 3), (y * w + x) * 3);
    }
  }
  return { width: w, height: h, data: out };
}

function sample(img: RgbImage, x: number, y: number, c: number): number {
  const x0 = Math.max(0, Math.min(img.width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(img.height - 1, Math.floor(y)));
  const x1 = Math.min(img.width - 1, x0 + 1);
  const y1 = Math.min(img.height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const p = (xx: number, yy: number): number => img.data[(yy * img.width + xx) * 3 + c];
  return (p(x0, y0) * (1 - fx) + p(x1, y0) * fx) * (1 - fy) + (p(x0, y1) * (1 - fx) + p(x1, y1) * fx) * fy;
}

/** Landmarks of the main face of `img`, through the face engine's own nets. */
export async function landmarksOf(rt: Runtime, img: RgbImage): Promise<Point[]> {
  const input = toInput(rt, img);
  try {
    const faces = await detectFaces(rt, input, { detector: 'tiny', inputSize: 320 });
    if (faces.length === 0) throw new Error('no face in the subject photo');
    const main = await landmarksFor(rt, input, faces[0]);
    if (!main) throw new Error('no landmarks in the subject photo');
    return main.landmarks;
  } finally {
    input.release();
  }
}

export async function loadSubject(photo: Uint8Array, faceFill = 0.45): Promise<SubjectModel> {
  const decoded = await decodeImage(photo, { maxBytes: 64 << 20, maxPixels: 50_000_000 });
  const rt = await loadRuntime({ detectors: ['tiny'] });
  // Frame the face like a kiosk camera does: the face (brows to chin) about `faceFill` of the frame height.
  const first = letterbox(decoded, 0.95);
  const lm = await landmarksOf(rt, first);
  const b = bounds(lm);
  const faceH = b.y1 - b.y0;
  const h = faceH / faceFill;
  const w = (h * FRAME_W) / FRAME_H;
  const cx = (b.x0 + b.x1) / 2;
  const cy = (b.y0 + b.y1) / 2;
  const base = crop(first, cx - w / 2, cy - h / 2, w, h);
  return { base, landmarks: await landmarksOf(rt, base) };
}

/** The region (x, y, w, h) of `img`, resampled bilinearly to a full frame. */
export function crop(img: RgbImage, x: number, y: number, w: number, h: number): RgbImage {
  const out = new Uint8Array(FRAME_W * FRAME_H * 3);
  for (let ty = 0; ty < FRAME_H; ty++) {
    for (let tx = 0; tx < FRAME_W; tx++) {
      const sx = x + (tx * w) / FRAME_W;
      const sy = y + (ty * h) / FRAME_H;
      const d = (ty * FRAME_W + tx) * 3;
      for (let c = 0; c < 3; c++) out[d + c] = Math.round(sample(img, sx, sy, c));
    }
  }
  return { width: FRAME_W, height: FRAME_H, data: out };
}

function bounds(points: Point[]): { x0: number; x1: number; y0: number; y1: number } {
  return {
    x0: Math.min(...points.map((p) => p.x)),
    x1: Math.max(...points.map((p) => p.x)),
    y0: Math.min(...points.map((p) => p.y)),
    y1: Math.max(...points.map((p) => p.y)),
  };
}

/** One frame of the subject in `pose`, shifted by (dx, dy) pixels of camera jitter. */
export function render(m: SubjectModel, pose: Pose, dx: number, dy: number): RgbImage {
  const { base, landmarks } = m;
  const jaw = bounds(landmarks.slice(0, 17));
  const cx = (jaw.x0 + jaw.x1) / 2;
  const half = (jaw.x1 - jaw.x0) / 2;
  const top = Math.min(...landmarks.slice(17, 27).map((p) => p.y)) - half * 0.5;
  const bottom = jaw.y1;
  const shift = pose.kind === 'turn' ? pose.amount * 0.6 * half : 0;
  // The nose moves most in a turn (it stands furthest forward): an extra local shift around it.
  const noseX = landmarks[30].x;
  const noseY = (landmarks[27].y + landmarks[33].y) / 2;
  const noseRx = half * 0.4;
  const noseRy = (landmarks[33].y - landmarks[27].y) * 0.8;
  const noseShift = pose.kind === 'turn' ? pose.amount * 0.5 * half : 0;
  const out = new Uint8Array(base.data.length);
  for (let y = 0; y < FRAME_H; y++) {
    for (let x = 0; x < FRAME_W; x++) {
      let sx = x - dx;
      const sy = y - dy;
      if (shift !== 0 && sy > top && sy < bottom) {
        const u = (sx - cx) / (half * 1.15);
        if (Math.abs(u) < 1) {
          // Smooth bump: full shift at the face's centre line, none at its outline.
          const v = Math.min(1, (sy - top) / (half * 0.4), (bottom - sy) / (half * 0.3));
          sx -= shift * Math.cos((u * Math.PI) / 2) * Math.max(0, v);
        }
        const r = Math.hypot((x - dx - noseX) / noseRx, (sy - noseY) / noseRy);
        if (r < 1) sx -= noseShift * Math.cos((r * Math.PI) / 2) ** 2;
      }
      const d = (y * FRAME_W + x) * 3;
      for (let c = 0; c < 3; c++) out[d + c] = Math.round(sample(base, sx, sy, c));
    }
  }
  const frame: RgbImage = { width: FRAME_W, height: FRAME_H, data: out };
  if (pose.kind === 'blink') {
    const open: RgbImage = { ...frame, data: Uint8Array.from(frame.data) };
    for (const eye of [landmarks.slice(36, 42), landmarks.slice(42, 48)]) closeEye(frame, open, eye, dx, dy);
  }
  return frame;
}

/**
 * Close an eye the way the landmarks see it: squeeze the eye region vertically (factor 2 at the lid line,
 * blending to none at the band's edge), so the lids move towards each other.
 */
function closeEye(img: RgbImage, src: RgbImage, eye: Point[], dx: number, dy: number): void {
  const b = bounds(eye);
  const w = b.x1 - b.x0;
  const cx = (b.x0 + b.x1) / 2 + dx;
  const cy = (b.y0 + b.y1) / 2 + dy;
  const R = w * 0.7;
  const halfW = w * 0.95;
  for (let y = Math.floor(cy - R); y <= Math.ceil(cy + R); y++) {
    if (y < 0 || y >= img.height) continue;
    const t = y - cy;
    const u = Math.min(1, Math.abs(t) / R);
    const u2 = u * (2 - u);
    const squeezed = cy + Math.sign(t) * R * u2 * (2 - u2);
    for (let x = Math.floor(cx - halfW); x <= Math.ceil(cx + halfW); x++) {
      if (x < 0 || x >= img.width) continue;
      const v = Math.abs(x - cx) / halfW;
      const weight = v >= 1 ? 0 : Math.cos((v * Math.PI) / 2) ** 2;
      const sy = y + (squeezed - y) * weight;
      const d = (y * img.width + x) * 3;
      for (let c = 0; c < 3; c++) img.data[d + c] = Math.round(sample(src, x, sy, c));
    }
  }
}

/** The clip: a pose schedule (frames per pose), with sub-pixel-free but ever-changing jitter. */
export function clip(m: SubjectModel, schedule: { pose: Pose; frames: number }[]): RgbImage[] {
  const out: RgbImage[] = [];
  let n = 0;
  for (const { pose, frames } of schedule) {
    for (let i = 0; i < frames; i++, n++) {
      // A small orbit: consecutive frames never coincide, as with a real sensor.
      const dx = Math.round(2 * Math.sin(n * 0.9));
      const dy = Math.round(2 * Math.cos(n * 0.7));
      out.push(render(m, pose, dx, dy));
    }
  }
  return out;
}

/** YUV4MPEG2 4:2:0 (what Chromium's --use-file-for-fake-video-capture reads), BT.601 full range. */
export function toY4m(frames: RgbImage[], fps = 15): Uint8Array {
  const w = FRAME_W;
  const h = FRAME_H;
  const header = new TextEncoder().encode(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`);
  const frameHeader = new TextEncoder().encode('FRAME\n');
  const ySize = w * h;
  const cSize = (w / 2) * (h / 2);
  const out = new Uint8Array(header.length + frames.length * (frameHeader.length + ySize + 2 * cSize));
  out.set(header, 0);
  let o = header.length;
  for (const f of frames) {
    out.set(frameHeader, o);
    o += frameHeader.length;
    const Y = out.subarray(o, o + ySize);
    const U = out.subarray(o + ySize, o + ySize + cSize);
    const V = out.subarray(o + ySize + cSize, o + ySize + 2 * cSize);
    for (let i = 0; i < ySize; i++) {
      const r = f.data[i * 3];
      const g = f.data[i * 3 + 1];
      const b = f.data[i * 3 + 2];
      Y[i] = Math.max(0, Math.min(255, Math.round(0.299 * r + 0.587 * g + 0.114 * b)));
    }
    for (let y = 0; y < h / 2; y++) {
      for (let x = 0; x < w / 2; x++) {
        let r = 0;
        let g = 0;
        let b = 0;
        for (const [ox, oy] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
          const i = ((2 * y + oy) * w + 2 * x + ox) * 3;
          r += f.data[i];
          g += f.data[i + 1];
          b += f.data[i + 2];
        }
        r /= 4;
        g /= 4;
        b /= 4;
        const ci = y * (w / 2) + x;
        U[ci] = Math.max(0, Math.min(255, Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b)));
        V[ci] = Math.max(0, Math.min(255, Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b)));
      }
    }
    o += ySize + 2 * cSize;
  }
  return out;
}
