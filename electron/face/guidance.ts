// What the kiosk tells the person in front of the camera: one code per quality failure or challenge step,
// each with a Vietnamese and an English message. The renderer shows them; the codes cross the contract.

export type GuidanceCode =
  | 'NO_FACE'
  | 'ONLY_ONE_PERSON'
  | 'MOVE_CLOSER'
  | 'MOVE_BACK'
  | 'CENTER_FACE'
  | 'LOOK_STRAIGHT'
  | 'HEAD_UPRIGHT'
  | 'TOO_DARK'
  | 'TOO_BRIGHT'
  | 'BLURRY';

export type ChallengeStep = 'BLINK' | 'TURN_LEFT' | 'TURN_RIGHT';

export interface Message {
  vi: string;
  en: string;
}

export const GUIDANCE: Readonly<Record<GuidanceCode, Message>> = {
  NO_FACE: { vi: 'Vui lòng nhìn vào camera', en: 'Please look at the camera' },
  ONLY_ONE_PERSON: { vi: 'Chỉ một người trước camera', en: 'Only one person in front of the camera, please' },
  MOVE_CLOSER: { vi: 'Vui lòng tiến lại gần hơn', en: 'Please move closer' },
  MOVE_BACK: { vi: 'Vui lòng lùi ra xa một chút', en: 'Please move back a little' },
  CENTER_FACE: { vi: 'Vui lòng đưa khuôn mặt vào giữa khung hình', en: 'Please centre your face in the frame' },
  LOOK_STRAIGHT: { vi: 'Vui lòng nhìn thẳng vào camera', en: 'Please look straight at the camera' },
  HEAD_UPRIGHT: { vi: 'Vui lòng giữ đầu thẳng', en: 'Please keep your head upright' },
  TOO_DARK: { vi: 'Quá tối, vui lòng đứng nơi có đủ ánh sáng', en: 'Too dark: please move into the light' },
  TOO_BRIGHT: { vi: 'Quá sáng, vui lòng tránh ánh sáng chiếu thẳng', en: 'Too bright: please avoid direct light' },
  BLURRY: { vi: 'Ảnh bị mờ, vui lòng giữ yên', en: 'The image is blurred: please hold still' },
};

export const CHALLENGE: Readonly<Record<ChallengeStep, Message>> = {
  BLINK: { vi: 'Vui lòng chớp mắt', en: 'Please blink' },
  // "Left"/"right" are the person's own, not the camera image's (see liveness.ts for the sign convention).
  TURN_LEFT: { vi: 'Vui lòng quay đầu sang trái', en: 'Please turn your head to your left' },
  TURN_RIGHT: { vi: 'Vui lòng quay đầu sang phải', en: 'Please turn your head to your right' },
};

/** Order in which failures are shown when several apply: the one to fix first comes first. */
export const GUIDANCE_PRIORITY: readonly GuidanceCode[] = [
  'NO_FACE', 'ONLY_ONE_PERSON', 'CENTER_FACE', 'MOVE_CLOSER', 'MOVE_BACK', 'TOO_DARK', 'TOO_BRIGHT',
  'LOOK_STRAIGHT', 'HEAD_UPRIGHT', 'BLURRY',
];

export function guidanceMessage(code: GuidanceCode, lang: 'vi' | 'en'): string {
  return GUIDANCE[code][lang];
}
