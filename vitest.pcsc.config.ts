// The real-stack PC/SC tests (tests/pcsc): pcscd with the vpcd driver, our software chip on its socket, and the
// whole path pcscd → libpcsclite → @pokusew/pcsclite → nfc-pcsc → emrtd. One pcscd per machine, so the files
// run one after another; the global setup starts it (or says in one line why it cannot) and stops it by PID.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/pcsc/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['tests/pcsc/global-setup.ts'],
    // vpcd answers a Node card in ≈45 ms per APDU (delayed ACK): a full read is ≈0.4 s, a card change ≈1 s.
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
