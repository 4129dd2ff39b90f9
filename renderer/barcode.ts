// Reading a barcode from a camera frame, in the renderer: the CCCD's QR code (the access key) and a boarding
// pass (IATA BCBP in PDF417, Aztec or QR). Decoding is no trust decision — main validates whatever text
// comes (accessKeysFromQr, parseBookingInput) — and doing it here keeps main's event loop free.
import {
  BarcodeFormat,
  BinaryBitmap,
  ChecksumException,
  DecodeHintType,
  FormatException,
  HybridBinarizer,
  MultiFormatReader,
  NotFoundException,
  RGBLuminanceSource,
} from '@zxing/library';

const reader = new MultiFormatReader();
reader.setHints(
  new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.QR_CODE, BarcodeFormat.PDF_417, BarcodeFormat.AZTEC]],
    [DecodeHintType.TRY_HARDER, true],
    [DecodeHintType.CHARACTER_SET, 'UTF-8'],
  ]),
);

/** The text of the barcode in `img`, or null when there is none (or it does not decode cleanly). */
export function decodeBarcode(img: ImageData): string | null {
  const { data, width, height } = img;
  const lum = new Uint8ClampedArray(width * height);
  for (let i = 0, j = 0; j < lum.length; i += 4, j++) lum[j] = (data[i] * 299 + data[i + 1] * 587 + data[i + 2] * 114) / 1000;
  try {
    return reader.decode(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(lum, width, height)))).getText();
  } catch (e) {
    if (e instanceof NotFoundException || e instanceof ChecksumException || e instanceof FormatException) return null;
    return null;
  } finally {
    lum.fill(0);
    reader.reset();
  }
}
