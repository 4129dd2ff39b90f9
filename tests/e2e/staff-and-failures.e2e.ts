// What goes wrong at a kiosk, end to end: a face that does not match the chip (staff takes over and submits
// staff-verified), a still photo held to the camera (liveness fails), the card pulled away mid-read (the read
// resumes), and the hospital backend down (the visit is queued, then delivered when it is back).
import type { Browser, Page } from '@playwright/test';
import { AN, DUC, chipAccepted, enterKey, expect, launchChromium, openKiosk, screen, staffSignIn, startKioskHost, startVisit, tapCard, test, type RunningKiosk } from './support/kiosk.ts';
import { liveClip, stillClip } from './support/y4m.ts';

let kiosk: RunningKiosk;
const browsers: Browser[] = [];
let clips: { duc: string; other: string; still: string };

test.beforeAll(async () => {
  test.setTimeout(240_000);
  clips = {
    duc: await liveClip('public-domain/biden/2.jpg', 'duc-live'),
    // Someone else in front of the camera: a different person, moving like a live one.
    other: await liveClip('public-domain/obama/1.jpg', 'an-live'),
    still: await stillClip('public-domain/biden/2.jpg', 'duc-still'),
  };
  kiosk = await startKioskHost();
});

test.afterAll(async () => {
  for (const b of browsers) await b.close();
  await kiosk?.stop();
});

async function open(clip: string): Promise<Page> {
  const b = await launchChromium(clip);
  browsers.push(b);
  return openKiosk(b, kiosk);
}

async function toFace(p: Page, shots: string, opts: { pull?: boolean } = {}): Promise<void> {
  await startVisit(p, 'hospital');
  await enterKey(p, DUC);
  await screen(p, 'place-card', `${shots}-place-card`);
  await tapCard(p, DUC.card, opts);
}

test('face mismatch: staff takes over with a reason and the visit is submitted as staff-verified', async () => {
  const p = await open(clips.other);
  await toFace(p, 'mismatch-01');
  await screen(p, 'face', 'mismatch-02-face');
  await screen(p, 'failed', 'mismatch-03-failed', 120_000);
  await expect(p.locator('main section[data-error="FACE_MISMATCH"]')).toBeVisible();
  await expect(p.getByRole('heading', { name: 'Khuôn mặt không khớp với ảnh trên chip.' })).toBeVisible();
  await expect(p.getByText('K-FACE-03')).toBeVisible();

  await staffSignIn(p);
  const panel = p.getByRole('complementary');
  await expect(panel.getByTestId('staff-facts')).toContainText('FACE_MISMATCH');
  await expect(panel.getByTestId('staff-facts')).toContainText('no-match');
  await expect(panel).not.toContainText(DUC.id);
  await p.screenshot({ path: 'test-results/screens/mismatch-04-staff-panel.png' });
  const approve = panel.getByRole('button', { name: /Xác minh đúng người/ });
  await expect(approve).toBeDisabled(); // no reason yet
  await panel.getByRole('button', { name: 'Đã kiểm tra giấy tờ thứ hai' }).click();
  await approve.click();
  await screen(p, 'result', 'mismatch-05-result-staff-verified', 60_000);
  await expect(p.getByText('Đã được nhân viên xác minh')).toBeVisible();
  await expect(p.getByTestId('ticket')).toContainText(/KB-\d+/);
  await panel.getByRole('button', { name: 'Đăng xuất' }).click();
  await p.getByRole('button', { name: 'Xong' }).click();
  await screen(p, 'attract', 'mismatch-06-attract');
  await p.context().close();
});

test('a still photo held to the camera fails the liveness check', async () => {
  const p = await open(clips.still);
  const commits = (await kiosk.hook<{ hospital: { commits: number } }>('stats')).hospital.commits;
  await toFace(p, 'still-01');
  await screen(p, 'face', 'still-02-face');
  await screen(p, 'failed', 'still-03-liveness-failed', 120_000);
  await expect(p.locator('main section[data-error="LIVENESS_FAILED"]')).toBeVisible();
  await expect(p.getByRole('heading', { name: 'Chưa xác nhận được người thật trước camera.' })).toBeVisible();
  // Nothing was sent to the hospital.
  expect((await kiosk.hook<{ hospital: { commits: number } }>('stats')).hospital.commits).toBe(commits);
  await p.getByRole('button', { name: 'Xong' }).click();
  await screen(p, 'attract', 'still-04-attract');
  await p.context().close();
});

test('the card pulled away mid-read: the kiosk asks for it back and the read resumes', async () => {
  const p = await open(clips.duc);
  await toFace(p, 'pulled-01', { pull: true });
  await screen(p, 'place-card', 'pulled-02-put-it-back');
  await expect(p.getByText('Thẻ đã bị nhấc ra. Đặt lại thẻ để đọc tiếp.')).toBeVisible();
  await tapCard(p, DUC.card);
  await chipAccepted(p, DUC.name, 'pulled-03-verdict');
  await p.getByRole('button', { name: 'Huỷ' }).click();
  await screen(p, 'attract', 'pulled-04-attract');
  await p.context().close();
});

test('hospital backend down: the visit is queued, and delivered once the backend is back', async () => {
  await kiosk.hook('fault', { target: 'hospital', fault: 'down' });
  const p = await open(clips.duc);
  const before = await kiosk.hook<{ delivered: { count: number } }>('outbox');
  await toFace(p, 'queued-01');
  await screen(p, 'result', 'queued-02-result-queued', 120_000);
  await expect(p.getByRole('heading', { name: 'Đã ghi nhận thủ tục' })).toBeVisible();
  const queued = await kiosk.hook<{ pending: { count: number } }>('outbox');
  expect(queued.pending.count).toBe(1);
  await p.getByRole('button', { name: 'Xong' }).click();
  await kiosk.hook('fault', { target: 'hospital', fault: 'none' });
  await expect
    .poll(async () => (await kiosk.hook<{ pending: { count: number }; delivered: { count: number } }>('outbox')), { timeout: 60_000 })
    .toMatchObject({ pending: { count: 0 }, delivered: { count: before.delivered.count + 1 } });
  await p.context().close();
});

test.describe('airport', () => {
  test('airport check-in with a typed booking code ends with a seat', async () => {
    // Nguyễn Văn An has booking ABC123 in the airline simulator; his card carries obama/1.jpg.
    const p = await open(clips.other);
    await startVisit(p, 'airport', 'airport-');
    await enterKey(p, AN);
    await screen(p, 'place-card', 'airport-06-place-card');
    await tapCard(p, AN.card);
    await chipAccepted(p, AN.name, 'airport-07-verdict');
    await screen(p, 'booking', 'airport-08-booking', 120_000);
    const pad = p.getByRole('group', { name: 'keypad' });
    for (const k of 'ZZZ999') await pad.getByRole('button', { name: k, exact: true }).click();
    await p.getByRole('button', { name: 'Tiếp tục' }).click();
    await expect(p.getByText('Không tìm thấy đặt chỗ.')).toBeVisible({ timeout: 30_000 });
    await p.screenshot({ path: 'test-results/screens/airport-09-booking-not-found.png' });
    for (const k of 'ABC123') await pad.getByRole('button', { name: k, exact: true }).click();
    await p.getByRole('button', { name: 'Tiếp tục' }).click();
    await screen(p, 'result', 'airport-10-boarding', 60_000);
    await expect(p.getByTestId('boarding')).toContainText(/VN213/);
    await expect(p.getByText('Làm thủ tục thành công')).toBeVisible();
    await p.getByRole('button', { name: 'Xong' }).click();
    await p.context().close();
  });
});
