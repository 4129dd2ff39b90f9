// Every word on screen, Vietnamese first and English, switchable at any moment. Error texts come from the
// contract (KIOSK_ERRORS) and camera guidance from the face engine's catalogue, so the kiosk says exactly
// what main decided.
import type { Bilingual, Language } from '../electron/contract/errors.ts';
import { KIOSK_ERRORS, type KioskErrorCode } from '../electron/contract/errors.ts';
import { CHALLENGE, GUIDANCE, type ChallengeStep, type GuidanceCode } from '../electron/contract/guidance.ts';

const T = {
  appTitle: { vi: 'Ki-ốt làm thủ tục', en: 'Self check-in kiosk' },
  touchToStart: { vi: 'Chạm vào màn hình để bắt đầu', en: 'Touch the screen to start' },
  attractLead: { vi: 'Làm thủ tục nhanh bằng thẻ Căn cước công dân gắn chip', en: 'Check in quickly with your chip ID card (CCCD)' },
  chooseService: { vi: 'Bạn cần làm thủ tục gì?', en: 'What would you like to do?' },
  serviceHospital: { vi: 'Đăng ký khám bệnh', en: 'Hospital admission' },
  serviceHospitalHint: { vi: 'Lấy số thứ tự khám', en: 'Get a queue ticket' },
  serviceAirport: { vi: 'Làm thủ tục chuyến bay', en: 'Flight check-in' },
  serviceAirportHint: { vi: 'Chuyến bay nội địa', en: 'Domestic flights' },
  consentTitle: { vi: 'Đồng ý sử dụng dữ liệu', en: 'Consent to use your data' },
  consentBody: {
    vi: 'Ki-ốt sẽ đọc chip trên thẻ CCCD của bạn (họ tên, ngày sinh, số định danh, ảnh chân dung) và chụp khuôn mặt bạn để so khớp với ảnh trên chip. Đây là dữ liệu cá nhân nhạy cảm.',
    en: 'The kiosk will read the chip of your ID card (name, date of birth, ID number, portrait) and take a picture of your face to compare it with the chip portrait. This is sensitive personal data.',
  },
  consentUse: {
    vi: 'Dữ liệu chỉ được dùng cho lần làm thủ tục này, được xoá khỏi ki-ốt ngay khi xong; chỉ thông tin cần thiết được gửi tới bệnh viện hoặc hãng bay. Ảnh khuôn mặt không được lưu.',
    en: 'It is used only for this check-in and erased from the kiosk as soon as you finish; only what is needed is sent to the hospital or airline. Your face picture is never stored.',
  },
  consentQuestion: { vi: 'Bạn có đồng ý không?', en: 'Do you agree?' },
  consentYes: { vi: 'Có, tôi đồng ý', en: 'Yes, I agree' },
  consentNo: { vi: 'Không — đến quầy nhân viên', en: 'No — go to the staff desk' },
  staffDeskTitle: { vi: 'Vui lòng đến quầy nhân viên', en: 'Please go to the staff desk' },
  staffDeskConsent: { vi: 'Bạn đã chọn không dùng ki-ốt. Nhân viên tại quầy sẽ làm thủ tục cho bạn.', en: 'You chose not to use the kiosk. Staff at the desk will check you in.' },
  staffDeskRejected: { vi: 'Nhân viên sẽ hỗ trợ bạn tại quầy.', en: 'Staff will help you at the desk.' },
  staffDeskCancelled: { vi: 'Thủ tục đã huỷ.', en: 'Check-in cancelled.' },
  keyTitle: { vi: 'Nhập thông tin trên thẻ CCCD', en: 'Enter the details on your ID card' },
  keyHint: { vi: 'Dùng bàn phím số bên dưới. Thông tin giúp mở chip của thẻ.', en: 'Use the keypad below. These details open the card chip.' },
  keyQrHint: { vi: 'Đưa mã QR ở mặt trước thẻ CCCD vào trước camera', en: 'Hold the QR code on the front of your ID card up to the camera' },
  keyUseQr: { vi: 'Quét mã QR trên thẻ', en: 'Scan the QR code on the card' },
  keyUseKeypad: { vi: 'Nhập bằng bàn phím', en: 'Type on the keypad' },
  idNumber: { vi: 'Số CCCD (12 số)', en: 'ID number (12 digits)' },
  dateOfBirth: { vi: 'Ngày sinh (ngày/tháng/năm)', en: 'Date of birth (day/month/year)' },
  dateOfExpiry: { vi: 'Có giá trị đến (ngày/tháng/năm)', en: 'Valid until (day/month/year)' },
  noExpiry: { vi: 'Không thời hạn', en: 'No expiry' },
  delete: { vi: 'Xoá', en: 'Delete' },
  next: { vi: 'Tiếp tục', en: 'Continue' },
  attempt: { vi: 'Lần thử', en: 'Attempt' },
  placeCard: { vi: 'Đặt thẻ CCCD lên đầu đọc', en: 'Place your ID card on the reader' },
  placeCardHint: { vi: 'Giữ yên thẻ cho đến khi đọc xong.', en: 'Keep the card still until reading is done.' },
  placeCardResume: { vi: 'Thẻ đã bị nhấc ra. Đặt lại thẻ để đọc tiếp.', en: 'The card was lifted. Put it back to continue reading.' },
  reading: { vi: 'Đang đọc chip…', en: 'Reading the chip…' },
  readingHint: { vi: 'Không nhấc thẻ ra.', en: 'Do not remove the card.' },
  readingLook: { vi: 'Giữ thẻ yên trên đầu đọc và nhìn vào camera', en: 'Keep the card on the reader and look at the camera' },
  cardVerified: { vi: 'Thẻ hợp lệ ✓', en: 'Card verified ✓' },
  hello: { vi: 'Xin chào', en: 'Hello' },
  faceTitle: { vi: 'Nhìn vào camera', en: 'Look at the camera' },
  faceStarting: { vi: 'Đang chuẩn bị camera…', en: 'Preparing the camera…' },
  faceHold: { vi: 'Giữ khuôn mặt trong khung', en: 'Keep your face inside the frame' },
  faceDeciding: { vi: 'Đang so khớp khuôn mặt…', en: 'Comparing your face…' },
  faceStep: { vi: 'Bước', en: 'Step' },
  cameraBlocked: { vi: 'Không mở được camera.', en: 'The camera could not be opened.' },
  bookingTitle: { vi: 'Nhập mã đặt chỗ', en: 'Enter your booking code' },
  bookingHint: { vi: 'Mã đặt chỗ gồm 6 ký tự, in trên vé điện tử.', en: 'The 6-character code on your e-ticket.' },
  bookingScan: { vi: 'Hoặc đưa thẻ lên máy bay (mã vạch) vào trước camera', en: 'Or hold your boarding pass barcode up to the camera' },
  submitting: { vi: 'Đang gửi thông tin…', en: 'Sending your check-in…' },
  resultHospital: { vi: 'Đăng ký khám thành công', en: 'You are registered' },
  ticketNumber: { vi: 'Số thứ tự', en: 'Queue number' },
  department: { vi: 'Khoa', en: 'Department' },
  room: { vi: 'Phòng', en: 'Room' },
  coverage: { vi: 'Bảo hiểm y tế (BHYT)', en: 'Health insurance (BHYT)' },
  coverageValidTo: { vi: 'hiệu lực đến', en: 'valid until' },
  resultBoarding: { vi: 'Làm thủ tục thành công', en: 'You are checked in' },
  seat: { vi: 'Ghế', en: 'Seat' },
  flight: { vi: 'Chuyến bay', en: 'Flight' },
  gate: { vi: 'Cửa', en: 'Gate' },
  boardingTime: { vi: 'Giờ lên máy bay', en: 'Boarding time' },
  resultQueued: { vi: 'Đã ghi nhận thủ tục', en: 'Your check-in is recorded' },
  resultQueuedBody: {
    vi: 'Hệ thống đang bận; thông tin sẽ được gửi tự động. Vui lòng báo nhân viên tại quầy.',
    en: 'The system is busy; your details will be sent automatically. Please tell the staff at the desk.',
  },
  staffVerified: { vi: 'Đã được nhân viên xác minh', en: 'Verified by staff' },
  ticketPreview: { vi: 'Phiếu của bạn', en: 'Your ticket' },
  ticketPreviewAlt: { vi: 'Hình phiếu đã in', en: 'Picture of the printed ticket' },
  ticketPrinting: { vi: 'Đang in phiếu…', en: 'Printing your ticket…' },
  ticketPrinted: { vi: 'Đã in phiếu — vui lòng lấy phiếu ở khe máy in.', en: 'Printed — please take your ticket from the slot.' },
  done: { vi: 'Xong', en: 'Done' },
  retry: { vi: 'Thử lại', en: 'Try again' },
  cancel: { vi: 'Huỷ', en: 'Cancel' },
  waitStaff: { vi: 'Nhân viên đang được thông báo.', en: 'Staff have been notified.' },
  moreTimeTitle: { vi: 'Bạn có cần thêm thời gian không?', en: 'Do you need more time?' },
  moreTimeYes: { vi: 'Tôi cần thêm thời gian', en: 'I need more time' },
  moreTimeNo: { vi: 'Kết thúc', en: 'End' },
  moreTimeCountdown: { vi: 'Ki-ốt sẽ xoá thông tin và bắt đầu lại sau', en: 'The kiosk will erase everything and start over in' },
  seconds: { vi: 'giây', en: 'seconds' },
  largeText: { vi: 'Chữ lớn, đọc to', en: 'Large text, read aloud' },
  connecting: { vi: 'Đang kết nối…', en: 'Connecting…' },
  staffPinTitle: { vi: 'Đăng nhập nhân viên', en: 'Staff sign-in' },
  staffSignIn: { vi: 'Đăng nhập', en: 'Sign in' },
  staffSignOut: { vi: 'Đăng xuất', en: 'Sign out' },
  staffClose: { vi: 'Đóng', en: 'Close' },
  staffMode: { vi: 'Chế độ nhân viên', en: 'Staff mode' },
  staffVisit: { vi: 'Lượt hiện tại', en: 'Current visit' },
  staffHealth: { vi: 'Thiết bị', en: 'Devices' },
  staffCards: { vi: 'Thẻ mẫu (đầu đọc giả lập)', en: 'Demo cards (emulated reader)' },
  staffTap: { vi: 'Chạm thẻ', en: 'Tap card' },
  staffTapPull: { vi: 'Chạm rồi nhấc ra giữa chừng', en: 'Tap, pull away mid-read' },
  staffRemove: { vi: 'Nhấc thẻ ra', en: 'Remove card' },
  staffDecision: { vi: 'Quyết định của nhân viên', en: 'Staff decision' },
  staffReason: { vi: 'Lý do (bắt buộc)', en: 'Reason (required)' },
  staffApprove: { vi: 'Xác minh đúng người — tiếp tục', en: 'Identity confirmed — continue' },
  staffReject: { vi: 'Không xác minh được — đến quầy', en: 'Not confirmed — send to the desk' },
  staffReasonPhoto: { vi: 'Đã đối chiếu ảnh in trên thẻ', en: 'Compared with the photo printed on the card' },
  staffReasonSecondId: { vi: 'Đã kiểm tra giấy tờ thứ hai', en: 'Checked a second document' },
  staffReasonAppearance: { vi: 'Ngoại hình thay đổi (tuổi, phẫu thuật)', en: 'Appearance changed (age, surgery)' },
} satisfies Record<string, Bilingual>;

export type TextKey = keyof typeof T;

export function t(key: TextKey, lang: Language): string {
  return T[key][lang];
}

export function errorText(code: KioskErrorCode, lang: Language): { message: string; action: string; staffCode: string } {
  const e = KIOSK_ERRORS[code];
  return { message: e.message[lang], action: e.action[lang], staffCode: e.staffCode };
}

export function guidanceText(code: GuidanceCode, lang: Language): string {
  return GUIDANCE[code][lang];
}

export function challengeText(step: ChallengeStep, lang: Language): string {
  return CHALLENGE[step][lang];
}
