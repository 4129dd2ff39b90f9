// The consent is recorded with the exact wording it was given to. The renderer's consent text hashes to the
// version the contract declares (so a changed word without a new version fails here), main refuses an answer
// naming any other version, and the version reaches the audit event and what each backend receives.
import { afterEach, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Provenance } from '@medplum/fhirtypes';
import { CONSENT_TEXT_KEYS, consentText } from '../../../renderer/consent.ts';
import { t } from '../../../renderer/i18n.ts';
import { CONSENT_TEXT_SHA256, CONSENT_TEXT_VERSION, parseRequest } from '../../../electron/contract/kiosk-api.ts';
import { KioskCore, type KioskCoreOptions } from '../../../electron/checkin/kiosk-core.ts';
import { EmulatedReader, loadDemoCards } from '../../../electron/checkin/card-reader.ts';
import { STRICT_CHIP_POLICY } from '../../../electron/checkin/chip-verdict.ts';
import { DEFAULT_POLICY } from '../../../electron/checkin/visit-machine.ts';
import { StaffAuth, hashPin } from '../../../electron/checkin/staff-auth.ts';
import { TrustStore } from '../../../electron/emrtd/auth/trust-store.ts';
import { MemoryAuditSink } from '../../../electron/audit/audit-log.ts';
import { KioskError } from '../../../electron/contract/errors.ts';
import { buildAdmissionBundle } from '../../../electron/backends/hospital/admission-bundle.ts';
import { validateAdmissionBundle } from '../../../electron/backends/hospital/validate-bundle.ts';
import { buildCheckinAssertion } from '../../../electron/backends/airport/checkin-assertion.ts';
import { consentTextUri } from '../../../electron/backends/visit-facts.ts';
import { repoRoot } from '../../helpers/shared.ts';
import { fakeBackends, fakeFaceEngine } from '../checkin/fakes.ts';

/**
 * Every consent wording ever declared, by version: the ledger. A version's hash never changes once shipped —
 * new wording gets a new version (and a new line here), so a consent recorded under a version always names
 * one exact text.
 */
const LEDGER: Record<string, string> = {
  '2026-11-consent-v1': '6d9a2a252d063be706ec8db433e3308b3a55d2d939da5a8fef5c7b684776f9b1',
};

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');
const hashOf = (text: readonly (readonly string[])[]): string => sha256(JSON.stringify(text));

describe('consent wording version', () => {
  it('the renderer text hashes to the declared version, which is in the ledger', () => {
    const computed = hashOf(consentText());
    expect(CONSENT_TEXT_SHA256, `renderer consent text now hashes to ${computed}: declare a new CONSENT_TEXT_VERSION`).toBe(computed);
    expect(LEDGER[CONSENT_TEXT_VERSION], `add ${CONSENT_TEXT_VERSION} → ${computed} to the ledger`).toBe(computed);
    expect(CONSENT_TEXT_VERSION).toMatch(/^\d{4}-\d{2}-consent-v\d+$/);
  });

  it('covers every word of both languages: one changed character changes the hash', () => {
    const text = consentText();
    expect(text.map(([k]) => k)).toEqual([...CONSENT_TEXT_KEYS]);
    for (const [k, vi, en] of text) {
      expect(vi, k).toBe(t(k, 'vi'));
      expect(en, k).toBe(t(k, 'en'));
      expect(vi.length > 0 && en.length > 0 && vi !== en, k).toBe(true);
    }
    const base = hashOf(text);
    for (let i = 0; i < text.length; i++) {
      for (const lang of [1, 2] as const) {
        const edited = text.map((row) => [...row]);
        const row = edited[i];
        if (!row) throw new Error('row');
        row[lang] = `${row[lang]} `;
        expect(hashOf(edited), `${text[i]?.[0]} ${lang === 1 ? 'vi' : 'en'}`).not.toBe(base);
      }
    }
  });

  it('the consent screen shows exactly the versioned texts, no other', () => {
    const src = readFileSync(join(repoRoot, 'renderer', 'screens', 'Screens.tsx'), 'utf8');
    const start = src.indexOf('export function ConsentScreen(');
    const end = src.indexOf('\nexport function', start + 1);
    expect(start).toBeGreaterThan(-1);
    const body = src.slice(start, end < 0 ? undefined : end);
    const used = [...body.matchAll(/\bt\('([A-Za-z]+)'/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(CONSENT_TEXT_KEYS));
    // Both answers carry the version.
    expect(body.match(/send\('answerConsent', \{ accepted: (true|false), textVersion: CONSENT_TEXT_VERSION \}\)/g)).toHaveLength(2);
  });

  it('the contract accepts the current version only, and requires it', () => {
    expect(parseRequest('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION })).not.toBeNull();
    expect(parseRequest('answerConsent', { accepted: false, textVersion: CONSENT_TEXT_VERSION })).not.toBeNull();
    for (const textVersion of [undefined, '', '2026-10-consent-v0', `${CONSENT_TEXT_VERSION} `, CONSENT_TEXT_SHA256, 1]) {
      expect(parseRequest('answerConsent', { accepted: true, textVersion }), String(textVersion)).toBeNull();
    }
  });
});

const CARDS = loadDemoCards(join(repoRoot, 'resources', 'demo-cards'));
const TRUST = TrustStore.fromDirectory(join(repoRoot, 'resources', 'csca'));
const AN = { kind: 'keypad', idNumber: '001058012345', dateOfBirth: '15031958', dateOfExpiry: 'none' } as const;
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);

let cores: KioskCore[] = [];
afterEach(async () => {
  for (const c of cores) await c.close();
  cores = [];
});

function makeCore() {
  const reader = new EmulatedReader(CARDS, null);
  const backends = fakeBackends();
  const audit = new MemoryAuditSink();
  const core = new KioskCore({
    reader,
    trust: TRUST,
    chipPolicy: STRICT_CHIP_POLICY,
    staff: new StaffAuth(hashPin('246810', { N: 1 << 10, r: 8, p: 1 }), { maxFailures: 3, lockMs: 60_000 }),
    audit,
    face: fakeFaceEngine({ distance: 0.4, liveness: 2 }) as KioskCoreOptions['face'],
    backends,
    policy: DEFAULT_POLICY,
    facePolicy: { challenge: ['TURN_LEFT', 'TURN_RIGHT'], settleFrames: 2, positioningMs: 30_000 },
  });
  cores.push(core);
  return { core, reader, backends, audit };
}

async function atConsent(core: KioskCore): Promise<void> {
  await core.call('start', {});
  await core.call('chooseService', { service: 'hospital' });
  expect(core.view().screen.step).toBe('consent');
}

describe('kiosk core: consent with its wording version', () => {
  it('refuses an answer to another wording, stays on the consent screen and records nothing', async () => {
    const { core, audit } = makeCore();
    await atConsent(core);
    const before = audit.events.length;
    for (const params of [{ accepted: true, textVersion: '2025-01-consent-v0' }, { accepted: true }]) {
      const err = await core.call('answerConsent', params as never).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KioskError);
      expect((err as KioskError).code).toBe('INVALID_REQUEST');
    }
    expect(core.view().screen.step).toBe('consent');
    expect(core.residue().consent).toBe(false);
    expect(audit.events.slice(before).some((e) => e.type === 'visit.consent')).toBe(false);
  });

  it('a refusal is recorded with the wording that was refused', async () => {
    const { core, audit } = makeCore();
    await atConsent(core);
    await core.call('answerConsent', { accepted: false, textVersion: CONSENT_TEXT_VERSION });
    expect(audit.events.find((e) => e.type === 'visit.consent')?.data).toEqual({
      accepted: false,
      service: 'hospital',
      textVersion: '2026-11-consent-v1',
      textSha256: LEDGER['2026-11-consent-v1'],
    });
  });

  it('an accepted consent carries its version to the audit event, the submission facts and both backends', async () => {
    const { core, reader, backends, audit } = makeCore();
    await atConsent(core);
    await core.call('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION });
    expect(audit.events.find((e) => e.type === 'visit.consent')?.data).toMatchObject({ accepted: true, textVersion: '2026-11-consent-v1', textSha256: LEDGER['2026-11-consent-v1'] });

    await core.call('submitAccessKey', AN);
    reader.tap('nguyen-van-an');
    for (let i = 0; i < 400 && core.view().screen.step !== 'result'; i++) {
      if (core.view().screen.step === 'face') await core.call('sendFrame', { jpeg: JPEG, width: 640, height: 480 });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(core.view().screen.step).toBe('result');
    expect(backends.submitted).toHaveLength(1);
    const sent = backends.submitted[0];
    if (!sent) throw new Error('nothing submitted');
    const consentText = { version: '2026-11-consent-v1', sha256: LEDGER['2026-11-consent-v1'] };
    expect(sent.verification.consentText).toEqual(consentText);

    const context = { requestId: '3f0b8a52-6d1e-4c57-9a2b-0c1d2e3f4a5b', at: '2026-11-23T01:30:00.000Z', kioskId: 'kiosk-1', locationId: 'sanh-a' };
    const bundle = validateAdmissionBundle(buildAdmissionBundle({ card: sent.card, visitType: 'kham-benh', context, verification: sent.verification }));
    const provenance = bundle.entry?.find((e) => e.resource?.resourceType === 'Provenance')?.resource as Provenance | undefined;
    expect(provenance?.policy).toEqual([`urn:cccd-kiosk:consent-text:2026-11-consent-v1:sha256:${LEDGER['2026-11-consent-v1']}`]);
    expect(consentTextUri(consentText)).toBe(provenance?.policy?.[0]);

    const assertion = buildCheckinAssertion({ card: sent.card, booking: { kind: 'pnr', pnr: 'ABC123' }, context, verification: sent.verification });
    expect(assertion.consent).toEqual({ id: sent.verification.consentId, text: consentText });
  });
});
