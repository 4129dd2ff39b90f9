import { describe, it, expect } from 'vitest';
import { createBitmap, setDot, toMono, getDot, blackDots } from '../../../electron/ticket/bitmap.ts';
import { encodeEscPos } from '../../../electron/ticket/escpos.ts';
import { bitmapToPng } from '../../../electron/ticket/png.ts';
import { renderTicket } from '../../../electron/ticket/layout.ts';
import { parseEscPos, pngDots } from './escpos-reader.ts';

describe('ESC/POS raster encoding', () => {
  it('a known 16×3 pattern: header bytes, MSB-first bits, 1 = black, init, feed and partial cut', () => {
    const b = createBitmap(16, 3);
    setDot(b, 0, 0, true); // first dot of the first row → 0x80
    setDot(b, 15, 1, true); // last dot of the second row → 0x01 in its second byte
    for (let x = 0; x < 16; x++) setDot(b, x, 2, true);
    const bytes = encodeEscPos(b, { feedLines: 3 });
    expect([...bytes]).toEqual([
      0x1b, 0x40, // ESC @
      0x1d, 0x76, 0x30, 0x00, 2, 0, 3, 0, // GS v 0, m=0, xL=2 xH=0, yL=3 yH=0
      0x80, 0x00, 0x00, 0x01, 0xff, 0xff,
      0x1b, 0x64, 3, // ESC d 3
      0x1d, 0x56, 0x42, 0x00, // GS V 66 0: partial cut
    ]);
  });

  it('a tall image goes in bands whose rows add up, each band with the width in bytes', () => {
    const b = createBitmap(576, 600);
    for (let y = 0; y < 600; y++) setDot(b, (y * 7) % 576, y, true);
    const job = parseEscPos(encodeEscPos(b, { bandRows: 256 }));
    expect(job.bands).toEqual([
      { widthBytes: 72, rows: 256, m: 0 },
      { widthBytes: 72, rows: 256, m: 0 },
      { widthBytes: 72, rows: 88, m: 0 },
    ]);
    expect(job.commands[0]).toBe('ESC @');
    expect(job.commands.at(-1)).toBe('GS V 66 0');
    for (let y = 0; y < 600; y++) expect(job.dots[y * 576 + ((y * 7) % 576)]).toBe(1);
    expect(job.dots.reduce((n, d) => n + d, 0)).toBe(600);
  });

  it('no cut when asked (tear bar), and bad options are refused', () => {
    const b = createBitmap(8, 1);
    expect(parseEscPos(encodeEscPos(b, { cut: false, feedLines: 0 })).commands).toEqual(['ESC @', 'GS v 0']);
    expect(() => encodeEscPos(b, { bandRows: 0 })).toThrow(RangeError);
    expect(() => encodeEscPos(b, { feedLines: 300 })).toThrow(RangeError);
  });

  it('the printer bytes of a real ticket decode to exactly the PNG preview, dot for dot', () => {
    for (const widthDots of [576, 384]) {
      const b = renderTicket(
        {
          result: { kind: 'hospital-ticket', holderName: 'Nguyễn Thị Hồng Ưng', ticket: { number: '0123', department: 'Khoa Nội', room: 'Phòng 203', time: '08:30' }, coverage: null, staffVerified: false },
          language: 'vi',
          kioskName: 'Bệnh viện Đa khoa — Sảnh A',
          printedAt: new Date('2026-11-23T01:30:00Z'),
        },
        { widthDots },
      );
      const job = parseEscPos(encodeEscPos(b));
      const png = pngDots(bitmapToPng(b));
      expect(job.width).toBe(widthDots);
      expect(png.width).toBe(widthDots);
      expect(job.height).toBe(png.height);
      expect(job.bands.every((x) => x.widthBytes === widthDots / 8)).toBe(true);
      expect(job.bands.length).toBe(Math.ceil(png.height / 256));
      expect(Buffer.from(job.dots).equals(Buffer.from(png.dots))).toBe(true);
      // Not an empty page: some ink, mostly paper.
      const ink = job.dots.reduce((n, d) => n + d, 0) / job.dots.length;
      expect(ink).toBeGreaterThan(0.02);
      expect(ink).toBeLessThan(0.5);
    }
  });
});

describe('PNG preview', () => {
  it('a 1-bit PNG that a PNG decoder (pngjs) reads back dot for dot, also for a width that is not a multiple of 8', () => {
    for (const [w, h] of [[13, 5], [576, 3], [1, 1]]) {
      const b = createBitmap(w, h);
      let x = 99;
      for (let y = 0; y < h; y++)
        for (let i = 0; i < w; i++) {
          x = (x * 1103515245 + 12345) >>> 0;
          if (x >>> 31) setDot(b, i, y, true);
        }
      const png = pngDots(bitmapToPng(b));
      expect([png.width, png.height]).toEqual([w, h]);
      for (let y = 0; y < h; y++) for (let i = 0; i < w; i++) expect(png.dots[y * w + i]).toBe(getDot(b, i, y) ? 1 : 0);
    }
  });
});

describe('1-bit conversion', () => {
  it('threshold: dark pixels black, light and transparent ones paper', () => {
    // 4 pixels: black, dark grey, light grey, transparent black.
    const rgba = Uint8Array.from([0, 0, 0, 255, 100, 100, 100, 255, 200, 200, 200, 255, 0, 0, 0, 0]);
    const b = toMono(rgba, 4, 1);
    expect([0, 1, 2, 3].map((x) => getDot(b, x, 0))).toEqual([true, true, false, false]);
  });

  it('dither: a flat 50 % grey comes out about half black, where a threshold at 50 % gives all or nothing', () => {
    const w = 64;
    const rgba = new Uint8Array(w * w * 4);
    for (let i = 0; i < w * w; i++) rgba.set([128, 128, 128, 255], i * 4);
    const d = blackDots(toMono(rgba, w, w, 'dither')) / (w * w);
    expect(d).toBeGreaterThan(0.4);
    expect(d).toBeLessThan(0.6);
    expect([0, w * w]).toContain(blackDots(toMono(rgba, w, w, 'threshold')));
  });
});
