// Main-side client of the face engine: a typed, promise-based API over a worker thread. The main process only
// posts messages; decoding and inference run in the worker. A worker that dies or stops answering is replaced
// on the next call (the visit in progress is lost and the caller gets a typed error to restart it).
import { Worker } from 'node:worker_threads';
import { FaceError, isFaceErrorCode } from './errors.ts';
import type { ChallengeStep } from './guidance.ts';
import type { AnalyzeOptions, CoreOptions } from './core.ts';
import type { OpName, Ops, Reply, WorkerData, WorkerMemory } from './protocol.ts';
import type { Decision, EngineInfo, Frame, FrameAnalysis, LivenessStatus, PortraitReport } from './types.ts';

export interface FaceEngineOptions extends CoreOptions {
  /** Worker script (default: the TypeScript bootstrap beside this file). */
  workerUrl?: URL;
  /** Per-request time limit, ms (default 15 s; warm-up gets 4×). */
  timeoutMs?: number;
  /** V8 heap cap for the worker, MB (default 512; the WASM heap is outside it). */
  maxOldGenerationSizeMb?: number;
}

export interface FaceEngine {
  /** Load the models and run each net once. Call at kiosk start; other calls also start the worker lazily. */
  warmup(): Promise<EngineInfo>;
  info(): Promise<EngineInfo>;
  /** The chip portrait (JPEG, JPEG 2000 or PNG bytes). Throws FaceError NO_FACE / IMAGE_CORRUPT / FRAME_TOO_LARGE. */
  setPortrait(bytes: Uint8Array): Promise<PortraitReport>;
  /** One live frame: quality gate, face summary, liveness progress when a challenge runs. */
  analyzeFrame(frame: Frame, opts?: AnalyzeOptions): Promise<FrameAnalysis>;
  /** Start the active challenge (random order unless given); following frames feed it. */
  startLiveness(steps?: ChallengeStep[], at?: number): Promise<LivenessStatus>;
  livenessStatus(): Promise<LivenessStatus>;
  /** Portrait vs the best good frame so far. Throws NO_PORTRAIT / NO_GOOD_FRAME. */
  decide(opts?: { requireLiveness?: boolean }): Promise<Decision>;
  /** Zero and forget the portrait, frames' descriptors and liveness state. */
  endVisit(): Promise<void>;
  memory(): Promise<WorkerMemory>;
  /** Stop the worker. Further calls fail with ENGINE_CLOSED. */
  close(): Promise<void>;
}

interface Pending {
  /** The worker the request went to: only its death fails the request. */
  worker: Worker;
  resolve(v: unknown): void;
  reject(e: FaceError): void;
  timer: NodeJS.Timeout;
}

/** A copy of `bytes` in its own ArrayBuffer, so it can be transferred (the caller keeps and wipes its own). */
function ownedCopy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

export function createFaceEngine(opts: FaceEngineOptions = {}): FaceEngine {
  const { workerUrl, timeoutMs = 15_000, maxOldGenerationSizeMb = 512, ...coreOptions } = opts;
  let worker: Worker | null = null;
  let closed = false;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function failAll(err: FaceError, only?: Worker): void {
    for (const [id, p] of pending) {
      if (only && p.worker !== only) continue;
      clearTimeout(p.timer);
      pending.delete(id);
      p.reject(err);
    }
  }

  function spawn(): Worker {
    const data: WorkerData = { options: coreOptions };
    const w = new Worker(workerUrl ?? new URL('./worker-entry.mjs', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb },
    });
    w.on('message', (reply: Reply) => {
      const p = pending.get(reply.id);
      if (!p) return;
      pending.delete(reply.id);
      clearTimeout(p.timer);
      if (reply.ok) p.resolve(reply.result);
      else p.reject(new FaceError(isFaceErrorCode(reply.code) ? reply.code : 'INTERNAL', reply.message));
    });
    const lost = (why: string): void => {
      if (worker === w) worker = null;
      failAll(new FaceError('WORKER_CRASHED', `face worker stopped: ${why}`), w);
    };
    w.on('error', (err) => lost(err instanceof Error ? err.message : String(err)));
    w.on('exit', (code) => lost(`exit ${code}`));
    return w;
  }

  function call<K extends OpName>(op: K, args: Ops[K]['args'], transfer: ArrayBuffer[] = [], limit = timeoutMs): Promise<Ops[K]['result']> {
    if (closed) return Promise.reject(new FaceError('ENGINE_CLOSED', 'the face engine was closed'));
    worker ??= spawn();
    const w = worker;
    const id = nextId++;
    return new Promise<Ops[K]['result']>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new FaceError('ENGINE_TIMEOUT', `face worker did not answer ${op} within ${limit} ms`));
        // A stuck worker holds the nets: replace it.
        if (worker === w) worker = null;
        void w.terminate();
      }, limit);
      pending.set(id, { worker: w, resolve: resolve as (v: unknown) => void, reject, timer });
      w.postMessage({ id, op, args }, transfer);
    });
  }

  return {
    warmup: () => call('warmup', [], [], timeoutMs * 4),
    info: () => call('info', []),
    setPortrait(bytes) {
      if (!(bytes instanceof Uint8Array)) return Promise.reject(new FaceError('IMAGE_CORRUPT', 'portrait bytes must be a Uint8Array'));
      const copy = ownedCopy(bytes);
      return call('setPortrait', [copy], [copy.buffer as ArrayBuffer], timeoutMs * 2);
    },
    analyzeFrame(frame, analyzeOpts = {}) {
      const bytesOk = frame?.kind === 'jpeg' ? frame.bytes instanceof Uint8Array : frame?.kind === 'rgba' && frame.data instanceof Uint8Array;
      if (!bytesOk) return Promise.reject(new FaceError('FRAME_INVALID', 'a frame is { kind: "jpeg", bytes } or { kind: "rgba", width, height, data }'));
      if (frame.kind === 'jpeg') {
        const bytes = ownedCopy(frame.bytes);
        return call('analyzeFrame', [{ kind: 'jpeg', bytes }, analyzeOpts], [bytes.buffer as ArrayBuffer]);
      }
      const data = ownedCopy(frame.data);
      return call('analyzeFrame', [{ kind: 'rgba', width: frame.width, height: frame.height, data }, analyzeOpts], [data.buffer as ArrayBuffer]);
    },
    startLiveness: (steps, at) => call('startLiveness', [steps, at]),
    livenessStatus: () => call('livenessStatus', []),
    decide: (decideOpts = {}) => call('decide', [decideOpts]),
    endVisit: async () => {
      await call('endVisit', []);
    },
    memory: () => call('memory', []),
    async close() {
      if (closed) return;
      closed = true;
      const w = worker;
      worker = null;
      failAll(new FaceError('ENGINE_CLOSED', 'the face engine was closed'));
      if (w) await w.terminate();
    },
  };
}
