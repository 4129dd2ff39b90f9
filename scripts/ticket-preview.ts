// Sample tickets for looking at the layout and trying a printer, with made-up data only (never a visit's):
//   npx tsx scripts/ticket-preview.ts [out-dir] [--paper 58|80] [--lang vi|en] [--tcp host[:port]] [--device /dev/usb/lp0]
// writes ticket-{hospital,boarding,queued}.png and .escpos (the exact printer bytes) to out-dir (default
// test-results/tickets), prints size and timing, and with --tcp / --device also sends the hospital sample.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Language } from '../electron/contract/errors.ts';
import type { ResultView } from '../electron/contract/view.ts';
import { encodeEscPos } from '../electron/ticket/escpos.ts';
import { renderTicket } from '../electron/ticket/layout.ts';
import { PAPER_DOTS } from '../electron/ticket/paper.ts';
import { bitmapToPng } from '../electron/ticket/png.ts';
import { DevicePrinter, TcpPrinter, type TicketPrinter } from '../electron/ticket/printer.ts';

const SAMPLES: Record<string, ResultView> = {
  hospital: {
    kind: 'hospital-ticket',
    holderName: 'Nguyễn Thị Hồng Ưng',
    ticket: { number: 'KB-007', department: 'Khoa Nội tổng hợp', room: 'Phòng 203', time: '08:30' },
    coverage: { benefit: 'Mức hưởng 80%', validTo: '31/12/2026' },
    staffVerified: false,
  },
  boarding: { kind: 'boarding', holderName: 'Trần Thị Ánh Tuyết', seat: '12A', flight: 'VN123 SGN→HAN', gate: '5', boardingTime: '09:40', staffVerified: true },
  queued: { kind: 'queued', service: 'hospital', staffVerified: false },
};

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const positional = args.filter((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
const outDir = positional[0] ?? join('test-results', 'tickets');
const paper = opt('--paper') === '58' ? 58 : 80;
const lang: Language = opt('--lang') === 'en' ? 'en' : 'vi';
mkdirSync(outDir, { recursive: true });

for (const [name, result] of Object.entries(SAMPLES)) {
  const t0 = performance.now();
  const bitmap = renderTicket({ result, language: lang, kioskName: 'Bệnh viện Đa khoa — Sảnh A', printedAt: new Date() }, { widthDots: PAPER_DOTS[paper] });
  const t1 = performance.now();
  const escpos = encodeEscPos(bitmap);
  const png = bitmapToPng(bitmap);
  const t2 = performance.now();
  writeFileSync(join(outDir, `ticket-${name}.png`), png);
  writeFileSync(join(outDir, `ticket-${name}.escpos`), escpos);
  console.log(
    `${name}: ${bitmap.width}×${bitmap.height} dots, ESC/POS ${escpos.length} B, PNG ${png.length} B; layout ${(t1 - t0).toFixed(1)} ms, encode ${(t2 - t1).toFixed(1)} ms`,
  );
}

const tcp = opt('--tcp');
const device = opt('--device');
const printer: TicketPrinter | null = tcp
  ? new TcpPrinter({ host: tcp.split(':')[0], port: tcp.includes(':') ? Number(tcp.split(':')[1]) : 9100 })
  : device
    ? new DevicePrinter({ path: device })
    : null;
if (printer) {
  const bitmap = renderTicket({ result: SAMPLES.hospital, language: lang, kioskName: 'Bệnh viện Đa khoa — Sảnh A', printedAt: new Date() }, { widthDots: PAPER_DOTS[paper] });
  try {
    await printer.print({ escpos: encodeEscPos(bitmap), png: bitmapToPng(bitmap) });
    console.log(`sent the hospital sample to ${printer.target}`);
  } catch (e) {
    console.error(`printer ${printer.target}: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
console.log(`wrote ${outDir}/ticket-*.png and .escpos`);
