// The PNG preview of a ticket bitmap: the very dots the printer gets, black on white, 8-bit greyscale.
import { PNG } from 'pngjs';
import { getDot, type MonoBitmap } from './bitmap.ts';

export function bitmapToPng(b: MonoBitmap): Uint8Array {
  const png = new PNG({ width: b.width, height: b.height });
  for (let y = 0; y < b.height; y++) {
    for (let x = 0; x < b.width; x++) {
      const p = (y * b.width + x) * 4;
      const v = getDot(b, x, y) ? 0 : 255;
      png.data[p] = v;
      png.data[p + 1] = v;
      png.data[p + 2] = v;
      png.data[p + 3] = 255;
    }
  }
  return new Uint8Array(PNG.sync.write(png, { colorType: 0 }));
}

export function pngDataUrl(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`;
}
