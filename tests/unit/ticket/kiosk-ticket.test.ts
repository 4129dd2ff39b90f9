import { describe, it, expect, afterEach } from 'vitest';
import { join } from 'node:path';
import { KioskCore, type KioskCoreOptions } from '../../../electron/checkin/kiosk-core.ts';
import { CONSENT_TEXT_VERSION } from '../../../electron/contract/kiosk-api.ts';
import { EmulatedReader, loadDemoCards } from '../../../electron/checkin/card-reader.ts';
import { STRICT_CHIP_POLICY } from '../../../electron/checkin/chip-verdict.ts';
import { DEFAULT_POLICY } from '../../../electron/checkin/visit-machine.ts';
import { StaffAuth, hashPin } from '../../../electron/checkin/staff-auth.ts';
import { TrustStore } from '../../../electron/emrtd/auth/trust-store.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import type { KioskView, TicketView } from '../../../electron/contract/view.ts';
import { EmulatedPrinter, PrinterError, type TicketPrinter } from '../../../electron/ticket/printer.ts';
import { TicketDesk } from '../../../electron/ticket/ticket-desk.ts';
import { repoRoot } from '../../helpers/shared.ts';
import { fakeBackends, fakeFaceEngine } from '../checkin/fakes.ts';
import { dataUrlToPng, parseEscPos, pngDots } from './escpos-reader.ts';
import { until } from '../checkin/view-wait.ts';

const CARDS = loadDemoCards(join(repoRoot, 'resources', 'demo-cards'));
const TRUST = TrustStore.fromDirectory(join(repoRoot, 'resources', 'csca'));
const AN = { kind: 'keypad', idNumber: '001058012345', dateOfBirth: '15031958', dateOfExpiry: 'none' } as const;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PIN = '246810';

let cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores) await c.close();
  cores = [];
});

class DeadPrinter implements TicketPrinter {
  readonly kind = 'tcp';
  readonly target = '127.0.0.1:1';
  async print(): Promise<void> {
    throw new PrinterError('TIMEOUT', 'printer 127.0.0.1:1: no answer within 5000 ms');
  }
  forget(): void {}
}

async function makeCore(printer: TicketPrinter, mode: 'up' | 'down' = 'up') {
  const tickets = new TicketDesk(printer, { kioskName: 'Bệnh viện Đa khoa — Sảnh A' });
  await tickets.warm();
  const reader = new EmulatedReader(CARDS, null);
  const audit = new MemoryAuditSink();
  const core = new KioskCore({
    reader,
    trust: TRUST,
    chipPolicy: STRICT_CHIP_POLICY,
    staff: new StaffAuth(hashPin(PIN, { N: 1 << 10, r: 8, p: 1 })),
    audit,
    face: fakeFaceEngine({ distance: 0.4, liveness: 2 }) as KioskCoreOptions['face'],
    backends: fakeBackends(mode),
    policy: DEFAULT_POLICY,
    facePolicy: { challenge: ['TURN_LEFT', 'TURN_RIGHT'], settleFrames: 2, positioningMs: 30_000 },
    tickets,
  });
  cores.push(core);
  return { core, reader, audit, tickets };
}


function ticketOf(v: KioskView): TicketView | null {
  return v.screen.step === 'result' ? (v.screen.ticket ?? null) : null;
}

async function visit(core: KioskCore, reader: EmulatedReader): Promise<void> {
  await core.call('start', {});
  await core.call('chooseService', { service: 'hospital' });
  await core.call('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION });
  await core.call('submitAccessKey', AN);
  reader.tap('nguyen-van-an');
  await until(core, (v) => v.screen.step === 'face' && v.screen.face.phase === 'positioning');
  for (let i = 0; i < 50 && core.view().screen.step === 'face'; i++) {
    await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 });
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('kiosk core prints the result', () => {
  it('a completed hospital visit shows its ticket (PNG at printer width, the same dots as the ESC/POS) and wiping leaves nothing', async () => {
    const printer = new EmulatedPrinter();
    const { core, reader, audit } = await makeCore(printer);
    const seen: (TicketView | null)[] = [];
    core.onView((v) => seen.push(ticketOf(v)));
    await visit(core, reader);
    const v = await until(core, (x) => ticketOf(x)?.status === 'printed');
    expect(v.screen).toMatchObject({ step: 'result', result: { kind: 'hospital-ticket', ticket: { number: 'KB-007' } } });
    // The first result snapshot already carried the preview.
    expect(seen.find((t) => t !== null)).toMatchObject({ status: 'printing' });
    const t = ticketOf(v)!;
    const png = pngDots(dataUrlToPng(t.preview!));
    expect(png.width).toBe(576);
    expect(t.widthDots).toBe(576);
    const job = parseEscPos(printer.last!.escpos);
    expect(Buffer.from(job.dots).equals(Buffer.from(png.dots))).toBe(true);

    await core.call('staffLogin', { pin: PIN });
    expect(core.view().staff?.health.printer).toMatchObject({ kind: 'emulated', ok: true, printed: 1, failed: 0 });
    await core.call('staffLogout', {});

    await core.call('finish', {});
    const after = core.view();
    expect(after.screen.step).toBe('attract');
    expect(JSON.stringify(after)).not.toContain('data:image/png');
    expect(printer.last).toBeNull();
    expect(audit.events.filter((e) => e.type === 'visit.ticket').map((e) => e.data)).toEqual([{ status: 'printed', code: null }]);
    expect(JSON.stringify(audit.events)).not.toMatch(/Nguyễn|KB-007|data:image/);
  });

  it('a printer that fails: the result stays on screen with its preview and PRINT_FAILED', async () => {
    const { core, reader, audit } = await makeCore(new DeadPrinter());
    await visit(core, reader);
    const v = await until(core, (x) => ticketOf(x)?.status === 'failed');
    expect(v.screen.step).toBe('result');
    expect(ticketOf(v)).toMatchObject({ status: 'failed', error: 'PRINT_FAILED' });
    expect(ticketOf(v)!.preview).toMatch(/^data:image\/png;base64,/);
    expect(audit.events.find((e) => e.type === 'visit.ticket')?.data).toEqual({ status: 'failed', code: 'TIMEOUT' });
  });

  it('a queued visit prints the "recorded, go to the desk" slip', async () => {
    const printer = new EmulatedPrinter();
    const { core, reader } = await makeCore(printer, 'down');
    await visit(core, reader);
    const v = await until(core, (x) => ticketOf(x)?.status === 'printed');
    expect(v.screen).toMatchObject({ step: 'result', result: { kind: 'queued', service: 'hospital' } });
    expect(printer.last).not.toBeNull();
  });
});
