// A refused audit event never fails the person's step: the audit log refuses personal-looking data by
// throwing at once (not by rejecting), and KioskCore must treat both the same way.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditData, AuditSink } from '../../../electron/audit/audit-log.ts';
import { EmulatedReader, loadDemoCards } from '../../../electron/checkin/card-reader.ts';
import { STRICT_CHIP_POLICY } from '../../../electron/checkin/chip-verdict.ts';
import { KioskCore } from '../../../electron/checkin/kiosk-core.ts';
import { CONSENT_TEXT_VERSION } from '../../../electron/contract/kiosk-api.ts';
import { TrustStore } from '../../../electron/emrtd/auth/trust-store.ts';
import { repoRoot } from '../../helpers/shared.ts';

class ThrowingSink implements AuditSink {
  readonly kept: { type: string; data: AuditData }[] = [];
  refused = 0;
  append(type: string, data: AuditData): Promise<void> {
    if (this.refused < 1) {
      this.refused++;
      throw new Error('refused synchronously');
    }
    this.kept.push({ type, data });
    return Promise.resolve();
  }
}

describe('KioskCore audit events', () => {
  it('goes on when the audit log throws synchronously', async () => {
    const sink = new ThrowingSink();
    const core = new KioskCore({
      reader: new EmulatedReader(loadDemoCards(join(repoRoot, 'resources', 'demo-cards')), null),
      face: null,
      backends: null,
      trust: TrustStore.fromDirectory(join(repoRoot, 'resources', 'csca')),
      chipPolicy: STRICT_CHIP_POLICY,
      audit: sink,
    });
    try {
      await core.call('start', {});
      await core.call('chooseService', { service: 'hospital' });
      await expect(core.call('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION })).resolves.toBeNull();
      expect(core.view().screen.step).toBe('access-key');
      await core.call('cancel', {});
      await new Promise((r) => setTimeout(r, 10));
      expect(sink.refused).toBe(1);
      expect(sink.kept.map((e) => e.type)).toContain('visit.ended');
    } finally {
      await core.close();
    }
  });
});
