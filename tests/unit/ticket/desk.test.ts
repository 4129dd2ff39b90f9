import { describe, it, expect } from 'vitest';
import { parsePrinterConfig, createPrinter, DEFAULT_PRINTER_CONFIG } from '../../../electron/ticket/printer-config.ts';
import { EmulatedPrinter, PrinterError, TcpPrinter, DevicePrinter, type TicketPrinter } from '../../../electron/ticket/printer.ts';
import { TicketDesk } from '../../../electron/ticket/ticket-desk.ts';
import { parseBackendConfig } from '../../../electron/config/backend-config.ts';
import { BackendError } from '../../../electron/backends/errors.ts';
import type { ResultView } from '../../../electron/contract/view.ts';
import { dataUrlToPng, parseEscPos, pngDots } from './escpos-reader.ts';

const BOARDING: ResultView = { kind: 'boarding', holderName: 'Đặng Quốc Đức', seat: '12A', flight: 'VN123', gate: '5', boardingTime: '09:40', staffVerified: false };
const AT = new Date('2026-11-23T01:30:00Z');

class FailingPrinter implements TicketPrinter {
  readonly kind = 'tcp';
  readonly target = '10.0.0.9:9100';
  async print(): Promise<void> {
    throw new PrinterError('UNREACHABLE', 'printer 10.0.0.9:9100: ECONNREFUSED');
  }
  forget(): void {}
}

describe('ticket desk', () => {
  it('emulated: the preview on screen is the PNG the printer got, and its ESC/POS is the same dots', async () => {
    const printer = new EmulatedPrinter();
    const desk = new TicketDesk(printer, { widthDots: 384 });
    await desk.warm();
    const issued = desk.issue(BOARDING, 'vi', AT);
    expect(issued.view.status).toBe('printing');
    const final = await issued.done;
    expect(final).toMatchObject({ status: 'printed', error: null, widthDots: 384 });
    const png = dataUrlToPng(final.preview!);
    expect(Buffer.from(png).equals(Buffer.from(printer.last!.png))).toBe(true);
    const img = pngDots(png);
    const job = parseEscPos(printer.last!.escpos);
    expect(img.width).toBe(384);
    expect(Buffer.from(job.dots).equals(Buffer.from(img.dots))).toBe(true);
    expect(desk.health()).toMatchObject({ kind: 'emulated', ok: true, printed: 1, failed: 0, detail: null });
    desk.forget();
    expect(printer.last).toBeNull();
  });

  it('a printer failure: the preview stays, status failed with PRINT_FAILED, health says why (no ticket content)', async () => {
    const desk = new TicketDesk(new FailingPrinter());
    await desk.warm();
    const issued = desk.issue(BOARDING, 'en', AT);
    const final = await issued.done;
    expect(final.status).toBe('failed');
    expect(final.error).toBe('PRINT_FAILED');
    expect(final.preview).toMatch(/^data:image\/png;base64,/);
    expect(await issued.failure).toBe('UNREACHABLE');
    const h = desk.health();
    expect(h).toMatchObject({ kind: 'tcp', target: '10.0.0.9:9100', ok: false, printed: 0, failed: 1 });
    expect(h.detail).toContain('UNREACHABLE');
    expect(h.detail).not.toMatch(/Đức|12A/);
  });

  it('not warmed (rasterizer not loaded): failed, not thrown; off: no preview, status off', async () => {
    const cold = new TicketDesk(new EmulatedPrinter());
    const v = await cold.issue(BOARDING, 'vi', AT).done;
    expect(v).toMatchObject({ status: 'failed', error: 'PRINT_FAILED', preview: null });
    const off = new TicketDesk(null);
    expect(off.issue(BOARDING, 'vi', AT).view).toMatchObject({ status: 'off', preview: null });
    expect(off.health()).toMatchObject({ kind: 'off', ok: false });
  });
});

describe('printer configuration', () => {
  it('absent → emulated at 80 mm; tcp, device and 58 mm parse with defaults', () => {
    expect(parsePrinterConfig(undefined)).toEqual(DEFAULT_PRINTER_CONFIG);
    expect(parsePrinterConfig({ kind: 'tcp', host: '10.1.2.3' })).toMatchObject({ kind: 'tcp', host: '10.1.2.3', port: 9100, timeoutMs: 5000, widthDots: 576 });
    expect(parsePrinterConfig({ kind: 'device', path: '/dev/usb/lp0', paperMm: 58 })).toMatchObject({ kind: 'device', path: '/dev/usb/lp0', widthDots: 384 });
    expect(parsePrinterConfig({ kind: 'off', kioskName: 'Sảnh A', holderName: 'none' })).toMatchObject({ kind: 'off', kioskName: 'Sảnh A', holderName: 'none' });
    expect(createPrinter(parsePrinterConfig({ kind: 'tcp', host: 'h' }))).toBeInstanceOf(TcpPrinter);
    expect(createPrinter(parsePrinterConfig({ kind: 'device', path: '/dev/usb/lp0' }))).toBeInstanceOf(DevicePrinter);
    expect(createPrinter(parsePrinterConfig({}))).toBeInstanceOf(EmulatedPrinter);
    expect(createPrinter(parsePrinterConfig({ kind: 'off' }))).toBeNull();
  });

  it('bad values are refused with the key named', () => {
    const bad: [unknown, RegExp][] = [
      [{ kind: 'laser' }, /printer\.kind/],
      [{ kind: 'tcp' }, /printer\.host/],
      [{ kind: 'tcp', host: 'h', port: 70000 }, /printer\.port/],
      [{ kind: 'device' }, /printer\.path/],
      [{ paperMm: 76 }, /printer\.paperMm/],
      [{ widthDots: 500 }, /printer\.widthDots/],
      [{ holderName: 'full' }, /printer\.holderName/],
      [{ timeZone: 'Mars/Olympus' }, /printer\.timeZone/],
      [[], /printer/],
    ];
    for (const [input, re] of bad) expect(() => parsePrinterConfig(input)).toThrow(re);
  });

  it('the deployment configuration carries the printer section, errors as configuration errors', () => {
    const base = { kioskId: 'k1', locationId: 'l1', outbox: { dir: 'o', key: { kind: 'env', name: 'K' } } };
    expect(parseBackendConfig(base, '/tmp').printer).toEqual(DEFAULT_PRINTER_CONFIG);
    expect(parseBackendConfig({ ...base, printer: { kind: 'tcp', host: '10.0.0.5', paperMm: 58 } }, '/tmp').printer).toMatchObject({ kind: 'tcp', host: '10.0.0.5', widthDots: 384 });
    expect(() => parseBackendConfig({ ...base, printer: { kind: 'tcp' } }, '/tmp')).toThrow(BackendError);
  });
});
