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
