// What the renderer shows: one snapshot of the kiosk, pushed by main on every change. The renderer keeps no
// state of its own about the visit (it renders the latest snapshot), so wiping a visit main-side wipes it on
// screen too. Only what a screen needs is in here: a first name to greet, a ticket — never an ID number,
// a portrait or a face frame.
import type { KioskErrorCode, Language } from './errors.ts';
import type { ChallengeStep, GuidanceCode } from './guidance.ts';

export type ServiceKind = 'hospital' | 'airport';
export type KeyMethod = 'keypad' | 'qr';

export type ChipCheck = 'valid' | 'invalid' | 'signer-untrusted' | 'not-supported' | 'not-checked';

export interface ChipVerdictView {
  /** The read succeeded and the policy lets the visit go on. */
  accepted: boolean;
  passive: ChipCheck;
  active: ChipCheck;
  chip: ChipCheck;
  /** Holder's name as on the chip (DG13, Unicode), shown only for the length of the visit. */
  holderName: string | null;
}

export interface FaceView {
  phase: 'starting' | 'positioning' | 'challenge' | 'deciding';
  /** Quality-gate guidance for the latest frame, most important first. */
  guidance: GuidanceCode[];
  challenge: { current: ChallengeStep | null; done: number; total: number } | null;
  /** Face box of the latest frame as fractions of the frame (for the on-screen guide), or null. */
  box: { x: number; y: number; width: number; height: number } | null;
}

export type ResultView =
  | {
      kind: 'hospital-ticket';
      holderName: string | null;
      ticket: { number: string; department: string | null; room: string | null; time: string | null } | null;
      coverage: { benefit: string | null; validTo: string | null } | null;
      staffVerified: boolean;
    }
  | {
      kind: 'boarding';
      holderName: string | null;
      seat: string;
      flight: string | null;
      gate: string | null;
      boardingTime: string | null;
      staffVerified: boolean;
    }
  | { kind: 'queued'; service: ServiceKind; staffVerified: boolean };

/**
 * The ticket of a result: a PNG of exactly the dots sent to the printer, and how printing went. Memory only,
 * gone with the visit. 'printing' until the printer answered; 'off' when the kiosk has no printer.
 */
export interface TicketView {
  /** data:image/png;base64,… at printer width, or null (printing off, or the layout failed). */
  preview: string | null;
  widthDots: number;
  status: 'printing' | 'printed' | 'failed' | 'off';
  /** PRINT_FAILED when status is 'failed'. */
  error: KioskErrorCode | null;
}

export interface PrinterHealthView {
  kind: 'emulated' | 'tcp' | 'device' | 'off';
  /** host:port or device path (no ticket content). */
  target: string | null;
  ok: boolean;
  /** The last failure (code and errno), null after a ticket printed. */
  detail: string | null;
  printed: number;
  failed: number;
}

export type ScreenView =
  | { step: 'attract' }
  | { step: 'choose-service'; options: ServiceKind[] }
  | { step: 'consent'; service: ServiceKind }
  | { step: 'staff-desk'; reason: 'consent-refused' | 'visit-cancelled' | 'staff-rejected' }
  | { step: 'access-key'; method: KeyMethod; error: KioskErrorCode | null; attempts: number }
  | { step: 'place-card'; resume: boolean }
  /** `face`: the camera guide while the chip is read (positioning only), null until it has started or without one. */
  | { step: 'reading'; progress: number; face: FaceView | null }
  /** The face step; `verdict` is the accepted chip's, shown above the camera for the whole step. */
  | { step: 'face'; face: FaceView; verdict: ChipVerdictView }
  | { step: 'booking'; error: KioskErrorCode | null }
  | { step: 'submitting' }
  | { step: 'result'; result: ResultView; ticket?: TicketView | null }
  | { step: 'failed'; error: KioskErrorCode; canRetry: boolean; staffCanTakeOver: boolean };

export type ScreenStep = ScreenView['step'];

export interface StaffVisitFacts {
  step: ScreenStep;
  service: ServiceKind | null;
  consent: boolean | null;
  chip: { passive: ChipCheck; active: ChipCheck; chip: ChipCheck; accessProtocol: string | null } | null;
  face: { result: 'match' | 'no-match' | 'not-performed'; similarity: number | null; threshold: number | null } | null;
  liveness: 'pass' | 'fail' | 'not-performed';
  /** The challenge's failure reason (TIMEOUT, STATIC_IMAGE, MULTIPLE_FACES, FACE_LOST, WRONG_ACTION). */
  livenessReason: string | null;
  error: KioskErrorCode | null;
  /** Whether the visit's state allows a staff decision (failed with a takeover path). */
  canDecide: boolean;
}

export interface HealthView {
  /** error: why the reader cannot read now (NO_READER: unplugged, pcscd down); detail is for staff. */
  reader: { kind: 'emulated' | 'pcsc' | 'none'; ok: boolean; cardPresent: boolean; error?: KioskErrorCode | null; detail?: string | null };
  camera: 'renderer';
  face: { ok: boolean; detail: string | null };
  backends: { hospital: boolean; airport: boolean };
  outbox: { pending: number; failed: number; delivered: number } | null;
  printer?: PrinterHealthView;
}

export interface StaffView {
  /** Visit facts (no portrait, no ID number, no face data). */
  visit: StaffVisitFacts;
  health: HealthView;
  /** Demo cards the emulated reader can "tap" (staff-only picker). */
  demoCards: { id: string; label: string }[];
  tappedCard: string | null;
}

export interface KioskView {
  /** Increases with every snapshot; a renderer drops older ones. */
  seq: number;
  language: Language;
  services: ServiceKind[];
  screen: ScreenView;
  /** "Do you need more time?" is on screen until this time (ms since epoch). */
  moreTimeUntil: number | null;
  /** Staff mode: null unless a staff member is signed in. */
  staff: StaffView | null;
  /** Staff sign-in is locked until (ms since epoch), or null. */
  staffLockedUntil: number | null;
}
