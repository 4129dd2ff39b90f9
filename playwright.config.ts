// Playwright end-to-end tests of the browser kiosk: Debian's Chromium (never a downloaded browser), a fake
// camera fed from clips made at test time from ../shared/faces, the host and the backend simulators started by
// the tests themselves. Screenshots of every screen are kept under test-results/ (gitignored).
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: /.*\.e2e\.ts$/,
  outputDir: 'test-results/e2e',
  // One kiosk at a time: the face engine and Chromium share the machine's two cores.
  workers: 1,
  fullyParallel: false,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  // One retry in CI: the airport boarding-pass visit (a barcode beside the face in the same camera clip) can
  // lose the face long enough under load for the step deadline to wipe the visit; a retry shows as "flaky".
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 1024 },
    locale: 'vi-VN',
    actionTimeout: 20_000,
  },
});
