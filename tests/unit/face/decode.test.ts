import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { decodeImage, jpegSize, sniffFormat } from '../../../electron/face/decode.ts';
import { FaceError } from '../../../electron/face/errors.ts';
import { jpeg2000Size } from '../../../electron/face/jpeg2000.ts';
import { jpegHeaderClaiming, sharedBytes } from './frames.ts';

const LIMITS = { maxBytes: 32 << 20, maxPixels: 40_000_000 };

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'resolved';
  } catch (err) {
    expect(err).toBeInstanceOf(FaceError);
    return (err as FaceError).code;
  }
}

describe('image decoding', () => {
  it('decodes a JPEG photo to RGB at its header size', async () => {
    const bytes = sharedBytes('public-domain', 'obama', '1.jpg');
    expect(sniffFormat(bytes)).toBe('jpeg');
    expect(jpegSize(bytes)).toEqual({ width: 910, height: 1137 });
    const img = await decodeImage(bytes, LIMITS);
    expect([img.width, img.height, img.data.length]).toEqual([910, 1137, 910 * 1137 * 3]);
  });

  it('decodes a greyscale PNG crop to equal R, G and B', async () => {
    const img = await decodeImage(sharedBytes('tv', 'amy', '1.png'), LIMITS);
    expect([img.width, img.height]).toEqual([150, 150]);
    for (let i = 0; i < img.data.length; i += 3 * 97) {
      expect(img.data[i]).toBe(img.data[i + 1]);
      expect(img.data[i + 1]).toBe(img.data[i + 2]);
    }
  });

  it('decodes a JPEG 2000 chip portrait exactly as the reference decoder did', async () => {
    const jp2 = sharedBytes('chip-sim', 'chip-emoA.jp2');
    expect(sniffFormat(jp2)).toBe('jp2');
    expect(jpeg2000Size(jp2)).toEqual({ width: 240, height: 320 });
    const img = await decodeImage(jp2, LIMITS);
    // chip-sim holds the same codestream decoded by another implementation, as PNG.
    const ref = PNG.sync.read(Buffer.from(sharedBytes('chip-sim', 'chip-emoA-jp2r20__stock-emotions-a-3.png')));
    expect([img.width, img.height]).toEqual([ref.width, ref.height]);
    let maxDiff = 0;
    for (let i = 0; i < img.width * img.height; i++) {
      for (let c = 0; c < 3; c++) maxDiff = Math.max(maxDiff, Math.abs(img.data[i * 3 + c] - ref.data[i * 4 + c]));
    }
    expect(maxDiff).toBeLessThanOrEqual(1);
  });

  it('decodes the other JPEG 2000 renderings (lossless, high compression, 480 px)', async () => {
    for (const [f, w, h] of [['p240-lossless.jp2', 240, 320], ['p240-r60.jp2', 240, 320], ['p480-r50.jp2', 480, 640]] as const) {
      const img = await decodeImage(sharedBytes('chip-sim', f), LIMITS);
      expect([f, img.width, img.height]).toEqual([f, w, h]);
    }
  });

  it('rejects bytes that are no image, and broken images, with IMAGE_CORRUPT', async () => {
    expect(await codeOf(decodeImage(new TextEncoder().encode('not an image at all'), LIMITS))).toBe('IMAGE_CORRUPT');
    const jpeg = sharedBytes('public-domain', 'obama', '1.jpg');
    expect(await codeOf(decodeImage(jpeg.subarray(0, 400), LIMITS))).toBe('IMAGE_CORRUPT');
    const png = sharedBytes('tv', 'amy', '1.png');
    const brokenPng = Uint8Array.from(png);
    brokenPng.fill(0x5a, 40, 200);
    expect(await codeOf(decodeImage(brokenPng, LIMITS))).toBe('IMAGE_CORRUPT');
    const jp2 = sharedBytes('chip-sim', 'chip-emoA.jp2');
    expect(await codeOf(decodeImage(jp2.subarray(0, 60), LIMITS))).toBe('IMAGE_CORRUPT');
  });

  it('refuses images over the limits before decoding them', async () => {
    expect(await codeOf(decodeImage(jpegHeaderClaiming(30000, 30000), LIMITS))).toBe('FRAME_TOO_LARGE');
    const jp2 = sharedBytes('chip-sim', 'chip-emoA.jp2');
    expect(await codeOf(decodeImage(jp2, { maxBytes: 1 << 20, maxPixels: 240 * 320 - 1 }))).toBe('FRAME_TOO_LARGE');
    expect(await codeOf(decodeImage(jp2, { maxBytes: 1000, maxPixels: 1e6 }))).toBe('FRAME_TOO_LARGE');
  });
});
