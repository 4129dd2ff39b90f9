// The face engine's public types: what the visit logic sends (frames, portrait bytes) and gets back.
// Shared by the main-side client (engine.ts) and the worker (core.ts); structured-clone friendly.
import type { ChallengeStep, GuidanceCode, Message } from './guidance.ts';
import type { Box } from './image.ts';

export type { Box } from './image.ts';

/** A live camera frame as the renderer sends it: a JPEG, or raw RGBA pixels (width × height × 4 bytes). */
export type Frame =
  | { kind: 'jpeg'; bytes: Uint8Array }
  | { kind: 'rgba'; width: number; height: number; data: Uint8Array };

export interface QualityMetrics {
  /** Faces found (score above the detector's floor). */
  faceCount: number;
  /** Detector confidence of the main (largest) face, 0..1. */
  score: number;
  /** Main face box in frame pixels. */
  box: Box;
  /** Distance between the eye centres in frame pixels. */
  interEye: number;
  /** Face box width over frame width. */
  faceWidthRatio: number;
  yaw: number;
  pitch: number;
  roll: number;
  /** Mean luma (0..255) over the face. */
  brightness: number;
  /** Fraction of face pixels at ≥ 250 luma. */
  overexposed: number;
  /** Scale-free sharpness of the face: mean |Laplacian| over contrast on a fixed-size face patch. */
  sharpness: number;
  /** Eye aspect ratio, mean of both eyes. */
  ear: number;
}

export interface QualityReport {
  /** True when the frame is good enough to compare against the portrait. */
  ok: boolean;
  /** Failures, most important first (see GUIDANCE_PRIORITY); empty when ok. */
  codes: GuidanceCode[];
  /** Null when no face was found. */
  metrics: QualityMetrics | null;
}

/** Landmark summary of the main face, enough for the UI and for liveness. */
export interface FaceSummary {
  box: Box;
  yaw: number;
  pitch: number;
  roll: number;
  ear: number;
  interEye: number;
}

export type LivenessFailure =
  | 'TIMEOUT' // the challenge was not completed in time
  | 'STATIC_IMAGE' // consecutive frames identical: a still image fed as video
  | 'MULTIPLE_FACES' // more than one face during the challenge
  | 'FACE_LOST' // the face vanished or jumped away (a swap) during the challenge
  | 'WRONG_ACTION'; // repeatedly did the opposite of what was asked

export interface LivenessStatus {
  state: 'running' | 'passed' | 'failed';
  /** The challenge, in the random order it is asked. */
  steps: ChallengeStep[];
  completed: ChallengeStep[];
  /** The step being asked now (running only) and its bilingual prompt. */
  current: ChallengeStep | null;
  prompt: Message | null;
  reason: LivenessFailure | null;
  frames: number;
  elapsedMs: number;
}

export interface FrameAnalysis {
  quality: QualityReport;
  face: FaceSummary | null;
  /** True when a descriptor was computed from this frame and kept as a match candidate. */
  candidate: boolean;
  /** Distance of this frame to the portrait, when both exist. */
  distance: number | null;
  liveness: LivenessStatus | null;
  width: number;
  height: number;
  ms: number;
}

export interface PortraitReport {
  width: number;
  height: number;
  /** Detector that found the portrait's face. */
  detector: 'tiny' | 'ssd';
  faceCount: number;
  score: number;
  interEye: number;
  yaw: number;
  pitch: number;
  roll: number;
  sharpness: number;
  brightness: number;
  ms: number;
}

export interface Decision {
  /** Euclidean distance between the portrait and the best live frame's descriptors (lower = more alike). */
  distance: number;
  /** Monotone map of distance to 0..1; exactly 0.5 at the threshold. */
  similarity: number;
  /** distance ≤ threshold. */
  match: boolean;
  threshold: number;
  /** Good live frames compared; the decision takes the best. */
  framesCompared: number;
  /** All compared live frames look like one person (no swap between frames). */
  sameSubject: boolean;
  /** Liveness outcome at decision time, or null when the visit ran none. */
  liveness: LivenessStatus | null;
  /** match && sameSubject && liveness passed (or not required). */
  verified: boolean;
  ms: number;
}

export interface EngineInfo {
  backend: 'wasm' | 'tensorflow' | 'cpu';
  simd: boolean;
  liveDetector: 'tiny' | 'ssd';
  threshold: number;
  warmupMs: number;
}
