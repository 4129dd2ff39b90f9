// The ticket's layout: one ResultView (hospital queue ticket, boarding result, or a "recorded, go to the desk"
// slip) drawn with Be Vietnam Pro at printer resolution and reduced to 1 bit. Vietnamese comes first with the
// English beneath; the chosen language gets the heavier weight. Of the person it prints at most the given
// name (the last word of the chip's full name, as Vietnamese address people) — never an ID number or a date
// of birth, which a ResultView does not even carry.
import { createCanvas, type SKRSContext2D } from '@napi-rs/canvas';
import type { Bilingual, Language } from '../contract/errors.ts';
import type { ResultView, ServiceKind } from '../contract/view.ts';
import { toMono, type MonoBitmap } from './bitmap.ts';
import { registerTicketFonts, ticketFont, type TicketWeight } from './font.ts';
import { PAPER_DOTS } from './paper.ts';

export { registerTicketFonts };


export interface TicketInput {
  result: ResultView;
  language: Language;
  /** Printed at the top (a hospital or terminal name); null prints the kiosk's generic title. */
  kioskName: string | null;
  printedAt: Date;
}

export interface TicketLayoutOptions {
  /** Printable width in dots, a multiple of 8 (576 for 80 mm, 384 for 58 mm). */
  widthDots?: number;
  /** Time zone of the printed time (default Asia/Ho_Chi_Minh). */
  timeZone?: string;
  /** 'given': the given name only; 'none': no name at all. */
  holderName?: 'given' | 'none';
}

type Align = 'center' | 'left';
type Item =
  | { type: 'text'; text: string; size: number; weight: TicketWeight; align: Align; after: number }
  | { type: 'rule'; after: number }
  | { type: 'space'; height: number };

const TEXT: Record<string, Bilingual> = {
  generic: { vi: 'Ki-ốt làm thủ tục', en: 'Self check-in kiosk' },
  hospitalTitle: { vi: 'SỐ THỨ TỰ KHÁM', en: 'Queue number' },
  hospitalNoNumber: { vi: 'ĐĂNG KÝ KHÁM THÀNH CÔNG', en: 'You are registered' },
  department: { vi: 'Khoa', en: 'Department' },
  room: { vi: 'Phòng', en: 'Room' },
  time: { vi: 'Giờ khám', en: 'Time' },
  coverage: { vi: 'Bảo hiểm y tế (BHYT)', en: 'Health insurance (BHYT)' },
  validTo: { vi: 'hiệu lực đến', en: 'valid until' },
  boardingTitle: { vi: 'ĐÃ LÀM THỦ TỤC', en: 'Checked in' },
  seat: { vi: 'Ghế', en: 'Seat' },
  flight: { vi: 'Chuyến bay', en: 'Flight' },
  gate: { vi: 'Cửa ra máy bay', en: 'Gate' },
  boardingTime: { vi: 'Giờ lên máy bay', en: 'Boarding time' },
  queuedTitle: { vi: 'ĐÃ GHI NHẬN THỦ TỤC', en: 'Check-in recorded' },
  queuedBody: {
    vi: 'Hệ thống đang bận; thông tin sẽ được gửi tự động. Vui lòng đưa phiếu này cho nhân viên tại quầy.',
    en: 'The system is busy; your details will be sent automatically. Please show this slip at the desk.',
  },
  hospital: { vi: 'Khám bệnh', en: 'Hospital visit' },
  airport: { vi: 'Làm thủ tục chuyến bay', en: 'Flight check-in' },
  hello: { vi: 'Xin chào', en: 'Hello' },
  staffVerified: { vi: 'Đã được nhân viên xác minh', en: 'Verified by staff' },
  keep: { vi: 'Vui lòng giữ phiếu này', en: 'Please keep this ticket' },
};

/** The given name: the last word of a Vietnamese full name ("Nguyễn Thị Hồng Ưng" → "Ưng"). */
export function givenName(fullName: string | null): string | null {
  const words = (fullName ?? '').trim().split(/\s+/).filter(Boolean);
  return words.length > 0 ? words[words.length - 1] : null;
}

/** Glyphs the ticket font may lack, replaced by ones it has. */
function printable(s: string): string {
  return s.replace(/→/g, ' - ').replace(/\s+/g, ' ').trim();
}

class Builder {
  readonly items: Item[] = [];
  constructor(private readonly lang: Language) {}

  text(text: string, size: number, weight: TicketWeight = 400, after = 6, align: Align = 'center'): this {
    this.items.push({ type: 'text', text: printable(text), size, weight, align, after });
    return this;
  }

  /** Vietnamese over English, the chosen language heavier. */
  bilingual(t: Bilingual, size: number, enSize = Math.round(size * 0.8), after = 10): this {
    this.text(t.vi, size, this.lang === 'vi' ? 700 : 400, 2);
    return this.text(t.en, enSize, this.lang === 'en' ? 700 : 400, after);
  }

  /** A small bilingual label ("Khoa / Department") and its value beneath. */
  field(label: Bilingual, value: string | null): this {
    if (!value) return this;
    this.text(`${label.vi} / ${label.en}`, 22, 400, 2);
    return this.text(value, 34, 700, 14);
  }

  rule(after = 14): this {
    this.items.push({ type: 'rule', after });
    return this;
  }

  space(height: number): this {
    this.items.push({ type: 'space', height });
    return this;
  }
}

function serviceName(s: ServiceKind): Bilingual {
  return TEXT[s];
}

function items(input: TicketInput, o: Required<TicketLayoutOptions>): Item[] {
  const b = new Builder(input.language);
  const r = input.result;
  const scale = o.widthDots / 576;
  const big = Math.round(170 * Math.max(scale, 0.7));
  b.space(8);
  if (input.kioskName) b.text(input.kioskName, 24, 700, 8);
  else b.bilingual(TEXT.generic, 24, 20, 8);
  b.rule();
  switch (r.kind) {
    case 'hospital-ticket':
      if (r.ticket) {
        b.bilingual(TEXT.hospitalTitle, 34, 26, 4);
        b.text(r.ticket.number, big, 800, 10);
      } else {
        b.bilingual(TEXT.hospitalNoNumber, 32, 26, 12);
      }
      b.rule();
      b.field(TEXT.department, r.ticket?.department ?? null);
      b.field(TEXT.room, r.ticket?.room ? r.ticket.room.replace(/^Phòng\s*/i, '') : null);
      b.field(TEXT.time, r.ticket?.time ? localTime(r.ticket.time, o.timeZone) : null);
      if (r.coverage?.benefit || r.coverage?.validTo) {
        const until = r.coverage.validTo ? `${TEXT.validTo.vi} / ${TEXT.validTo.en} ${r.coverage.validTo}` : '';
        b.field(TEXT.coverage, [r.coverage.benefit ?? '', until].filter(Boolean).join(' — '));
      }
      break;
    case 'boarding':
      b.bilingual(TEXT.boardingTitle, 34, 26, 8);
      b.field(TEXT.flight, r.flight);
      b.text(`${TEXT.seat.vi} / ${TEXT.seat.en}`, 26, 400, 0);
      b.text(r.seat, big, 800, 10);
      b.rule();
      b.field(TEXT.gate, r.gate);
      b.field(TEXT.boardingTime, r.boardingTime);
      break;
    case 'queued':
      b.bilingual(TEXT.queuedTitle, 34, 26, 8);
      b.bilingual(serviceName(r.service), 26, 22, 12);
      b.text(TEXT.queuedBody.vi, 26, input.language === 'vi' ? 700 : 400, 6);
      b.text(TEXT.queuedBody.en, 22, input.language === 'en' ? 700 : 400, 14);
      break;
  }
  const name = o.holderName === 'given' && r.kind !== 'queued' ? givenName(r.holderName) : null;
  if (name || r.staffVerified) b.rule();
  if (name) b.text(`${TEXT.hello.vi} / ${TEXT.hello.en}, ${name}`, 28, 700, 10);
  if (r.staffVerified) b.bilingual(TEXT.staffVerified, 22, 20, 10);
  b.rule();
  b.text(formatTime(input.printedAt, o.timeZone), 26, 700, 6);
  b.bilingual(TEXT.keep, 22, 20, 0);
  b.space(8);
  return b.items;
}

/** A backend's ISO date-time ("2026-11-23T01:30:00Z") as local "23/11/2026 08:30"; any other text as it is. */
export function localTime(text: string, timeZone: string): string {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return text;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : formatTime(d, timeZone);
}

export function formatTime(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const p = (t: Intl.DateTimeFormatPartTypes): string => parts.find((x) => x.type === t)?.value ?? '';
  return `${p('day')}/${p('month')}/${p('year')} ${p('hour')}:${p('minute')}`;
}

const MARGIN = 16;
const LINE = 1.32;

interface Placed {
  item: Item;
  lines: string[];
  size: number;
}

function wrap(ctx: SKRSContext2D, text: string, max: number): string[] {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && ctx.measureText(next).width > max) {
      lines.push(line);
      line = w;
    } else {
      line = next;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Lays out and rasterizes a ticket; the result is exactly what the printer gets. */
export function renderTicket(input: TicketInput, opts: TicketLayoutOptions = {}): MonoBitmap {
  const o: Required<TicketLayoutOptions> = {
    widthDots: opts.widthDots ?? PAPER_DOTS[80],
    timeZone: opts.timeZone ?? 'Asia/Ho_Chi_Minh',
    holderName: opts.holderName ?? 'given',
  };
  if (!Number.isInteger(o.widthDots) || o.widthDots % 8 !== 0 || o.widthDots < 128 || o.widthDots > 2048) {
    throw new RangeError('widthDots must be a multiple of 8 between 128 and 2048');
  }
  registerTicketFonts();
  const width = o.widthDots;
  const max = width - 2 * MARGIN;
  const scale = Math.min(1, width / 576);
  const measure = createCanvas(8, 8).getContext('2d');

  // Pass 1: sizes (scaled to the paper, a line too wide shrinks or wraps) and the total height.
  const placed: Placed[] = [];
  let height = 0;
  for (const item of items(input, o)) {
    if (item.type !== 'text') {
      placed.push({ item, lines: [], size: 0 });
      height += item.type === 'rule' ? 2 + item.after : item.height;
      continue;
    }
    let size = Math.max(14, Math.round(item.size * scale));
    measure.font = ticketFont(size, item.weight);
    let lines = wrap(measure, item.text, max);
    // A single word wider than the paper (a long queue number): shrink until it fits.
    while (size > 14 && lines.some((l) => measure.measureText(l).width > max)) {
      size = Math.round(size * 0.9);
      measure.font = ticketFont(size, item.weight);
      lines = wrap(measure, item.text, max);
    }
    placed.push({ item, lines, size });
    height += Math.ceil(lines.length * size * LINE) + item.after;
  }

  // Pass 2: draw black on white, then 1 bit.
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  ctx.textBaseline = 'alphabetic';
  let y = 0;
  for (const p of placed) {
    const item = p.item;
    if (item.type === 'space') {
      y += item.height;
      continue;
    }
    if (item.type === 'rule') {
      ctx.fillRect(MARGIN, y, max, 2);
      y += 2 + item.after;
      continue;
    }
    ctx.font = ticketFont(p.size, item.weight);
    ctx.textAlign = item.align;
    const x = item.align === 'center' ? width / 2 : MARGIN;
    for (const line of p.lines) {
      // Room above the cap height for stacked Vietnamese marks (Ễ, Ấ): the baseline sits low in the line box.
      ctx.fillText(line, x, y + Math.round(p.size * 1.05));
      y += Math.ceil(p.size * LINE);
    }
    y += item.after;
  }
  const img = ctx.getImageData(0, 0, width, height);
  return toMono(img.data, width, height, 'threshold');
}
