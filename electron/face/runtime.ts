// Loads face-api and its TensorFlow.js backend inside the worker. The backend is pluggable: WASM (SIMD) by
// default, read from the installed @tensorflow/tfjs-backend-wasm files (never a CDN); `tensorflow`
// (tfjs-node) only if it happens to be installed — it is never a dependency (its install downloads
// libtensorflow, which fails here); `cpu` as the slow pure-JS fallback.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as FaceApi from '@vladmandic/face-api';
import type * as TfApi from '@tensorflow/tfjs';
import { FaceError } from './errors.ts';

export type FaceApiModule = typeof FaceApi;
export type Tf = typeof TfApi;
export type BackendName = 'wasm' | 'tensorflow' | 'cpu';
export type DetectorName = 'tiny' | 'ssd';

export interface RuntimeOptions {
  backend?: BackendName;
  /** Folder with the weights (default: models/ at the repository root, filled by scripts/copy-models.mjs). */
  modelsDir?: string;
  /**
   * Detector nets to load (default tiny only: it serves live frames and stills alike; loading SSD as well adds
   * ~90 MB to the worker, measured by the bench).
   */
  detectors?: DetectorName[];
}

export interface Runtime {
  faceapi: FaceApiModule;
  tf: Tf;
  backend: BackendName;
  simd: boolean;
  modelsDir: string;
  detectors: DetectorName[];
}

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export function defaultModelsDir(): string {
  return resolve(here, '..', '..', 'models');
}

const MODEL_FILES: Record<string, string> = {
  tiny: 'tiny_face_detector_model',
  ssd: 'ssd_mobilenetv1_model',
  landmarks: 'face_landmark_68_model',
  recognition: 'face_recognition_model',
};

interface WasmBackendModule {
  setWasmPaths(prefix: string, usePlatformFetch?: boolean): void;
}

async function startBackend(tf: Tf, wanted: BackendName): Promise<BackendName> {
  if (wanted === 'tensorflow') {
    try {
      // Registers the 'tensorflow' backend on the shared tfjs-core when the optional package is present.
      require('@tensorflow/tfjs-node');
      if (await tf.setBackend('tensorflow')) return 'tensorflow';
    } catch {
      // not installed (the normal case here): fall through to WASM
    }
    wanted = 'wasm';
  }
  if (wanted === 'wasm') {
    const wasm = require('@tensorflow/tfjs-backend-wasm') as WasmBackendModule;
    // A folder path with a trailing separator: the backend's Emscripten loader reads the .wasm with fs in Node.
    wasm.setWasmPaths(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm')) + '/');
    if (await tf.setBackend('wasm')) return 'wasm';
  }
  if (await tf.setBackend('cpu')) return 'cpu';
  throw new FaceError('ENGINE_NOT_READY', 'no TensorFlow.js backend could start');
}

let loaded: Promise<Runtime> | null = null;

/** Load tfjs, the backend and the nets once per thread; a later call asking for another detector adds it. */
export async function loadRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const rt = await loadOnce(opts);
  for (const d of opts.detectors ?? []) {
    if (rt.detectors.includes(d)) continue;
    const net = d === 'tiny' ? rt.faceapi.nets.tinyFaceDetector : rt.faceapi.nets.ssdMobilenetv1;
    await net.loadFromDisk(rt.modelsDir);
    rt.detectors.push(d);
  }
  return rt;
}

function loadOnce(opts: RuntimeOptions): Promise<Runtime> {
  loaded ??= (async () => {
    const modelsDir = opts.modelsDir ?? defaultModelsDir();
    const detectors = opts.detectors ?? ['tiny'];
    const needed = ['landmarks', 'recognition', ...detectors].map((k) => MODEL_FILES[k]);
    for (const net of needed) {
      if (!existsSync(join(modelsDir, `${net}-weights_manifest.json`)) || !existsSync(join(modelsDir, `${net}.bin`))) {
        throw new FaceError('ENGINE_NOT_READY', `model ${net} missing in ${modelsDir}: run \`npm run models\``);
      }
    }
    let faceapi: FaceApiModule;
    try {
      // The node-wasm build requires @tensorflow/tfjs and the WASM backend, not tfjs-node.
      faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApiModule;
    } catch (err) {
      throw new FaceError('ENGINE_NOT_READY', 'face-api failed to load', { cause: err });
    }
    // The same module instance face-api required (one node_modules/@tensorflow/tfjs), typed in full.
    const tf = require('@tensorflow/tfjs') as Tf;
    const backend = await startBackend(tf, opts.backend ?? 'wasm');
    await tf.ready();
    tf.enableProdMode();
    const simd = backend === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : false;
    const nets = faceapi.nets;
    await nets.faceLandmark68Net.loadFromDisk(modelsDir);
    await nets.faceRecognitionNet.loadFromDisk(modelsDir);
    if (detectors.includes('tiny')) await nets.tinyFaceDetector.loadFromDisk(modelsDir);
    if (detectors.includes('ssd')) await nets.ssdMobilenetv1.loadFromDisk(modelsDir);
    return { faceapi, tf, backend, simd, modelsDir, detectors };
  })();
  loaded.catch(() => {
    loaded = null;
  });
  return loaded;
}

interface WasmBackendInternals {
  wasm?: { HEAPU8?: Uint8Array };
  getMemoryOffset?(dataId: object): number;
}

/**
 * Zero a tensor's bytes in the WASM heap before it is disposed: freeing alone leaves frame pixels in memory
 * until the allocator reuses them. On other backends disposing is all we can do.
 */
export function scrubTensor(tf: Tf, t: { dataId: object; size: number; dtype: string; isDisposed: boolean }): void {
  if (t.isDisposed || tf.getBackend() !== 'wasm' || (t.dtype !== 'float32' && t.dtype !== 'int32')) return;
  const backend = tf.backend() as unknown as WasmBackendInternals;
  const heap = backend.wasm?.HEAPU8;
  if (!heap || !backend.getMemoryOffset) return;
  const offset = backend.getMemoryOffset(t.dataId);
  if (typeof offset !== 'number' || offset <= 0) return;
  heap.fill(0, offset, offset + t.size * 4); // float32 and int32: 4 bytes per element
}
