// The deployment's printer, from the `printer` section of the kiosk configuration file:
//   { "kind": "tcp", "host": "10.1.2.3", "port": 9100, "timeoutMs": 5000, "paperMm": 80, "kioskName": "…" }
// kind: "emulated" (default: memory only) | "tcp" | "device" (with "path") | "off". paperMm 80 → 576 dots,
// 58 → 384 dots; widthDots overrides it for other heads. holderName: "given" (default) | "none".
import { PAPER_DOTS } from './paper.ts';
import { DevicePrinter, EmulatedPrinter, TcpPrinter, type TicketPrinter } from './printer.ts';

export type PrinterTransportConfig =
  | { kind: 'off' }
  | { kind: 'emulated' }
  | { kind: 'tcp'; host: string; port: number; timeoutMs: number }
  | { kind: 'device'; path: string; timeoutMs: number };

export type PrinterConfig = PrinterTransportConfig & {
  widthDots: number;
  kioskName: string | null;
  holderName: 'given' | 'none';
  timeZone: string;
};

export const DEFAULT_PRINTER_CONFIG: PrinterConfig = {
  kind: 'emulated',
  widthDots: PAPER_DOTS[80],
  kioskName: null,
  holderName: 'given',
  timeZone: 'Asia/Ho_Chi_Minh',
};

type Fail = (path: string, what: string) => never;

function defaultFail(path: string, what: string): never {
  throw new Error(`configuration ${path}: ${what}`);
}

/** Validates the `printer` section; `fail` raises the caller's configuration error. Absent → emulated. */
export function parsePrinterConfig(input: unknown, fail: Fail = defaultFail, path = 'printer'): PrinterConfig {
  if (input === undefined || input === null) return { ...DEFAULT_PRINTER_CONFIG };
  if (typeof input !== 'object' || Array.isArray(input)) fail(path, 'must be an object');
  const o = input as Record<string, unknown>;
  const str = (k: string): string => {
    const v = o[k];
    if (typeof v !== 'string' || v.trim() === '') fail(`${path}.${k}`, 'must be a non-empty string');
    return v.trim();
  };
  const int = (k: string, fallback: number, min: number, max: number): number => {
    const v = o[k] ?? fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(`${path}.${k}`, `must be a whole number ${min}…${max}`);
    return v;
  };
  let widthDots: number = DEFAULT_PRINTER_CONFIG.widthDots;
  if (o.paperMm !== undefined) {
    if (o.paperMm !== 80 && o.paperMm !== 58) fail(`${path}.paperMm`, 'must be 80 or 58');
    widthDots = PAPER_DOTS[o.paperMm];
  }
  if (o.widthDots !== undefined) {
    widthDots = int('widthDots', widthDots, 128, 2048);
    if (widthDots % 8 !== 0) fail(`${path}.widthDots`, 'must be a multiple of 8');
  }
  const holderName = o.holderName ?? 'given';
  if (holderName !== 'given' && holderName !== 'none') fail(`${path}.holderName`, 'must be "given" or "none"');
  const timeZone = o.timeZone === undefined ? DEFAULT_PRINTER_CONFIG.timeZone : str('timeZone');
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
  } catch {
    fail(`${path}.timeZone`, 'is not a known time zone');
  }
  const common = { widthDots, kioskName: o.kioskName === undefined || o.kioskName === null ? null : str('kioskName'), holderName, timeZone } as const;
  switch (o.kind ?? 'emulated') {
    case 'off':
      return { kind: 'off', ...common };
    case 'emulated':
      return { kind: 'emulated', ...common };
    case 'tcp':
      return { kind: 'tcp', host: str('host'), port: int('port', 9100, 1, 65535), timeoutMs: int('timeoutMs', 5_000, 100, 120_000), ...common };
    case 'device':
      return { kind: 'device', path: str('path'), timeoutMs: int('timeoutMs', 5_000, 100, 120_000), ...common };
    default:
      fail(`${path}.kind`, 'must be emulated, tcp, device or off');
  }
}

/** The transport a configuration names; null when printing is off. */
export function createPrinter(c: PrinterTransportConfig): TicketPrinter | null {
  switch (c.kind) {
    case 'off':
      return null;
    case 'emulated':
      return new EmulatedPrinter();
    case 'tcp':
      return new TcpPrinter({ host: c.host, port: c.port, timeoutMs: c.timeoutMs });
    case 'device':
      return new DevicePrinter({ path: c.path, timeoutMs: c.timeoutMs });
  }
}
