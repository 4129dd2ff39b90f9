// The face engine proper, as it runs inside the worker thread: one visit at a time — the chip portrait, live
// frames through the quality gate, the liveness challenge, and the match decision. Everything biometric
// (pixels, landmarks, descriptors) lives in this object's memory and is zeroed by endVisit().
import { decodeImage, type DecodeLimits } from './decode.ts';
import { FaceError } from './errors.ts';
import type { ChallengeStep } from './guidance.ts';
import { rgbaToRgb, wipeImage, type RgbImage } from './image.ts';
import { DEFAULT_LIVENESS_POLICY, LivenessSession, randomOrder, type LivenessPolicy } from './liveness.ts';
import { analyzeMain, warmNets } from './frame.ts';
import { euclidean, isMatch, MATCH_THRESHOLD, similarity } from './match.ts';
import { assessQuality, DEFAULT_QUALITY_POLICY, frameScore, type QualityPolicy } from './quality.ts';
import { loadRuntime, type DetectorName, type Runtime, type RuntimeOptions } from './runtime.ts';
import { analyzeStill } from './still.ts';
import type { Decision, EngineInfo, Frame, FrameAnalysis, LivenessStatus, PortraitReport, QualityReport } from './types.ts';

export interface CoreOptions {
  runtime?: RuntimeOptions;
  /** Detector for live frames (default tiny: ~3× faster than SSD at equal accuracy on the shared set). */
  liveDetector?: DetectorName;
  /** Tiny detector input size for live frames (default 320 for 640 × 480 frames). */
  liveInputSize?: number;
  threshold?: number;
  quality?: Partial<QualityPolicy>;
  liveness?: Partial<LivenessPolicy>;
  /** Limits on one live frame (default 4 MB encoded, 1920 × 1200 pixels). */
  frameLimits?: DecodeLimits;
  /** Limits on the portrait (default 2 MB, 16 MP: chip portraits are ~15–30 KB, CLI photos larger). */
  portraitLimits?: DecodeLimits;
  /** Good frames kept as match candidates (the decision takes the best). */
  maxCandidates?: number;
  /** decide() reports verified only after a passed liveness challenge (default true; the CLI turns it off). */
  requireLiveness?: boolean;
}

export interface AnalyzeOptions {
  /** 'auto' (kiosk): describe only frames that pass the gate and improve the candidate set; 'always': any face. */
  describe?: 'auto' | 'always';
  /** Frame time in ms (default Date.now()); liveness timing uses it. */
  at?: number;
  /**
   * Treat the frame as a still photo rather than a camera frame: scaled down when large, bordered when a tight
   * crop, detector cascade (still.ts), and portrait-sized limits. For the CLI; implies describe 'always'.
   */
  still?: boolean;
}

export const DEFAULT_FRAME_LIMITS: Readonly<DecodeLimits> = { maxBytes: 4 * 1024 * 1024, maxPixels: 1920 * 1200 };
export const DEFAULT_PORTRAIT_LIMITS: Readonly<DecodeLimits> = { maxBytes: 2 * 1024 * 1024, maxPixels: 16_000_000 };

interface Candidate {
  descriptor: Float32Array;
  score: number;
}

export class FaceCore {
  private rt: Runtime | null = null;
  private readonly opts: CoreOptions;
  private readonly quality: QualityPolicy;
  private readonly livenessPolicy: LivenessPolicy;
  private readonly threshold: number;
  private warmupMs = 0;
  private portrait: Float32Array | null = null;
  private candidates: Candidate[] = [];
  private liveness: LivenessSession | null = null;
  private firstGoodAt: number | null = null;

  constructor(opts: CoreOptions = {}) {
    this.opts = opts;
    this.quality = { ...DEFAULT_QUALITY_POLICY, ...opts.quality };
    this.livenessPolicy = { ...DEFAULT_LIVENESS_POLICY, ...opts.liveness };
    this.threshold = opts.threshold ?? MATCH_THRESHOLD;
  }

  private get liveDetector(): DetectorName {
    return this.opts.liveDetector ?? 'tiny';
  }

  private async runtime(): Promise<Runtime> {
    this.rt ??= await loadRuntime({ detectors: [this.liveDetector], ...this.opts.runtime });
    return this.rt;
  }

  /** Load models and run one inference so the first real frame does not pay for compilation. */
  async warmup(): Promise<EngineInfo> {
    const t0 = performance.now();
    await warmNets(await this.runtime());
    this.warmupMs = performance.now() - t0;
    return this.info();
  }

  info(): EngineInfo {
    return {
      backend: this.rt?.backend ?? 'wasm',
      simd: this.rt?.simd ?? false,
      liveDetector: this.liveDetector,
      threshold: this.threshold,
      warmupMs: this.warmupMs,
    };
  }

  /** Decode the chip portrait (JPEG / JPEG 2000 / PNG) and keep its descriptor for this visit. */
  async setPortrait(bytes: Uint8Array): Promise<PortraitReport> {
    const t0 = performance.now();
    const rt = await this.runtime();
    const img = await decodeImage(bytes, this.opts.portraitLimits ?? DEFAULT_PORTRAIT_LIMITS);
    const result = await analyzeStill(rt, img, this.liveDetector);
    try {
      if (!result.main || !result.descriptor || !result.exposure) throw new FaceError('NO_FACE', 'no face found in the portrait');
      this.portrait?.fill(0);
      this.portrait = result.descriptor;
      const g = result.main.geometry;
      return {
        width: img.width,
        height: img.height,
        detector: result.detectedBy?.startsWith('ssd') ? 'ssd' : 'tiny',
        faceCount: result.faces.length,
        score: result.main.score,
        interEye: g.interEye,
        yaw: g.yaw,
        pitch: g.pitch,
        roll: g.roll,
        sharpness: result.exposure.sharpness,
        brightness: result.exposure.brightness,
        ms: performance.now() - t0,
      };
    } finally {
      if (result.image !== img) wipeImage(result.image);
      wipeImage(img);
    }
  }

  private async frameImage(frame: Frame): Promise<RgbImage> {
    const limits = this.opts.frameLimits ?? DEFAULT_FRAME_LIMITS;
    if (frame.kind === 'jpeg') {
      if (!(frame.bytes instanceof Uint8Array)) throw new FaceError('FRAME_INVALID', 'frame bytes must be a Uint8Array');
      return decodeImage(frame.bytes, limits);
    }
    const { width, height, data } = frame;
    if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0 || !(data instanceof Uint8Array)) {
      throw new FaceError('FRAME_INVALID', 'RGBA frame needs positive integer width, height and Uint8Array data');
    }
    if (width * height > limits.maxPixels) {
      throw new FaceError('FRAME_TOO_LARGE', `frame of ${width}×${height} exceeds ${limits.maxPixels} pixels`);
    }
    if (data.length !== width * height * 4) throw new FaceError('FRAME_INVALID', `RGBA data is ${data.length} bytes, expected ${width * height * 4}`);
    return rgbaToRgb(data, width, height);
  }

  private worstCandidate(): number {
    return this.candidates.reduce((m, c) => Math.min(m, c.score), Infinity);
  }

  /** A still photo as a match candidate (CLI): the still pipeline, then the quality gate for the record. */
  private async analyzeStillFrame(frame: Frame, t0: number): Promise<FrameAnalysis> {
    const rt = await this.runtime();
    const img =
      frame.kind === 'jpeg' ? await decodeImage(frame.bytes, this.opts.portraitLimits ?? DEFAULT_PORTRAIT_LIMITS) : await this.frameImage(frame);
    const result = await analyzeStill(rt, img, this.liveDetector);
    try {
      const m = result.main;
      let quality: QualityReport = { ok: false, codes: ['NO_FACE'], metrics: null };
      let distance: number | null = null;
      if (m && result.exposure) {
        quality = assessQuality(
          { frameWidth: result.image.width, frameHeight: result.image.height, faces: result.faces, geometry: m.geometry, exposure: result.exposure },
          this.quality,
        );
      }
      if (result.descriptor) {
        if (this.portrait) distance = euclidean(this.portrait, result.descriptor);
        this.candidates.push({ descriptor: result.descriptor, score: quality.metrics ? frameScore(quality.metrics) : -Infinity });
        this.firstGoodAt ??= t0;
      }
      return {
        quality,
        face: m ? { box: { ...m.box }, yaw: m.geometry.yaw, pitch: m.geometry.pitch, roll: m.geometry.roll, ear: m.geometry.ear, interEye: m.geometry.interEye } : null,
        candidate: result.descriptor !== null,
        distance,
        liveness: null,
        width: img.width,
        height: img.height,
        ms: performance.now() - t0,
      };
    } finally {
      if (result.image !== img) wipeImage(result.image);
      wipeImage(img);
    }
  }

  async analyzeFrame(frame: Frame, opts: AnalyzeOptions = {}): Promise<FrameAnalysis> {
    const t0 = performance.now();
    if (opts.still) return this.analyzeStillFrame(frame, t0);
    const at = opts.at ?? Date.now();
    const rt = await this.runtime();
    const img = await this.frameImage(frame);
    let quality: QualityReport = { ok: false, codes: ['NO_FACE'], metrics: null };
    const max = this.opts.maxCandidates ?? 5;
    const blinking = this.liveness?.status().current === 'BLINK';
    try {
      const result = await analyzeMain(
        rt,
        img,
        { detector: this.liveDetector, inputSize: this.opts.liveInputSize ?? 320 },
        {
          describe: (main, exposure, faces) => {
            quality = assessQuality({ frameWidth: img.width, frameHeight: img.height, faces, geometry: main.geometry, exposure }, this.quality);
            if (opts.describe === 'always') return true;
            // Frames of a blink step may show closed eyes: not what the portrait shows, so not compared.
            if (!quality.ok || blinking || !quality.metrics) return false;
            return this.candidates.length < max || frameScore(quality.metrics) > this.worstCandidate();
          },
        },
      );
      if (!result.main && result.faces.length > 0) {
        // Faces found but landmarks failed (face at the very edge): ask to centre.
        quality = { ok: false, codes: ['CENTER_FACE'], metrics: null };
      }
      let distance: number | null = null;
      let candidate = false;
      if (result.descriptor) {
        if (this.portrait) distance = euclidean(this.portrait, result.descriptor);
        if (quality.ok && quality.metrics) {
          this.candidates.push({ descriptor: result.descriptor, score: frameScore(quality.metrics) });
          this.candidates.sort((a, b) => b.score - a.score);
          for (const evicted of this.candidates.splice(max)) evicted.descriptor.fill(0);
          candidate = this.candidates.some((c) => c.descriptor === result.descriptor);
          this.firstGoodAt ??= t0;
        } else if (opts.describe === 'always' && !quality.ok) {
          // The CLI compares whatever face it was given; the frame still counts, flagged by its quality codes.
          this.candidates.push({ descriptor: result.descriptor, score: -Infinity });
          candidate = true;
        } else {
          result.descriptor.fill(0);
        }
      }
      let liveness: LivenessStatus | null = null;
      if (this.liveness) {
        const m = result.main;
        const flat = m ? Float32Array.from(m.landmarks.flatMap((p) => [p.x, p.y])) : undefined;
        liveness = this.liveness.feed({
          t: at,
          faceCount: quality.metrics ? quality.metrics.faceCount : result.faces.length,
          yaw: m?.geometry.yaw,
          ear: m?.geometry.ear,
          box: m?.box,
          landmarks: flat,
        });
        flat?.fill(0);
      }
      const m = result.main;
      return {
        quality,
        face: m
          ? { box: { ...m.box }, yaw: m.geometry.yaw, pitch: m.geometry.pitch, roll: m.geometry.roll, ear: m.geometry.ear, interEye: m.geometry.interEye }
          : null,
        candidate,
        distance,
        liveness,
        width: img.width,
        height: img.height,
        ms: performance.now() - t0,
      };
    } finally {
      wipeImage(img);
    }
  }

  /** Start the active challenge; steps default to blink, turn left, turn right in a fresh random order. */
  startLiveness(steps?: ChallengeStep[], at: number = Date.now()): LivenessStatus {
    this.liveness?.wipe();
    this.liveness = new LivenessSession(steps ?? randomOrder(), at, this.livenessPolicy);
    return this.liveness.status();
  }

  livenessStatus(): LivenessStatus {
    if (!this.liveness) throw new FaceError('LIVENESS_NOT_STARTED', 'startLiveness() was not called in this visit');
    return this.liveness.status();
  }

  decide(opts: { requireLiveness?: boolean } = {}): Decision {
    const t0 = performance.now();
    if (!this.portrait) throw new FaceError('NO_PORTRAIT', 'setPortrait() was not called in this visit');
    if (this.candidates.length === 0) throw new FaceError('NO_GOOD_FRAME', 'no live frame passed the quality gate yet');
    const portrait = this.portrait;
    const distances = this.candidates.map((c) => euclidean(portrait, c.descriptor));
    const distance = Math.min(...distances);
    let spread = 0;
    for (let i = 0; i < this.candidates.length; i++) {
      for (let j = i + 1; j < this.candidates.length; j++) {
        spread = Math.max(spread, euclidean(this.candidates[i].descriptor, this.candidates[j].descriptor));
      }
    }
    const sameSubject = isMatch(spread, this.threshold);
    const liveness = this.liveness?.status() ?? null;
    const requireLiveness = opts.requireLiveness ?? this.opts.requireLiveness ?? true;
    const match = isMatch(distance, this.threshold);
    return {
      distance,
      similarity: similarity(distance, this.threshold),
      match,
      threshold: this.threshold,
      framesCompared: this.candidates.length,
      sameSubject,
      liveness,
      verified: match && sameSubject && (!requireLiveness || liveness?.state === 'passed'),
      ms: this.firstGoodAt !== null ? performance.now() - this.firstGoodAt : performance.now() - t0,
    };
  }

  /** Size of the tfjs WASM heap and live tensor count, for the bench and leak checks. */
  memory(): { wasmHeap: number; tensors: number } {
    if (!this.rt) return { wasmHeap: 0, tensors: 0 };
    const backend = this.rt.tf.backend() as unknown as { wasm?: { HEAPU8?: Uint8Array } };
    return { wasmHeap: backend.wasm?.HEAPU8?.length ?? 0, tensors: this.rt.tf.memory().numTensors };
  }

  /** Forget and zero everything of this visit: portrait descriptor, candidate descriptors, liveness state. */
  endVisit(): void {
    this.portrait?.fill(0);
    this.portrait = null;
    for (const c of this.candidates) c.descriptor.fill(0);
    this.candidates = [];
    this.liveness?.wipe();
    this.liveness = null;
    this.firstGoodAt = null;
  }
}
