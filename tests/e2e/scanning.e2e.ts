// The camera as a scanner: the CCCD's QR code gives the access key (no typing), and a boarding pass shown at
// the booking step checks the traveller in. The fake camera shows the person with the code held up beside
// their face, so the same clip serves the scan and the face check.
import type { Browser, Page } from '@playwright/test';
import { AN, DUC, chipAccepted, enterKey, expect, launchChromium, openKiosk, screen, startKioskHost, startVisit, tapCard, test, type RunningKiosk } from './support/kiosk.ts';
import { liveClip } from './support/y4m.ts';

// The CCCD QR payload: ID|old ID|full name|date of birth|sex|address|date of issue (electron/emrtd/access/qr.ts).
const DUC_QR = '079090001234||Đặng Quốc Đức|02111990|Nam|45 Nguyễn Huệ, Phường Sài Gòn, Thành phố Hồ Chí Minh|05012023';
// Nguyễn Văn An's boarding pass for VN213 HAN→SGN, booking ABC123, as IATA BCBP.
const AN_BCBP = 'M1NGUYEN/VAN AN       EABC123 HANSGNVN 0213 045Y012A0001 100';

let kiosk: RunningKiosk;
const browsers: Browser[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
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

test('the access key from the CCCD QR code shown to the camera, then the whole hospital visit', async () => {
  const p = await open(await liveClip('public-domain/biden/2.jpg', 'duc-live-qr', { qr: DUC_QR }));
  await startVisit(p, 'hospital', 'qr-');
  await p.getByRole('button', { name: 'Quét mã QR trên thẻ' }).click();
  await screen(p, 'access-key', 'qr-05-scan');
  await expect(p.getByText('Đưa mã QR ở mặt trước thẻ CCCD vào trước camera')).toBeVisible();
  await screen(p, 'place-card', 'qr-06-place-card', 60_000);
  await tapCard(p, DUC.card);
  await chipAccepted(p, DUC.name, 'qr-07-verdict');
  await screen(p, 'face', 'qr-08-face');
  await screen(p, 'result', 'qr-09-result', 120_000);
  await expect(p.getByTestId('ticket')).toContainText(/KB-\d+/);
  await p.getByRole('button', { name: 'Xong' }).click();
  await p.context().close();
});

test('airport check-in with a boarding pass shown to the camera', async () => {
  const p = await open(await liveClip('public-domain/obama/1.jpg', 'an-live-boarding-pass', { qr: AN_BCBP }));
  await startVisit(p, 'airport', 'bp-');
  await enterKey(p, AN);
  await tapCard(p, AN.card);
  await chipAccepted(p, AN.name, 'bp-06-verdict');
  await screen(p, 'booking', 'bp-07-booking', 120_000).catch(() => undefined); // scanned at once, may be gone already
  await screen(p, 'result', 'bp-08-boarding', 120_000);
  await expect(p.getByTestId('boarding')).toContainText('VN213');
  await expect(p.getByTestId('boarding')).toContainText(/12A|12B|12C|14D|14E|21F/);
  await p.getByRole('button', { name: 'Xong' }).click();
  await p.context().close();
});
