// Messages between the main-side client (engine.ts) and the worker (worker.ts). Plain structured-clone data.
import type { FaceErrorCode } from './errors.ts';
import type { ChallengeStep } from './guidance.ts';
import type { AnalyzeOptions, CoreOptions } from './core.ts';
import type { Decision, EngineInfo, Frame, FrameAnalysis, LivenessStatus, PortraitReport } from './types.ts';

export interface Ops {
  warmup: { args: []; result: EngineInfo };
  info: { args: []; result: EngineInfo };
  setPortrait: { args: [bytes: Uint8Array]; result: PortraitReport };
  analyzeFrame: { args: [frame: Frame, opts: AnalyzeOptions]; result: FrameAnalysis };
  startLiveness: { args: [steps: ChallengeStep[] | undefined, at: number | undefined]; result: LivenessStatus };
  livenessStatus: { args: []; result: LivenessStatus };
  decide: { args: [opts: { requireLiveness?: boolean }]; result: Decision };
  endVisit: { args: []; result: null };
  memory: { args: []; result: WorkerMemory };
}

export type OpName = keyof Ops;

export interface WorkerMemory {
  /** Process RSS seen from the worker (workers share the process), bytes. */
  rss: number;
  /** This worker's V8 heap, bytes. */
  heapUsed: number;
  /** The tfjs WASM heap size, bytes (0 on other backends). */
  wasmHeap: number;
  tensors: number;
}

export interface Request<K extends OpName = OpName> {
  id: number;
  op: K;
  args: Ops[K]['args'];
}

export type Reply =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; code: FaceErrorCode; message: string };

export interface WorkerData {
  options: CoreOptions;
}
