// The renderer is not trusted to hold the visit, so losing it loses nothing: in the browser kiosk the page is
// lost (closed with no unload handlers), reloaded, or closed and opened again mid-visit, and the visit comes back exactly where main holds
// it (main pushes its snapshot to every page that connects with the token) and goes on or is cancelled
// cleanly. A tab opened without the token (or a socket with a wrong token or a foreign Origin) gets nothing:
// it cannot see or drive the visit.
import WebSocket from 'ws';
import type { Browser, Page } from '@playwright/test';
import { DUC, chipAccepted, enterKey, expect, launchChromium, openKiosk, screen, startKioskHost, startVisit, tapCard, test, type RunningKiosk } from './support/kiosk.ts';

let kiosk: RunningKiosk;
let browser: Browser;

const EMPTY = { step: 'attract', card: false, portrait: false, files: 0, keys: 0, consent: false, face: false, booking: false };

test.beforeAll(async () => {
  test.setTimeout(240_000);
  kiosk = await startKioskHost();
  browser = await launchChromium(null);
});

test.afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

async function newPage(url: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1024 }, permissions: ['camera'] });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** Tries to open the kiosk's socket as an outsider would; resolves with the HTTP status of the refusal, or 101. */
function socketStatus(token: string, origin: string): Promise<number> {
  const base = new URL(kiosk.url);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${base.host}/kiosk?token=${encodeURIComponent(token)}`, { origin });
    ws.once('open', () => {
      ws.terminate();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.once('error', (e) => reject(e));
  });
}

test('the renderer is lost at the card step: loaded again, it shows the same step from main, the read goes on, cancel wipes', async () => {
  const crashedPage = await openKiosk(browser, kiosk);
  await startVisit(crashedPage, 'hospital');
  await enterKey(crashedPage, DUC);
  await screen(crashedPage, 'place-card', 'faults-01-place-card');

  // The renderer is lost: its socket drops and all its state goes (Chromium's Page.crash wedges the whole
  // browser under Playwright, so the loss is a closed page) …
  const context = crashedPage.context();
  await crashedPage.close({ runBeforeUnload: false });
  // … and the shell loads the kiosk page again in a new renderer, as the Electron main process does on
  // render-process-gone.
  const p = await context.newPage();
  await p.goto(kiosk.kioskUrl);
  await screen(p, 'place-card', 'faults-02-reloaded-place-card');
  // The key typed before the crash is still held main-side (the renderer never had it to lose).
  expect(await kiosk.hook('residue')).toMatchObject({ step: 'place-card', keys: 1, consent: true });

  await tapCard(p, DUC.card);
  await chipAccepted(p, DUC.name, 'faults-03-chip-accepted').catch(() => undefined); // may already be past it
  // The face step (the default fake camera shows no face, so it may already have ended in FACE_NOT_CAPTURED):
  // reloaded there, the page shows exactly the step main holds, and the camera starts again if it is the face.
  const shown = p.locator('main[data-screen="face"], main[data-screen="failed"]');
  await expect(shown).toBeVisible({ timeout: 60_000 });
  const before = await shown.getAttribute('data-screen');
  await p.reload();
  await screen(p, before ?? 'face', 'faults-04-reloaded-face');
  expect(await kiosk.hook('residue')).toMatchObject({ step: before, card: true, portrait: true });
  await p.getByRole('button', { name: 'Huỷ' }).click();
  await screen(p, 'attract', 'faults-05-cancelled');
  expect(await kiosk.hook('residue')).toEqual(EMPTY);
  await expect(p.locator('body')).not.toContainText(DUC.name);
  await p.context().close();
});

test('the page is closed mid-visit and the kiosk URL opened again: the visit is where it was; without the token nothing', async () => {
  const first = await openKiosk(browser, kiosk);
  await first.locator('button.attract').click();
  await first.getByRole('button', { name: /Đăng ký khám bệnh/ }).click();
  await screen(first, 'consent', 'faults-10-consent');
  await first.context().close();

  // A tab without the token: no socket, so no snapshot and no way to act.
  const outsider = await newPage(kiosk.url);
  await expect(outsider.locator('main[data-screen="connecting"]')).toBeVisible();
  // Still nothing after the renderer's reconnect attempts.
  await outsider.waitForTimeout(3_000);
  await expect(outsider.locator('main[data-screen="connecting"]')).toBeVisible();
  await expect(outsider.locator('main[data-screen="consent"]')).toHaveCount(0);
  // Nor by hand: a wrong token, or the right token from another origin, is refused before any message.
  expect(await socketStatus('0'.repeat(64), new URL(kiosk.url).origin)).toBe(403);
  expect(await socketStatus(kiosk.token, 'http://evil.example')).toBe(403);

  // The kiosk's own URL (with the token) comes back to the consent question, and the visit goes on.
  const again = await newPage(kiosk.kioskUrl);
  await screen(again, 'consent', 'faults-11-consent-again');
  await again.getByRole('button', { name: 'Không — đến quầy nhân viên' }).click();
  await screen(again, 'staff-desk', 'faults-12-staff-desk');
  // The outsider tab still shows nothing of it.
  await expect(outsider.locator('main[data-screen="staff-desk"]')).toHaveCount(0);
  await again.getByRole('button', { name: 'Xong' }).click();
  await screen(again, 'attract', 'faults-13-attract');
  expect(await kiosk.hook('residue')).toEqual(EMPTY);
  await outsider.context().close();
  await again.context().close();
});
