// Issues the ticket of a visit's result: lays it out, encodes it for the printer, keeps the PNG preview for
// the result screen, and sends it. Never throws: a layout or printer failure becomes status 'failed' with the
// PRINT_FAILED code, and the staff screen sees the printer's last error. The preview is the visit's: the
// caller drops it when the visit is wiped, and forget() drops the transport's copy. The layout (and with it
// the native rasterizer) loads in warm(): a kiosk whose rasterizer cannot load still runs, and says the
// ticket could not be printed.
import type { Language } from '../contract/errors.ts';
import type { PrinterHealthView, ResultView, TicketView } from '../contract/view.ts';
import { encodeEscPos, type EscPosOptions } from './escpos.ts';
import type { renderTicket, TicketLayoutOptions } from './layout.ts';
import { bitmapToPng, pngDataUrl } from './png.ts';
import { PrinterError, type TicketPrinter } from './printer.ts';

export interface TicketDeskOptions extends TicketLayoutOptions {
  kioskName?: string | null;
  escpos?: EscPosOptions;
}

export interface IssuedTicket {
  /** What the result screen shows at once: the preview and status 'printing' (or 'off' / 'failed'). */
  view: TicketView;
  /** Settles (never rejects) with the final status once the printer answered. */
  done: Promise<TicketView>;
  /** The printer's error code when printing failed (for audit; no ticket content). */
  failure: Promise<string | null>;
}

export class TicketDesk {
  private printed = 0;
  private failed = 0;
  private lastError: string | null = null;
  private layout: { renderTicket: typeof renderTicket } | null = null;
  private loadError: string | null = null;

  constructor(
    readonly printer: TicketPrinter | null,
    private readonly o: TicketDeskOptions = {},
  ) {}

  /** Loads the rasterizer and registers the fonts; never rejects (a failure shows in health()). */
  async warm(): Promise<void> {
    if (this.layout || !this.printer) return;
    try {
      const m = await import('./layout.ts');
      m.registerTicketFonts();
      this.layout = m;
    } catch (e) {
      this.loadError = `LAYOUT: ${e instanceof Error ? e.message : String(e)}`;
      this.lastError = this.loadError;
    }
  }

  issue(result: ResultView, language: Language, printedAt: Date): IssuedTicket {
    const widthDots = this.o.widthDots ?? 576;
    if (!this.printer) {
      const view: TicketView = { preview: null, widthDots, status: 'off', error: null };
      return { view, done: Promise.resolve(view), failure: Promise.resolve(null) };
    }
    let job: { escpos: Uint8Array; png: Uint8Array };
    try {
      if (!this.layout) throw new Error('not loaded');
      const bitmap = this.layout.renderTicket({ result, language, kioskName: this.o.kioskName ?? null, printedAt }, this.o);
      job = { escpos: encodeEscPos(bitmap, this.o.escpos), png: bitmapToPng(bitmap) };
    } catch (e) {
      this.failed++;
      this.lastError = this.layout ? `LAYOUT: ${e instanceof Error ? e.message : String(e)}` : (this.loadError ?? 'LAYOUT: rasterizer not loaded (warm() not awaited)');
      const view: TicketView = { preview: null, widthDots, status: 'failed', error: 'PRINT_FAILED' };
      return { view, done: Promise.resolve(view), failure: Promise.resolve('LAYOUT') };
    }
    const preview = pngDataUrl(job.png);
    const outcome = this.printer.print(job).then(
      () => {
        this.printed++;
        this.lastError = null;
        return null;
      },
      (e: unknown) => {
        this.failed++;
        const pe = e instanceof PrinterError ? e : new PrinterError('IO', e instanceof Error ? e.message : String(e));
        this.lastError = `${pe.code}: ${pe.message}`;
        return pe.code;
      },
    );
    const done = outcome.then(
      (code): TicketView => ({ preview, widthDots, status: code ? 'failed' : 'printed', error: code ? 'PRINT_FAILED' : null }),
    );
    return { view: { preview, widthDots, status: 'printing', error: null }, done, failure: outcome };
  }

  forget(): void {
    this.printer?.forget();
  }

  health(): PrinterHealthView {
    return {
      kind: this.printer?.kind ?? 'off',
      target: this.printer?.target ?? null,
      ok: this.printer !== null && this.lastError === null,
      detail: this.lastError,
      printed: this.printed,
      failed: this.failed,
    };
  }
}
