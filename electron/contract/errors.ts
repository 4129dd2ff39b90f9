// Every failure a person at the kiosk can meet, as one stable code with what to say (Vietnamese first, then
// English), what to do next, and a short staff code that the staff screen and audit events use. Messages
// never carry personal data: they name what went wrong, never whose card or face it was.

export type Language = 'vi' | 'en';

export interface Bilingual {
  vi: string;
  en: string;
}

export const KIOSK_ERROR_CODES = [
  'INVALID_REQUEST',
  'NOT_ALLOWED_NOW',
  'SERVICE_NOT_CONFIGURED',
  'ACCESS_KEY_INVALID',
  'ACCESS_KEY_REJECTED',
  'NO_READER',
  'NO_CARD',
  'CARD_REMOVED',
  'CHIP_ERROR',
  'CHIP_NOT_AUTHENTIC',
  'CHIP_SIGNER_UNTRUSTED',
  'NO_PORTRAIT',
  'CAMERA_UNAVAILABLE',
  'FACE_ENGINE_UNAVAILABLE',
  'FACE_NOT_CAPTURED',
  'FACE_MISMATCH',
  'LIVENESS_FAILED',
  'BOOKING_INVALID',
  'BOOKING_NOT_FOUND',
  'NAME_MISMATCH',
  'NEEDS_AGENT',
  'BACKEND_UNAVAILABLE',
  'STORAGE_UNAVAILABLE',
  'SUBMIT_REJECTED',
  'PRINT_FAILED',
  'STAFF_PIN_WRONG',
  'STAFF_LOCKED',
  'STAFF_REASON_REQUIRED',
  'INTERNAL',
] as const;

export type KioskErrorCode = (typeof KIOSK_ERROR_CODES)[number];

export interface ErrorText {
  /** What happened, to the person at the kiosk. */
  message: Bilingual;
  /** What to do next. */
  action: Bilingual;
  /** Short code staff quote and audit events carry (no personal data). */
  staffCode: string;
  /** Whether the person may simply try the same step again. */
  retryable: boolean;
}

const STAFF_DESK: Bilingual = {
  vi: 'Vui lòng đến quầy nhân viên để được hỗ trợ.',
  en: 'Please go to the staff desk for help.',
};

export const KIOSK_ERRORS: Readonly<Record<KioskErrorCode, ErrorText>> = {
  INVALID_REQUEST: {
    message: { vi: 'Yêu cầu không hợp lệ.', en: 'That request was not valid.' },
    action: { vi: 'Vui lòng thử lại.', en: 'Please try again.' },
    staffCode: 'K-REQ-01',
    retryable: true,
  },
  NOT_ALLOWED_NOW: {
    message: { vi: 'Thao tác này chưa thực hiện được ở bước này.', en: 'That is not possible at this step.' },
    action: { vi: 'Vui lòng làm theo hướng dẫn trên màn hình.', en: 'Please follow the instructions on the screen.' },
    staffCode: 'K-REQ-02',
    retryable: true,
  },
  SERVICE_NOT_CONFIGURED: {
    message: { vi: 'Dịch vụ này không có tại ki-ốt này.', en: 'This service is not offered at this kiosk.' },
    action: STAFF_DESK,
    staffCode: 'K-CFG-01',
    retryable: false,
  },
  ACCESS_KEY_INVALID: {
    message: { vi: 'Số CCCD hoặc ngày tháng chưa đúng định dạng.', en: 'The ID number or a date is not in the right form.' },
    action: {
      vi: 'Nhập 12 chữ số CCCD, ngày sinh và ngày hết hạn (ngày/tháng/năm) như in trên thẻ.',
      en: 'Enter the 12-digit ID number, date of birth and expiry date (day/month/year) as printed on the card.',
    },
    staffCode: 'K-KEY-01',
    retryable: true,
  },
  ACCESS_KEY_REJECTED: {
    message: { vi: 'Thẻ không chấp nhận thông tin đã nhập.', en: 'The card did not accept the details entered.' },
    action: {
      vi: 'Vui lòng kiểm tra lại số CCCD, ngày sinh và ngày hết hạn trên thẻ rồi nhập lại.',
      en: 'Please check the ID number, date of birth and expiry date on the card and enter them again.',
    },
    staffCode: 'K-CHIP-01',
    retryable: true,
  },
  NO_READER: {
    message: { vi: 'Đầu đọc thẻ không hoạt động.', en: 'The card reader is not working.' },
    action: STAFF_DESK,
    staffCode: 'K-DEV-01',
    retryable: false,
  },
  NO_CARD: {
    message: { vi: 'Chưa thấy thẻ trên đầu đọc.', en: 'No card on the reader.' },
    action: { vi: 'Đặt thẻ CCCD lên đầu đọc và giữ yên.', en: 'Place your ID card on the reader and hold it still.' },
    staffCode: 'K-CHIP-02',
    retryable: true,
  },
  CARD_REMOVED: {
    message: { vi: 'Thẻ đã bị nhấc ra khi đang đọc.', en: 'The card was taken away during reading.' },
    action: { vi: 'Đặt lại thẻ lên đầu đọc và giữ yên đến khi xong.', en: 'Put the card back on the reader and hold it still until done.' },
    staffCode: 'K-CHIP-03',
    retryable: true,
  },
  CHIP_ERROR: {
    message: { vi: 'Không đọc được chip của thẻ.', en: 'The card chip could not be read.' },
    action: STAFF_DESK,
    staffCode: 'K-CHIP-04',
    retryable: true,
  },
  CHIP_NOT_AUTHENTIC: {
    message: { vi: 'Dữ liệu trên chip không xác thực được.', en: 'The chip data could not be verified as genuine.' },
    action: STAFF_DESK,
    staffCode: 'K-CHIP-05',
    retryable: false,
  },
  CHIP_SIGNER_UNTRUSTED: {
    message: { vi: 'Không xác định được cơ quan cấp chữ ký của thẻ.', en: 'The card was signed by an authority this kiosk does not know.' },
    action: STAFF_DESK,
    staffCode: 'K-CHIP-06',
    retryable: false,
  },
  NO_PORTRAIT: {
    message: { vi: 'Chip không có ảnh chân dung để so khớp.', en: 'The chip holds no portrait to compare with.' },
    action: STAFF_DESK,
    staffCode: 'K-CHIP-07',
    retryable: false,
  },
  CAMERA_UNAVAILABLE: {
    message: { vi: 'Camera không hoạt động.', en: 'The camera is not working.' },
    action: STAFF_DESK,
    staffCode: 'K-DEV-02',
    retryable: false,
  },
  FACE_ENGINE_UNAVAILABLE: {
    message: { vi: 'Chức năng nhận diện khuôn mặt tạm thời không sẵn sàng.', en: 'Face verification is not available right now.' },
    action: STAFF_DESK,
    staffCode: 'K-FACE-01',
    retryable: false,
  },
  FACE_NOT_CAPTURED: {
    message: { vi: 'Chưa chụp được khuôn mặt rõ nét.', en: 'We could not get a clear picture of your face.' },
    action: {
      vi: 'Vui lòng đứng thẳng trước camera, nơi đủ sáng, rồi thử lại.',
      en: 'Please stand facing the camera in good light and try again.',
    },
    staffCode: 'K-FACE-02',
    retryable: true,
  },
  FACE_MISMATCH: {
    message: { vi: 'Khuôn mặt không khớp với ảnh trên chip.', en: 'Your face did not match the photo on the chip.' },
    action: { vi: 'Nhân viên sẽ hỗ trợ bạn. Vui lòng đợi hoặc đến quầy.', en: 'A member of staff will help you. Please wait or go to the desk.' },
    staffCode: 'K-FACE-03',
    retryable: false,
  },
  LIVENESS_FAILED: {
    message: { vi: 'Chưa xác nhận được người thật trước camera.', en: 'We could not confirm a live person in front of the camera.' },
    action: { vi: 'Nhân viên sẽ hỗ trợ bạn. Vui lòng đợi hoặc đến quầy.', en: 'A member of staff will help you. Please wait or go to the desk.' },
    staffCode: 'K-FACE-04',
    retryable: false,
  },
  BOOKING_INVALID: {
    message: { vi: 'Mã đặt chỗ hoặc thẻ lên máy bay không hợp lệ.', en: 'The booking code or boarding pass is not valid.' },
    action: { vi: 'Nhập mã đặt chỗ gồm 6 ký tự.', en: 'Enter the 6-character booking code.' },
    staffCode: 'K-AIR-01',
    retryable: true,
  },
  BOOKING_NOT_FOUND: {
    message: { vi: 'Không tìm thấy đặt chỗ.', en: 'The booking was not found.' },
    action: { vi: 'Vui lòng kiểm tra mã đặt chỗ hoặc đến quầy làm thủ tục.', en: 'Please check the booking code or go to the check-in desk.' },
    staffCode: 'K-AIR-02',
    retryable: true,
  },
  NAME_MISMATCH: {
    message: { vi: 'Tên trên đặt chỗ không khớp với tên trên thẻ CCCD.', en: 'The name on the booking does not match the ID card.' },
    action: { vi: 'Vui lòng đến quầy làm thủ tục.', en: 'Please go to the check-in desk.' },
    staffCode: 'K-AIR-03',
    retryable: false,
  },
  NEEDS_AGENT: {
    message: { vi: 'Đặt chỗ này cần nhân viên làm thủ tục.', en: 'This booking needs a check-in agent.' },
    action: { vi: 'Vui lòng đến quầy làm thủ tục.', en: 'Please go to the check-in desk.' },
    staffCode: 'K-AIR-04',
    retryable: false,
  },
  BACKEND_UNAVAILABLE: {
    message: { vi: 'Hệ thống tạm thời không phản hồi.', en: 'The system is not answering right now.' },
    action: STAFF_DESK,
    staffCode: 'K-NET-01',
    retryable: false,
  },
  STORAGE_UNAVAILABLE: {
    // The outbox could not store the visit (disk full, I/O error): nothing was sent, nothing half-kept.
    message: { vi: 'Máy không lưu được thủ tục của bạn.', en: 'The kiosk could not save your check-in.' },
    action: STAFF_DESK,
    staffCode: 'K-DEV-04',
    retryable: false,
  },
  SUBMIT_REJECTED: {
    message: { vi: 'Hệ thống từ chối yêu cầu đăng ký.', en: 'The system refused the check-in.' },
    action: STAFF_DESK,
    staffCode: 'K-NET-02',
    retryable: false,
  },
  PRINT_FAILED: {
    message: { vi: 'Không in được phiếu.', en: 'Could not print the ticket.' },
    action: { vi: 'Vui lòng đưa màn hình này cho nhân viên.', en: 'Please show this screen to staff.' },
    staffCode: 'K-DEV-03',
    retryable: false,
  },
  STAFF_PIN_WRONG: {
    message: { vi: 'Mã PIN không đúng.', en: 'Wrong PIN.' },
    action: { vi: 'Nhập lại mã PIN.', en: 'Enter the PIN again.' },
    staffCode: 'K-STF-01',
    retryable: true,
  },
  STAFF_LOCKED: {
    message: { vi: 'Tạm khoá do nhập sai PIN nhiều lần.', en: 'Locked after too many wrong PINs.' },
    action: { vi: 'Vui lòng đợi rồi thử lại.', en: 'Please wait and try again.' },
    staffCode: 'K-STF-02',
    retryable: false,
  },
  STAFF_REASON_REQUIRED: {
    message: { vi: 'Cần ghi lý do cho quyết định.', en: 'A reason is required for the decision.' },
    action: { vi: 'Chọn hoặc nhập lý do.', en: 'Choose or type a reason.' },
    staffCode: 'K-STF-03',
    retryable: true,
  },
  INTERNAL: {
    message: { vi: 'Đã xảy ra lỗi.', en: 'Something went wrong.' },
    action: STAFF_DESK,
    staffCode: 'K-INT-01',
    retryable: false,
  },
};

export function isKioskErrorCode(code: unknown): code is KioskErrorCode {
  return typeof code === 'string' && (KIOSK_ERROR_CODES as readonly string[]).includes(code);
}

/** A failed request as it crosses the contract: the code and the bilingual text, no stack, no personal data. */
export interface KioskErrorPayload {
  code: KioskErrorCode;
  message: Bilingual;
  staffCode: string;
}

export class KioskError extends Error {
  readonly code: KioskErrorCode;
  constructor(code: KioskErrorCode, detail?: string, options?: { cause?: unknown }) {
    super(detail ?? KIOSK_ERRORS[code].message.en, options);
    this.name = 'KioskError';
    this.code = code;
  }

  toPayload(): KioskErrorPayload {
    const t = KIOSK_ERRORS[this.code];
    return { code: this.code, message: t.message, staffCode: t.staffCode };
  }
}

export function toKioskErrorPayload(e: unknown): KioskErrorPayload {
  return (e instanceof KioskError ? e : new KioskError('INTERNAL')).toPayload();
}
