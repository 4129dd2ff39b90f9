// Playwright fixtures: the browser-kiosk host (started by the tests, with its simulators, on a fresh data
// folder and a known staff PIN), Debian's Chromium with a fake camera clip, and helpers that drive the kiosk
// as a person does (touches on the screen; the demo card is "tapped" from the staff picker).
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test as base, chromium, expect, type Browser, type Page } from '@playwright/test';
import { repoRoot } from '../../helpers/shared.ts';

export const STAFF_PIN = '246810';
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOT_DIR = join(repoRoot, 'test-results', 'screens');

export interface HostInfo {
  url: string;
  kioskUrl: string;
  token: string;
  pin: string | null;
}

export interface RunningKiosk extends HostInfo {
  hook<T = unknown>(name: string, query?: Record<string, string>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * KIOSK_E2E_KEEP_DATA=<dir>: each host's data folder is made under <dir> and kept after the test, with the
 * host's own output in host.log beside it, so CI can run the privacy scan over everything the runs left.
 */
const KEEP_DATA = process.env.KIOSK_E2E_KEEP_DATA ? resolve(repoRoot, process.env.KIOSK_E2E_KEEP_DATA) : null;

export async function startKioskHost(extraArgs: string[] = []): Promise<RunningKiosk> {
  if (KEEP_DATA) mkdirSync(KEEP_DATA, { recursive: true });
  const dataDir = mkdtempSync(join(KEEP_DATA ?? tmpdir(), 'kiosk-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/host/main.ts', '--no-open', '--test-hooks', '--synthetic-subject', '--pin', STAFF_PIN, '--data-dir', dataDir, '--first-attempt-wait-ms', '2500', ...extraArgs],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'test' } },
  );
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  if (KEEP_DATA) {
    const log = createWriteStream(join(dataDir, 'host.log'));
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    child.once('exit', () => log.end());
  }
  const info = await new Promise<HostInfo>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kiosk host did not start: ${stderr.slice(-2000)}`)), 90_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^KIOSK_READY (.*)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(JSON.parse(m[1]) as HostInfo);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`kiosk host exited (${code}): ${stderr.slice(-2000)}`));
    });
  });
  const hook = async <T,>(name: string, query: Record<string, string> = {}): Promise<T> => {
    const r = await fetch(`${info.url}__test/${name}?${new URLSearchParams(query)}`, { headers: { 'x-kiosk-token': info.token } });
    if (!r.ok) throw new Error(`hook ${name}: HTTP ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  // The face engine warms up in the background; wait so the first visit is not timed on model loading.
  const face = await hook<{ ready: boolean; error: string | null }>('face');
  if (!face.ready) throw new Error(`face engine did not start: ${face.error}`);
  return {
    ...info,
    hook,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      if (!KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(clip: string | null): Promise<Browser> {
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--use-fake-ui-for-media-stream',
    '--use-fake-device-for-media-stream',
  ];
  if (clip) args.push(`--use-file-for-fake-video-capture=${clip}`);
  return chromium.launch({ executablePath: CHROMIUM, args });
}

export async function openKiosk(browser: Browser, kiosk: RunningKiosk): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1024 }, permissions: ['camera'] });
  const page = await context.newPage();
  await page.goto(kiosk.kioskUrl);
  await expect(page.locator('main[data-screen="attract"]')).toBeVisible();
  return page;
}

/** Waits for a screen and keeps a screenshot of it as a test artefact. */
export async function screen(page: Page, step: string, shot: string, timeout = 60_000): Promise<void> {
  await expect(page.locator(`main[data-screen="${step}"]`)).toBeVisible({ timeout });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${shot}.png`), animations: 'disabled' });
}

/**
 * The chip accepted: no screen of its own, the face screen with the green banner above the camera (kept as a
 * screenshot), greeting the holder by name.
 */
export async function chipAccepted(page: Page, holderName: string, shot: string, timeout = 60_000): Promise<void> {
  await expect(page.locator('main[data-screen="face"]')).toBeVisible({ timeout });
  const banner = page.getByTestId('chip-verdict');
  await expect(banner).toContainText('Thẻ hợp lệ ✓');
  await expect(banner).toContainText(`Xin chào ${holderName}`);
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${shot}.png`), animations: 'disabled' });
}

export async function staffSignIn(page: Page, pin = STAFF_PIN): Promise<void> {
  const corner = page.getByTestId('staff-corner');
  const box = await corner.boundingBox();
  if (!box) throw new Error('staff corner not visible');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.waitForTimeout(2_300);
  await page.mouse.up();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  for (const d of pin) await dialog.getByRole('button', { name: d, exact: true }).click();
  await dialog.getByRole('button', { name: /Đăng nhập|Sign in/ }).click();
  await expect(page.getByRole('complementary')).toBeVisible();
}

export async function typeDigits(page: Page, digits: string): Promise<void> {
  const pad = page.getByRole('group', { name: 'keypad' });
  for (const d of digits) await pad.getByRole('button', { name: d, exact: true }).click();
}

export interface Citizen {
  card: string;
  id: string;
  dob: string;
  doe: string | 'none';
  name: string;
}

export const DUC: Citizen = { card: 'dang-quoc-duc', id: '079090001234', dob: '02111990', doe: '02112030', name: 'Đặng Quốc Đức' };
export const AN: Citizen = { card: 'nguyen-van-an', id: '001058012345', dob: '15031958', doe: 'none', name: 'Nguyễn Văn An' };

/** From attract to the key screen for a service (Vietnamese UI). */
export async function startVisit(page: Page, service: 'hospital' | 'airport', shots = ''): Promise<void> {
  await page.locator('button.attract').click();
  await screen(page, 'choose-service', `${shots}02-choose-service`);
  await page.getByRole('button', { name: service === 'hospital' ? /Đăng ký khám bệnh/ : /Làm thủ tục chuyến bay/ }).click();
  await screen(page, 'consent', `${shots}03-consent`);
  await page.getByRole('button', { name: 'Có, tôi đồng ý' }).click();
  await screen(page, 'access-key', `${shots}04-access-key`);
}

export async function enterKey(page: Page, c: Citizen, shots = ''): Promise<void> {
  await typeDigits(page, c.id);
  await typeDigits(page, c.dob);
  if (c.doe === 'none') await page.getByRole('switch').click();
  else await typeDigits(page, c.doe);
  if (shots) await page.screenshot({ path: join(SCREENSHOT_DIR, `${shots}05-access-key-filled.png`) });
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
}

/** The demo card "tapped" on the emulated reader through the staff picker; staff signs out again. */
export async function tapCard(page: Page, card: string, opts: { pull?: boolean } = {}): Promise<void> {
  if (!(await page.getByRole('complementary').isVisible())) await staffSignIn(page);
  const panel = page.getByRole('complementary');
  await panel.locator(opts.pull ? `[data-card-pull="${card}"]` : `[data-card="${card}"]`).click();
  await panel.getByRole('button', { name: /^Đăng xuất$|^Sign out$/ }).click();
  await expect(panel).toBeHidden();
}

export const test = base.extend<{ tmp: string }>({
  // eslint-disable-next-line no-empty-pattern
  tmp: async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-t-'));
    await use(dir);
    rmSync(dir, { recursive: true, force: true });
  },
});
export { expect };
