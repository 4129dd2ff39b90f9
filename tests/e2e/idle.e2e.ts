// The idle wipe: a visit left in the middle asks "Do you need more time?", gives the time when asked, and when
// nobody answers wipes every trace of the visit — main's visit data, the screen, the camera — and returns to
// attract. Step time limits are scaled down (×0.1) so the test does not wait minutes; no face engine is
// started (the visit stops at the face step, which says so).
import type { Browser } from '@playwright/test';
import { DUC, enterKey, expect, launchChromium, openKiosk, screen, startKioskHost, startVisit, tapCard, test, type RunningKiosk } from './support/kiosk.ts';

let kiosk: RunningKiosk;
let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  kiosk = await startKioskHost(['--no-face', '--timeout-scale', '0.1']);
  browser = await launchChromium(null);
});

test.afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

test('an abandoned visit prompts for more time, then wipes everything and returns to attract', async () => {
  const p = await openKiosk(browser, kiosk);
  await startVisit(p, 'hospital');
  await enterKey(p, DUC);
  await tapCard(p, DUC.card);
  // (The verdict, with the holder's name, shows for a quarter of a second at this scale.)
  // Without a face engine the face step fails plainly (never a made-up verdict), and the visit waits there.
  await screen(p, 'failed', 'idle-01-face-unavailable');
  await expect(p.locator('main section[data-error="FACE_ENGINE_UNAVAILABLE"]')).toBeVisible();
  expect(await kiosk.hook('residue')).toMatchObject({ card: true, portrait: true, consent: true });

  // Time is up on this screen: the prompt, and "I need more time" keeps the visit.
  const prompt = p.getByRole('alertdialog');
  await expect(prompt).toBeVisible({ timeout: 15_000 });
  await expect(prompt).toContainText('Bạn có cần thêm thời gian không?');
  await p.screenshot({ path: 'test-results/screens/idle-02-more-time.png' });
  await prompt.getByRole('button', { name: 'Tôi cần thêm thời gian' }).click();
  await expect(prompt).toBeHidden();
  await expect(p.locator('main[data-screen="failed"]')).toBeVisible();

  // Nobody answers the second time: everything of the visit goes.
  await expect(prompt).toBeVisible({ timeout: 15_000 });
  await screen(p, 'attract', 'idle-03-wiped', 15_000);
  expect(await kiosk.hook('residue')).toEqual({ step: 'attract', card: false, portrait: false, files: 0, keys: 0, consent: false, face: false, booking: false });
  const body = await p.locator('body').innerText();
  expect(body).not.toContain(DUC.name);
  expect(body).not.toContain(DUC.id);
  expect(
    await p.evaluate(() => ({
      camera: document.documentElement.dataset.camera ?? 'off',
      local: localStorage.length,
      session: sessionStorage.length,
      html: document.body.innerHTML.includes('Đặng'),
    })),
  ).toEqual({ camera: 'off', local: 0, session: 0, html: false });
  await p.context().close();
});
