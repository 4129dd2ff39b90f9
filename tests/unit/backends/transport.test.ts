import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpsTransport, type TransportLogEntry } from '../../../electron/backends/transport/https-transport.ts';
import { OAuthClient } from '../../../electron/backends/transport/oauth-client.ts';
import { AirlineSimulator } from '../../../electron/backends/simulators/airline-sim.ts';
import { BackendError } from '../../../electron/backends/errors.ts';
import type { EndpointConfig } from '../../../electron/config/backend-config.ts';
import { makePki, type Pki } from './test-pki.ts';
import { tempDir } from './harness.ts';

const PING = { method: 'POST' as const, path: 'checkin', headers: { 'content-type': 'application/json' }, body: '{"type":"ping"}' };

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return e instanceof BackendError ? e.code : `untyped ${(e as Error).message}`;
  }
}

describe('HTTPS transport', () => {
  let pki: Pki;
  let otherPki: Pki;
  let dir: string;
  let sim: AirlineSimulator;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    pki = await makePki();
    otherPki = await makePki('CN=Someone Else CA');
    dir = tempDir();
    for (const [k, v] of Object.entries({ ca: pki.caPem, other: otherPki.caPem, cert: pki.clientCert, key: pki.clientKey, otherCert: otherPki.clientCert, otherKey: otherPki.clientKey, secret: 's3cret-kiosk\n' })) {
      files[k] = join(dir, k + '.pem');
      writeFileSync(files[k], v);
    }
    sim = new AirlineSimulator({
      tls: { key: pki.serverKey, cert: pki.serverCert, clientCa: pki.caPem },
      oauth: { clientId: 'kiosk-test-01', clientSecret: 's3cret-kiosk', tokenLifetimeSeconds: 3600 },
    });
    await sim.start();
  });
  afterAll(() => sim.stop());

  function endpoint(over: Partial<EndpointConfig['tls']> = {}, oauth = true, timeoutMs = 3_000): EndpointConfig {
    return {
      baseUrl: sim.baseUrl,
      tls: { caFile: files.ca, certFile: files.cert, keyFile: files.key, ...over },
      oauth: oauth ? { tokenUrl: sim.tokenUrl, clientId: 'kiosk-test-01', clientSecretFile: files.secret } : null,
      timeoutMs,
    };
  }

  it('talks mTLS with the configured CA and a cached OAuth2 client-credentials token', async () => {
    const log: TransportLogEntry[] = [];
    const t = new HttpsTransport(endpoint(), { logger: (e) => log.push(e) });
    const before = sim.stats.tokenRequests;
    for (let i = 0; i < 3; i++) expect((await t.send(PING)).status).toBe(400); // reached the handler: not a check-in
    expect(sim.stats.tokenRequests - before).toBe(1);
    expect(log.map((e) => e.url)).toEqual(Array(3).fill(`${sim.baseUrl}/checkin`));
    t.close();
  });

  it('fetches a fresh token after the server revoked the cached one (401 → refresh → retry once)', async () => {
    const t = new HttpsTransport(endpoint());
    expect((await t.send(PING)).status).toBe(400);
    const before = sim.stats.tokenRequests;
    sim.revokeTokens();
    expect((await t.send(PING)).status).toBe(400);
    expect(sim.stats.tokenRequests - before).toBe(1);
    t.close();
  });

  it('refreshes the token shortly before it expires, not after', async () => {
    let now = 1_000_000;
    const client = new OAuthClient(
      { tokenUrl: sim.tokenUrl, clientId: 'kiosk-test-01', clientSecretFile: files.secret },
      { tls: { ca: pki.caPem, cert: pki.clientCert, key: pki.clientKey }, timeoutMs: 3_000, now: () => now },
    );
    const [a, b] = await Promise.all([client.token(), client.token()]); // concurrent callers share one fetch
    expect(a).toBe(b);
    now += 3_600_000 - 31_000;
    expect(await client.token()).toBe(a);
    now += 2_000; // inside the 30 s safety margin
    expect(await client.token()).not.toBe(a);
    expect(client.fetches).toBe(2);
    client.close();
  });

  it('refuses a server whose certificate the configured CA did not sign', async () => {
    const t = new HttpsTransport(endpoint({ caFile: files.other }));
    expect(await code(t.send(PING))).toBe('NETWORK');
    t.close();
  });

  it('is refused without a client certificate, or with one from another CA', async () => {
    const none = new HttpsTransport(endpoint({ certFile: undefined, keyFile: undefined }, false));
    expect(await code(none.send(PING))).toBe('NETWORK');
    none.close();
    const wrong = new HttpsTransport(endpoint({ certFile: files.otherCert, keyFile: files.otherKey }, false));
    expect(await code(wrong.send(PING))).toBe('NETWORK');
    wrong.close();
  });

  it('reports wrong client credentials as AUTH', async () => {
    writeFileSync(join(dir, 'bad-secret'), 'nope');
    const e = endpoint();
    e.oauth = { ...e.oauth!, clientSecretFile: join(dir, 'bad-secret') };
    const t = new HttpsTransport(e);
    expect(await code(t.send(PING))).toBe('AUTH');
    t.close();
  });

  it('times out a slow backend with TIMEOUT', async () => {
    sim.slowMs = 1_500;
    await sim.setFault('slow');
    const t = new HttpsTransport(endpoint({}, false, 300));
    try {
      expect(await code(t.send(PING))).toBe('TIMEOUT');
    } finally {
      await sim.setFault('none');
      t.close();
    }
  });

  it('never puts an ID number into a URL', async () => {
    const t = new HttpsTransport(endpoint({}, false));
    expect(await code(t.send({ method: 'POST', path: 'Patient/001099012345', body: '' }))).toBe('PERSONAL_DATA_IN_URL');
    t.close();
  });
});
