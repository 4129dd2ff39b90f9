// One image through the nets: detect faces, 68 landmarks on the main (largest) face, and — only when asked —
// the 128-D descriptor on the dlib-aligned crop. Tensors holding pixels are scrubbed before disposal.
import { FaceError } from './errors.ts';
import type { Box, RgbImage } from './image.ts';
import { faceGeometry, type FaceGeometry, type Point } from './landmarks.ts';
import { scrubTensor, type DetectorName, type Runtime } from './runtime.ts';

export interface DetectOptions {
  detector: DetectorName;
  /** Tiny detector input size (multiple of 32): 320 balances speed and reach on 640 × 480 frames. */
  inputSize?: number;
  /** Detector score floor. */
  minScore?: number;
}

export interface DetectedFace {
  box: Box;
  score: number;
}

export interface MainFace extends DetectedFace {
  landmarks: Point[];
  geometry: FaceGeometry;
}

type ImageTensor = ReturnType<Runtime['tf']['tensor3d']>;
type NetInput = Parameters<Runtime['faceapi']['detectAllFaces']>[0];

/** face-api bundles its own copy of the tfjs type declarations; at run time both are the same tfjs instance. */
function net(t: ImageTensor): NetInput {
  return t as unknown as NetInput;
}

/** A pixel tensor for the nets; call release() when done (scrubs and frees it). */
export interface ImageInput {
  tensor: ImageTensor;
  release(): void;
}

export function toInput(rt: Runtime, img: RgbImage): ImageInput {
  const tensor = rt.tf.tensor3d(img.data, [img.height, img.width, 3], 'int32');
  return {
    tensor,
    release() {
      scrubTensor(rt.tf, tensor);
      tensor.dispose();
    },
  };
}

export async function detectFaces(rt: Runtime, input: ImageInput, opts: DetectOptions): Promise<DetectedFace[]> {
  const { faceapi } = rt;
  if (!rt.detectors.includes(opts.detector)) throw new FaceError('ENGINE_NOT_READY', `detector ${opts.detector} not loaded`);
  const options =
    opts.detector === 'tiny'
      ? new faceapi.TinyFaceDetectorOptions({ inputSize: opts.inputSize ?? 320, scoreThreshold: opts.minScore ?? 0.5 })
      : new faceapi.SsdMobilenetv1Options({ minConfidence: opts.minScore ?? 0.5, maxResults: 20 });
  const dets = await faceapi.detectAllFaces(net(input.tensor), options);
  return dets
    .map((d) => ({ box: { x: d.box.x, y: d.box.y, width: d.box.width, height: d.box.height }, score: d.score }))
    .sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height);
}

function clip(box: Box, w: number, h: number): Box {
  const x = Math.max(0, Math.floor(box.x));
  const y = Math.max(0, Math.floor(box.y));
  const x2 = Math.min(w, Math.ceil(box.x + box.width));
  const y2 = Math.min(h, Math.ceil(box.y + box.height));
  return { x, y, width: Math.max(0, x2 - x), height: Math.max(0, y2 - y) };
}

export async function landmarksFor(rt: Runtime, input: ImageInput, face: DetectedFace): Promise<MainFace | null> {
  const { faceapi, tf } = rt;
  const [h, w] = input.tensor.shape;
  const box = clip(face.box, w, h);
  if (box.width < 8 || box.height < 8) return null;
  const crop = tf.slice3d(input.tensor, [box.y, box.x, 0], [box.height, box.width, 3]);
  try {
    const lm = (await faceapi.nets.faceLandmark68Net.detectLandmarks(net(crop))) as InstanceType<typeof faceapi.FaceLandmarks68>;
    const shifted = lm.shiftBy<InstanceType<typeof faceapi.FaceLandmarks68>>(box.x, box.y);
    const landmarks = shifted.positions.map((p) => ({ x: p.x, y: p.y }));
    return { ...face, landmarks, geometry: faceGeometry(landmarks) };
  } finally {
    scrubTensor(tf, crop);
    crop.dispose();
  }
}

/** The face-api/dlib descriptor of the main face, computed on the landmark-aligned square crop. */
export async function descriptorFor(rt: Runtime, input: ImageInput, face: MainFace): Promise<Float32Array> {
  const { faceapi, tf } = rt;
  const [h, w] = input.tensor.shape;
  // FaceLandmarks68 takes positions relative to the image (0..1) and scales them by its dimensions.
  const lm = new faceapi.FaceLandmarks68(
    face.landmarks.map((p) => new faceapi.Point(p.x / w, p.y / h)),
    { width: w, height: h },
  );
  const aligned = lm.align(null, { useDlibAlignment: true });
  const box = clip({ x: aligned.x, y: aligned.y, width: aligned.width, height: aligned.height }, w, h);
  if (box.width < 8 || box.height < 8) throw new FaceError('NO_FACE', 'aligned face crop is empty');
  const crop = tf.slice3d(input.tensor, [box.y, box.x, 0], [box.height, box.width, 3]);
  try {
    const out = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(net(crop));
    const d = Array.isArray(out) ? out[0] : out;
    return Float32Array.from(d);
  } finally {
    scrubTensor(tf, crop);
    crop.dispose();
  }
}
