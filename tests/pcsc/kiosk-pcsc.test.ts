// The kiosk on a real PC/SC reader: KioskCore from the runtime with `reader: { kind: 'pcsc' }`, over pcscd and
// the vpcd virtual reader, our software chip (a demo card) on its socket. A visit reads the chip to its verdict
// (PACE, Passive, Active and Chip Authentication), a card slid off mid-portrait resumes where it stopped when it
// comes back (counted on the card side: the bytes already sent are not sent again), and a reader that goes away
// (pcscd and its readers gone) shows as reader.ok=false with NO_READER in the staff health view, without a
// crash, and reads again once it is back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EmulatedChip } from '../../electron/card/emulator/chip.ts';
import { VpcdCard } from '../../electron/card/pcsc/vpcd-card.ts';
import { PcscCardReader } from '../../electron/checkin/pcsc-card-reader.ts';
import { startKioskRuntime, type KioskRuntime } from '../../electron/checkin/kiosk-runtime.ts';
import { fakeFaceEngine } from '../unit/checkin/fakes.ts';
import { CONSENT_TEXT_VERSION } from '../../electron/contract/kiosk-api.ts';
import type { HealthView, KioskView } from '../../electron/contract/view.ts';
import { startPcscd, stopPcscd } from './pcscd.ts';
import { demoCards, pcscRuns, READER_0 } from './stack.ts';

/** A buffer-limited chip: the portrait comes in several READ BINARY, so "mid-portrait" exists. */
const CHUNK = 4096;
/** Đặng Quốc Đức's demo card, with the details as printed on it (tests/e2e/support/kiosk.ts). */
const DUC = { card: 'dang-quoc-duc', idNumber: '079090001234', dateOfBirth: '02111990', dateOfExpiry: '02112030' };

const open: { runtimes: KioskRuntime[]; cards: VpcdCard[]; dirs: string[] } = { runtimes: [], cards: [], dirs: [] };

afterEach(async () => {
  for (const r of open.runtimes.splice(0)) await r.close();
  for (const c of open.cards.splice(0)) await c.remove();
  for (const d of open.dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  // pcscd must be polled empty before the next test puts a card down.
  await new Promise((r) => setTimeout(r, 1500));
});

function dg2Bytes(): number {
  return demoCards().find((d) => d.name === DUC.card)!.profile.files.get('DG2')!.length;
}

function chipCard(yank?: (card: VpcdCard) => boolean): VpcdCard {
  const demo = demoCards().find((d) => d.name === DUC.card);
  if (!demo) throw new Error(`demo card ${DUC.card} missing`);
  const chip = new EmulatedChip(demo.profile, { maxResponseBytes: CHUNK });
  const card: VpcdCard = new VpcdCard(chip, { beforeCommand: () => (yank?.(card) ? 'remove' : undefined) });
  open.cards.push(card);
  return card;
}

async function kiosk(readerName = READER_0): Promise<KioskRuntime> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kiosk-pcsc-'));
  open.dirs.push(dataDir);
  // A scripted face engine: the face step starts after the read and waits for frames, so the accepted chip's
  // verdict stays on the face screen (this suite is about the reader, not the face).
  const face = fakeFaceEngine({ distance: 0.4, liveness: 2 });
  const rt = await startKioskRuntime({ dataDir, reader: { kind: 'pcsc', name: readerName }, face, backends: null, services: ['hospital'] });
  open.runtimes.push(rt);
  return rt;
}

/** Resolve with the first view (now or later) that satisfies `pred`. */
function viewWhere(rt: KioskRuntime, pred: (v: KioskView) => boolean, what: string, timeoutMs = 30_000): Promise<KioskView> {
  const now = rt.core.view();
  if (pred(now)) return Promise.resolve(now);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${what} within ${timeoutMs} ms (screen: ${rt.core.view().screen.step})`));
    }, timeoutMs);
    const off = rt.core.onView((v) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      off();
      resolve(v);
    });
  });
}

const onScreen = (rt: KioskRuntime, step: KioskView['screen']['step'], timeoutMs?: number): Promise<KioskView> =>
  viewWhere(rt, (v) => v.screen.step === step, `${step} screen`, timeoutMs);

/** The reader's line in the staff health view (staff signed in with this run's PIN). */
async function readerHealth(rt: KioskRuntime): Promise<HealthView['reader']> {
  if (!rt.core.view().staff) await rt.core.call('staffLogin', { pin: rt.staffPin! });
  return rt.core.view().staff!.health.reader;
}

async function waitForHealth(rt: KioskRuntime, pred: (h: HealthView['reader']) => boolean, timeoutMs = 10_000): Promise<HealthView['reader']> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const h = await readerHealth(rt);
    if (pred(h)) return h;
    if (Date.now() > end) throw new Error(`reader health still ${JSON.stringify(h)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** From attract to "place your card" with the card's printed details typed in. */
async function toPlaceCard(rt: KioskRuntime): Promise<void> {
  await rt.core.call('start', {});
  await rt.core.call('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION });
  await rt.core.call('submitAccessKey', { kind: 'keypad', idNumber: DUC.idNumber, dateOfBirth: DUC.dateOfBirth, dateOfExpiry: DUC.dateOfExpiry });
}

/** The accepted chip's verdict, shown on the face screen. */
function expectGenuine(v: KioskView): void {
  expect(v.screen.step).toBe('face');
  if (v.screen.step !== 'face') return;
  expect(v.screen.verdict).toMatchObject({ accepted: true, passive: 'valid', active: 'valid', chip: 'valid', holderName: 'Đặng Quốc Đức' });
}

describe.skipIf(!pcscRuns)('the kiosk on a PC/SC reader (pcscd + vpcd)', () => {
  let cleanBytes = 0;

  it('a visit reads the demo card tapped on the PC/SC reader to a genuine chip verdict', async () => {
    const rt = await kiosk();
    expect(rt.reader).toBeInstanceOf(PcscCardReader);
    expect(await readerHealth(rt)).toEqual({ kind: 'pcsc', ok: true, error: null, detail: null, cardPresent: false });
    await rt.core.call('staffLogout', {});
    await toPlaceCard(rt);
    expect(rt.core.view().screen).toEqual({ step: 'place-card', resume: false });

    const card = chipCard();
    await card.insert(); // the tap: pcscd reports the card, the visit starts reading on its own
    await onScreen(rt, 'reading');
    expectGenuine(await onScreen(rt, 'face'));
    cleanBytes = card.stats.bytesOut;
    expect(cleanBytes).toBeGreaterThan(dg2Bytes()); // the portrait crossed the link
    expect(await readerHealth(rt)).toMatchObject({ kind: 'pcsc', ok: true, cardPresent: true });
  });

  it('card slid off in the middle of the portrait: "place the card again", and once it is back the read resumes', async () => {
    expect(cleanBytes).toBeGreaterThan(0); // measured by the visit above
    const rt = await kiosk();
    await toPlaceCard(rt);
    let yankedAtBytes = 0;
    // Half the bytes of a whole read is inside the portrait (DG2 is ~90 % of them): the hand slides off there.
    const card = chipCard((c) => {
      if (yankedAtBytes || c.stats.bytesOut < cleanBytes / 2) return false;
      yankedAtBytes = c.stats.bytesOut;
      return true;
    });
    await card.insert();
    const resumeScreen = await viewWhere(rt, (v) => v.screen.step === 'place-card' && v.screen.resume, 'place-card (resume) screen');
    expect(resumeScreen.screen).toEqual({ step: 'place-card', resume: true });
    expect(yankedAtBytes).toBeGreaterThan(0);
    expect(rt.reader.present()).toBeNull();

    await new Promise((r) => setTimeout(r, 1500)); // the person notices, and puts the card back
    await card.insert();
    expectGenuine(await onScreen(rt, 'face'));
    // Card side: after the return it sent only the rest (access again, the rest of the portrait): far less
    // than a read from the start would.
    const afterReturn = card.stats.bytesOut - yankedAtBytes;
    expect(afterReturn).toBeLessThan(cleanBytes - yankedAtBytes + 2_000);
    expect(afterReturn).toBeLessThan(cleanBytes / 2 + 2_000);
  });

  it('reader gone mid-read (pcscd and its readers vanish): health NO_READER, no crash; back again, the visit finishes', async () => {
    const rt = await kiosk();
    await toPlaceCard(rt);
    let unplugged: Promise<void> | null = null;
    const card = chipCard((c) => {
      if (!unplugged && c.stats.bytesOut > 8_000) {
        // The USB cable comes out: the card's link and pcscd's readers disappear (pcscd dies hard).
        unplugged = stopPcscd('SIGKILL');
        return true;
      }
      return false;
    });
    await card.insert();
    await viewWhere(rt, (v) => v.screen.step === 'place-card' && v.screen.resume, 'place-card (resume) screen');
    await unplugged;
    const down = await waitForHealth(rt, (h) => !h.ok);
    expect(down).toMatchObject({ kind: 'pcsc', ok: false, error: 'NO_READER', cardPresent: false });
    expect(down.detail).toMatch(/pcscd/);
    // The kiosk still answers while the reader is gone.
    expect(rt.core.view().screen).toEqual({ step: 'place-card', resume: true });

    await startPcscd(); // plugged back
    expect(await waitForHealth(rt, (h) => h.ok)).toMatchObject({ kind: 'pcsc', ok: true, error: null });
    await card.insert();
    expectGenuine(await onScreen(rt, 'face'));
  });

  it('no reader matching the configured name: NO_READER in health, the kiosk still runs', async () => {
    const rt = await kiosk('No Such Reader');
    const h = await readerHealth(rt);
    expect(h).toMatchObject({ kind: 'pcsc', ok: false, error: 'NO_READER', cardPresent: false });
    expect(h.detail).toContain('No Such Reader');
    await toPlaceCard(rt);
    expect(rt.core.view().screen.step).toBe('place-card');
  });
});
