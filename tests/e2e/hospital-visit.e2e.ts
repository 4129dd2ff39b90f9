// A complete hospital visit in the browser kiosk, as a person does it: touch, choose, consent, type the card
// details on the keypad, tap the demo card, watch the read, look at the camera (a fake camera playing a clip
// of the card holder turning their head), and leave with a queue ticket. Plus consent refused and the
// language switch. Screenshots of every screen go to test-results/screens/.
import type { Browser, Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { DUC, chipAccepted, enterKey, expect, launchChromium, openKiosk, screen, startKioskHost, startVisit, tapCard, test, type RunningKiosk } from './support/kiosk.ts';
import { liveClip } from './support/y4m.ts';

let kiosk: RunningKiosk;
let browser: Browser;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  // Đặng Quốc Đức's demo card carries the official portrait biden/1.jpg; the camera shows another photo of him.
  const clip = await liveClip('public-domain/biden/2.jpg', 'duc-live');
  kiosk = await startKioskHost();
  browser = await launchChromium(clip);
});

test.afterAll(async () => {
  await browser?.close();
  await kiosk?.stop();
});

async function page(): Promise<Page> {
  return openKiosk(browser, kiosk);
}

test('complete hospital visit with the demo card ends with a queue ticket, and nothing of it remains', async () => {
  const p = await page();
  await screen(p, 'attract', 'hospital-01-attract');
  await startVisit(p, 'hospital', 'hospital-');
  await enterKey(p, DUC, 'hospital-');
  await screen(p, 'place-card', 'hospital-06-place-card');
  await tapCard(p, DUC.card);
  // The camera comes on under the read: the person is placed while the chip is read.
  await screen(p, 'reading', 'hospital-07-reading', 10_000).catch(() => undefined); // may already be done
  // No screen of its own for the accepted chip: the face screen says so above the camera.
  await chipAccepted(p, DUC.name, 'hospital-08-face-chip-accepted');
  await screen(p, 'face', 'hospital-09-face');
  await expect(p.locator('.guidance')).not.toBeEmpty();
  await expect(p.locator('.guidance[data-phase="challenge"]')).toBeVisible({ timeout: 60_000 });
  // … and still says so during the challenge.
  await expect(p.getByTestId('chip-verdict')).toContainText(`Thẻ hợp lệ ✓ · Xin chào ${DUC.name}`);
  await p.screenshot({ path: 'test-results/screens/hospital-10-face-challenge.png' });
  await screen(p, 'result', 'hospital-11-result', 120_000);
  await expect(p.getByTestId('ticket')).toContainText(/KB-\d+/);
  await expect(p.getByText('Đăng ký khám thành công')).toBeVisible();
  // The printed ticket's preview (emulated printer): a PNG of printer width (80 mm = 576 dots), printed.
  await expect(p.getByRole('heading', { name: 'Phiếu của bạn' })).toBeVisible();
  const preview = p.getByTestId('ticket-preview');
  await expect(preview).toBeVisible();
  await expect(p.getByTestId('ticket-print')).toHaveAttribute('data-status', 'printed');
  const src = (await preview.getAttribute('src')) ?? '';
  expect(src).toMatch(/^data:image\/png;base64,/);
  const png = PNG.sync.read(Buffer.from(src.slice(src.indexOf(',') + 1), 'base64'));
  expect(png.width).toBe(576);
  expect(png.height).toBeGreaterThan(300);
  expect(await preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(576);
  await p.screenshot({ path: 'test-results/screens/hospital-11b-ticket.png', fullPage: true });

  // The backend got exactly one admission; the visit's data is gone from main once the person is done.
  const stats = await kiosk.hook<{ hospital: { commits: number } }>('stats');
  expect(stats.hospital.commits).toBeGreaterThanOrEqual(1);
  await p.getByRole('button', { name: 'Xong' }).click();
  await screen(p, 'attract', 'hospital-12-back-to-attract');
  expect(await kiosk.hook('residue')).toEqual({ step: 'attract', card: false, portrait: false, files: 0, keys: 0, consent: false, face: false, booking: false });
  await expect(p.locator('body')).not.toContainText(DUC.name);
  await expect(p.getByTestId('ticket-preview')).toHaveCount(0);
  expect(await p.evaluate(() => document.documentElement.dataset.camera)).toBe('off');
  await p.context().close();
});

test('consent refused: the staff desk message, and back to attract', async () => {
  const p = await page();
  await p.locator('button.attract').click();
  await p.getByRole('button', { name: /Đăng ký khám bệnh/ }).click();
  await screen(p, 'consent', 'consent-01-question');
  // Neither answer is pre-selected and both are the same size.
  const yes = p.getByRole('button', { name: 'Có, tôi đồng ý' });
  const no = p.getByRole('button', { name: 'Không — đến quầy nhân viên' });
  const [a, b] = [await yes.boundingBox(), await no.boundingBox()];
  expect(a && b && Math.abs(a.width - b.width) < 2 && Math.abs(a.height - b.height) < 2).toBe(true);
  expect(a && a.height >= 56).toBe(true);
  await no.click();
  await screen(p, 'staff-desk', 'consent-02-staff-desk');
  await expect(p.getByRole('heading', { name: 'Vui lòng đến quầy nhân viên' })).toBeVisible();
  await expect(p.getByText(/Nhân viên tại quầy sẽ làm thủ tục cho bạn/)).toBeVisible();
  expect(await kiosk.hook('residue')).toMatchObject({ consent: false, keys: 0, card: false });
  await p.getByRole('button', { name: 'Xong' }).click();
  await screen(p, 'attract', 'consent-03-attract');
  await p.context().close();
});

test('Vietnamese first, English at any step, and back', async () => {
  const p = await page();
  await expect(p.locator('html')).toHaveAttribute('lang', 'vi');
  await expect(p.getByText('Chạm vào màn hình để bắt đầu')).toBeVisible();
  await p.getByRole('button', { name: 'English' }).click();
  await expect(p.getByText('Touch the screen to start')).toBeVisible();
  await expect(p.locator('html')).toHaveAttribute('lang', 'en');
  await screen(p, 'attract', 'lang-01-attract-en');
  await p.locator('button.attract').click();
  await expect(p.getByRole('heading', { name: 'What would you like to do?' })).toBeVisible();
  await p.getByRole('button', { name: /Hospital admission/ }).click();
  await expect(p.getByRole('heading', { name: 'Consent to use your data' })).toBeVisible();
  await screen(p, 'consent', 'lang-02-consent-en');
  await p.getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(p.getByRole('heading', { name: 'Đồng ý sử dụng dữ liệu' })).toBeVisible();
  // Diacritics are drawn with the bundled Be Vietnam Pro, not a fallback font.
  const font = await p.evaluate(async () => {
    await document.fonts.ready;
    return { family: getComputedStyle(document.querySelector('h1') as Element).fontFamily, loaded: document.fonts.check('700 24px "Be Vietnam Pro"', 'Đồng ý sử dụng dữ liệu ặ ữ ỹ') };
  });
  expect(font.family).toContain('Be Vietnam Pro');
  expect(font.loaded).toBe(true);
  await p.getByRole('button', { name: 'English' }).click();
  await p.getByRole('button', { name: 'Cancel' }).click();
  await screen(p, 'attract', 'lang-03-cancelled');
  // A new visit starts in Vietnamese again.
  await expect(p.getByText('Chạm vào màn hình để bắt đầu')).toBeVisible();
  await p.context().close();
});
