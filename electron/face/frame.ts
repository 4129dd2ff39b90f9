// The per-image pipeline shared by live frames and stills: detect → landmarks on the largest face → exposure
// and focus → (optionally) descriptor. Returns everything the quality gate, liveness and matching need.
import { descriptorFor, detectFaces, landmarksFor, toInput, type DetectOptions, type DetectedFace, type MainFace } from './analyze.ts';
import type { RgbImage } from './image.ts';
import { exposureStats, type ExposureStats } from './quality.ts';
import type { Runtime } from './runtime.ts';

export interface MainAnalysis {
  image: RgbImage;
  faces: DetectedFace[];
  main: MainFace | null;
  exposure: ExposureStats | null;
  descriptor: Float32Array | null;
}

export interface DescribeWhen {
  /** true: always describe the main face; a function: decide after landmarks and exposure are known. */
  describe: boolean | ((main: MainFace, exposure: ExposureStats, faces: DetectedFace[]) => boolean);
}

export async function analyzeMain(rt: Runtime, image: RgbImage, detect: DetectOptions, when: DescribeWhen): Promise<MainAnalysis> {
  const input = toInput(rt, image);
  try {
    const faces = await detectFaces(rt, input, detect);
    if (faces.length === 0) return { image, faces, main: null, exposure: null, descriptor: null };
    const main = await landmarksFor(rt, input, faces[0]);
    if (!main) return { image, faces, main: null, exposure: null, descriptor: null };
    const exposure = exposureStats(image, main.box);
    const wanted = typeof when.describe === 'function' ? when.describe(main, exposure, faces) : when.describe;
    const descriptor = wanted ? await descriptorFor(rt, input, main) : null;
    return { image, faces, main, exposure, descriptor };
  } finally {
    input.release();
  }
}

/** Run every net once (detectors, landmarks, recognition) so later timings do not include kernel set-up. */
export async function warmNets(rt: Runtime): Promise<void> {
  const w = 320;
  const h = 240;
  const img: RgbImage = { width: w, height: h, data: new Uint8Array(w * h * 3).fill(128) };
  for (const detector of rt.detectors) await analyzeMain(rt, img, { detector }, { describe: false });
  // No face in a grey frame: push a zero crop through the landmark and recognition nets directly.
  const t = rt.tf.zeros([150, 150, 3]) as unknown as Parameters<Runtime['faceapi']['computeFaceDescriptor']>[0];
  await rt.faceapi.nets.faceLandmark68Net.detectLandmarks(t);
  await rt.faceapi.nets.faceRecognitionNet.computeFaceDescriptor(t);
  (t as unknown as { dispose(): void }).dispose();
}
