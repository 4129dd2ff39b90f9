// Boarding-pass barcode pixels → text, with ZXing: PDF417, Aztec and QR, the symbologies IATA BCBP allows
// (Resolution 792). Pure JavaScript on a luminance buffer, so the same function serves the renderer's camera
// frames and Node tests. The text then goes to `parseBookingInput` — decoding proves nothing about shape.
import {
  BarcodeFormat, BinaryBitmap, DecodeHintType, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource,
  ChecksumException, FormatException,
} from '@zxing/library';

const FORMATS = [BarcodeFormat.PDF_417, BarcodeFormat.AZTEC, BarcodeFormat.QR_CODE];

/** Decodes the barcode in a grey image (one byte per pixel, row-major); null if none is found. */
export function decodeBarcodeLuminance(luminance: Uint8ClampedArray, width: number, height: number): string | null {
  if (luminance.length !== width * height) throw new RangeError('luminance buffer does not match width × height');
  const reader = new MultiFormatReader();
  const hints = new Map<DecodeHintType, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, FORMATS],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  reader.setHints(hints);
  try {
    const bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)));
    return reader.decode(bitmap).getText();
  } catch (e) {
    if (e instanceof NotFoundException || e instanceof ChecksumException || e instanceof FormatException) return null;
    throw e;
  }
}

/** RGBA pixels (canvas ImageData) to luminance (ITU-R BT.601 weights). */
export function rgbaToLuminance(rgba: Uint8ClampedArray): Uint8ClampedArray {
  const out = new Uint8ClampedArray(rgba.length / 4);
  for (let i = 0, j = 0; j < out.length; i += 4, j++) out[j] = (rgba[i] * 299 + rgba[i + 1] * 587 + rgba[i + 2] * 114) / 1000;
  return out;
}
