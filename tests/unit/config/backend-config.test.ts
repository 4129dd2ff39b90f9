import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadBackendConfig, parseBackendConfig } from '../../../electron/config/backend-config.ts';
import { BackendError } from '../../../electron/backends/errors.ts';

const minimal = {
  kioskId: 'kiosk-01',
  locationId: 'sanh-a',
  hospital: { baseUrl: 'https://his.benhvien.example/fhir/R4/', tls: { caFile: 'ca.pem', certFile: 'kiosk.crt', keyFile: 'kiosk.key' }, oauth: { tokenUrl: 'https://his.benhvien.example/oauth/token', clientId: 'kiosk-01', clientSecretEnv: 'HIS_SECRET' } },
  outbox: { dir: 'var/outbox', key: { kind: 'file', path: 'outbox.key' } },
};

function code(f: () => unknown): string {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof BackendError ? `${e.code}: ${e.message}` : 'untyped';
  }
}

describe('backend configuration', () => {
  it('fills defaults and resolves paths against the file folder', () => {
    const c = parseBackendConfig(minimal, '/etc/kiosk');
    expect(c.hospital).toEqual({
      baseUrl: 'https://his.benhvien.example/fhir/R4',
      tls: { caFile: '/etc/kiosk/ca.pem', certFile: '/etc/kiosk/kiosk.crt', keyFile: '/etc/kiosk/kiosk.key' },
      oauth: { tokenUrl: 'https://his.benhvien.example/oauth/token', clientId: 'kiosk-01', clientSecretEnv: 'HIS_SECRET', clientSecretFile: undefined, scope: undefined },
      timeoutMs: 10_000,
    });
    expect(c.airport).toBeNull();
    expect(c.outbox).toEqual({
      dir: '/etc/kiosk/var/outbox', key: { kind: 'file', path: '/etc/kiosk/outbox.key' }, retentionHours: 72,
      backoff: { initialMs: 1_000, maxMs: 15_000, factor: 2 }, firstAttemptWaitMs: 8_000,
    });
    expect(c.audit).toEqual({ file: '/etc/kiosk/var/outbox/audit.jsonl', key: null, rotateBytes: 16 * 1024 * 1024, retentionDays: null });
  });

  it.each([
    ['plain http to a remote host', { hospital: { baseUrl: 'http://his.example/fhir' } }, /loopback/],
    ['a URL with a query', { hospital: { baseUrl: 'https://his.example/fhir?x=1' } }, /query/],
    ['a client certificate without its key', { hospital: { baseUrl: 'https://h.example', tls: { certFile: 'a.crt' } } }, /go together/],
    ['an inline client secret', { hospital: { baseUrl: 'https://h.example', oauth: { tokenUrl: 'https://h.example/t', clientId: 'a', clientSecretEnv: 'X', clientSecret: 'oops' } } }, /inline/],
    ['OAuth without any secret source', { hospital: { baseUrl: 'https://h.example', oauth: { tokenUrl: 'https://h.example/t', clientId: 'a' } } }, /clientSecret/],
    ['an unknown key source', { outbox: { dir: 'x', key: { kind: 'inline', hex: '00' } } }, /kind/],
    ['a negative retention', { outbox: { dir: 'x', key: { kind: 'env', name: 'K' }, retentionHours: -1 } }, /retentionHours/],
    ['backoff max below initial', { outbox: { dir: 'x', key: { kind: 'env', name: 'K' }, backoff: { initialMs: 5000, maxMs: 10 } } }, /maxMs/],
    ['no kiosk id', { kioskId: '' }, /kioskId/],
  ])('rejects %s', (_label, patch, message) => {
    const r = code(() => parseBackendConfig({ ...minimal, ...patch }, '/etc/kiosk'));
    expect(r).toMatch(/^CONFIG: /);
    expect(r).toMatch(message);
  });

  it('allows plain http on loopback (the simulators)', () => {
    expect(parseBackendConfig({ ...minimal, hospital: { baseUrl: 'http://127.0.0.1:8080/fhir' } }, '/').hospital?.baseUrl).toBe('http://127.0.0.1:8080/fhir');
  });

  it('loads from --config or KIOSK_CONFIG, with typed errors for a missing or broken file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, 'kiosk.json');
    writeFileSync(file, JSON.stringify(minimal));
    expect(loadBackendConfig(file).outbox.dir).toBe(join(dir, 'var/outbox'));
    expect(loadBackendConfig(undefined, { KIOSK_CONFIG: file }).kioskId).toBe('kiosk-01');
    expect(code(() => loadBackendConfig(undefined, {}))).toMatch(/^CONFIG: no configuration/);
    expect(code(() => loadBackendConfig(join(dir, 'missing.json')))).toMatch(/not readable/);
    writeFileSync(file, '{');
    expect(code(() => loadBackendConfig(file))).toMatch(/not JSON/);
  });
});
