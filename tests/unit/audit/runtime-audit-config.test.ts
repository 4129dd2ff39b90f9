// The running kiosk writes its audit log the way its configuration says, so `kiosk audit verify --config`
// checks the same keyed chain: a configured HMAC key is used, and a full file rotates into segments.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditSegments, verifyAuditLog } from '../../../electron/audit/audit-log.ts';
import { startKioskRuntime } from '../../../electron/checkin/kiosk-runtime.ts';
import { parseBackendConfig } from '../../../electron/config/backend-config.ts';

const KEY_HEX = 'a1'.repeat(32);
const dirs: string[] = [];
afterEach(() => {
  delete process.env.KIOSK_TEST_AUDIT_KEY;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('runtime audit log from the deployment configuration', () => {
  it('uses the configured HMAC key and rotation size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-audit-cfg-'));
    dirs.push(dir);
    process.env.KIOSK_TEST_AUDIT_KEY = KEY_HEX;
    const config = parseBackendConfig(
      {
        kioskId: 'k1',
        locationId: 'loc1',
        outbox: { dir: 'outbox', key: { kind: 'file', path: 'outbox.key' } },
        audit: { file: 'audit.jsonl', key: { kind: 'env', name: 'KIOSK_TEST_AUDIT_KEY' }, rotateBytes: 4096 },
      },
      dir,
    );
    expect(config.audit.rotateBytes).toBe(4096);
    // An outbox key the outbox itself reads.
    writeFileSync(join(dir, 'outbox.key'), 'b2'.repeat(32) + '\n', { mode: 0o600 });
    const rt = await startKioskRuntime({ dataDir: dir, face: false, realtimeLink: false, backends: config, staffPin: '2468' });
    try {
      // Each consent answer and cancel is an audit event; enough of them to fill more than one 4 KiB segment.
      for (let i = 0; i < 40; i++) {
        await rt.core.call('start', {});
        await rt.core.call('cancel', {});
      }
    } finally {
      await rt.close();
    }
    const file = join(dir, 'audit.jsonl');
    expect(auditSegments(file).length).toBeGreaterThan(0);
    const key = Buffer.from(KEY_HEX, 'hex');
    expect(verifyAuditLog(file, { key }).ok).toBe(true);
    // The same chain checked without the key (or with another) is not accepted: the key was really used.
    expect(verifyAuditLog(file, { key: Buffer.from('c3'.repeat(32), 'hex') }).ok).toBe(false);
  }, 60_000);

  it('refuses a rotation size too small to hold an entry and a retention below a day', () => {
    const base = { kioskId: 'k', locationId: 'l', outbox: { dir: 'o', key: { kind: 'file', path: 'k' } } };
    expect(() => parseBackendConfig({ ...base, audit: { rotateBytes: 100 } }, '/tmp')).toThrow(/rotateBytes/);
    expect(() => parseBackendConfig({ ...base, audit: { retentionDays: 0 } }, '/tmp')).toThrow(/retentionDays/);
    expect(parseBackendConfig({ ...base, audit: { retentionDays: 400 } }, '/tmp').audit.retentionDays).toBe(400);
  });
});
