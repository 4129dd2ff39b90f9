// Staff supervised mode, opened by holding the top-left corner for two seconds: a PIN pad (main checks the
// scrypt hash and locks after failures), then the current visit's facts — never the portrait or ID number —
// device health and outbox counts, the demo-card picker of the emulated reader, and the takeover decision
// with a mandatory reason.
import { useState } from 'react';
import type { StaffView } from '../../electron/contract/view.ts';
import { errorText, t } from '../i18n.ts';
import { send, useLang } from '../screens/common.ts';
import { useKiosk } from '../store.ts';
import { KioskRequestError } from '../ws-bridge.ts';
import { Keypad } from './Keypad.tsx';

export function StaffPinDialog({ onClose }: { onClose(): void }) {
  const lang = useLang();
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const api = useKiosk((s) => s.api);
  async function signIn(): Promise<void> {
    if (!api) return;
    try {
      await api.call('staffLogin', { pin });
      onClose();
    } catch (e) {
      const code = e instanceof KioskRequestError ? e.payload.code : 'INTERNAL';
      setError(errorText(code, lang).message);
      setPin('');
    }
  }
  return (
    <div className="overlay" role="dialog" aria-modal="true" aria-labelledby="pin-title">
      <div className="dialog">
        <h2 id="pin-title">{t('staffPinTitle', lang)}</h2>
        <div className="field field-active">
          <span className="field-value" data-field="pin">
            {'●'.repeat(pin.length) || '—'}
          </span>
        </div>
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <Keypad onKey={(k) => setPin((p) => (p.length < 12 ? p + k : p))} onDelete={() => setPin((p) => p.slice(0, -1))} deleteLabel={t('delete', lang)} />
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={onClose}>
            {t('staffClose', lang)}
          </button>
          <button type="button" className="btn btn-primary" disabled={pin.length < 4} onClick={() => void signIn()}>
            {t('staffSignIn', lang)}
          </button>
        </div>
      </div>
    </div>
  );
}

export function StaffPanel({ staff }: { staff: StaffView }) {
  const lang = useLang();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(true);
  const v = staff.visit;
  const h = staff.health;
  if (!open) {
    return (
      <button type="button" className="staff-tab" onClick={() => setOpen(true)}>
        {t('staffMode', lang)}
      </button>
    );
  }
  const presets = [t('staffReasonPhoto', lang), t('staffReasonSecondId', lang), t('staffReasonAppearance', lang)];
  return (
    <aside className="staff-panel" aria-label={t('staffMode', lang)}>
      <header className="staff-head">
        <h2>{t('staffMode', lang)}</h2>
        <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>
          {t('staffClose', lang)}
        </button>
        <button type="button" className="btn btn-small" onClick={() => send('staffLogout', {})}>
          {t('staffSignOut', lang)}
        </button>
      </header>
      <section>
        <h3>{t('staffVisit', lang)}</h3>
        <dl className="staff-facts" data-testid="staff-facts">
          <dt>step</dt>
          <dd>{v.step}</dd>
          <dt>service</dt>
          <dd>{v.service ?? '—'}</dd>
          <dt>consent</dt>
          <dd>{v.consent === null ? '—' : String(v.consent)}</dd>
          <dt>chip</dt>
          <dd>{v.chip ? `${v.chip.accessProtocol ?? ''} passive ${v.chip.passive}, active ${v.chip.active}, chip ${v.chip.chip}` : '—'}</dd>
          <dt>face</dt>
          <dd>{v.face ? `${v.face.result} (${v.face.similarity ?? '—'} / ${v.face.threshold ?? '—'})` : '—'}</dd>
          <dt>liveness</dt>
          <dd>
            {v.liveness}
            {v.livenessReason ? ` (${v.livenessReason})` : ''}
          </dd>
          <dt>error</dt>
          <dd>{v.error ? `${v.error} ${errorText(v.error, lang).staffCode}` : '—'}</dd>
        </dl>
      </section>
      {v.canDecide && (
        <section className="staff-decision">
          <h3>{t('staffDecision', lang)}</h3>
          <label className="field-label" htmlFor="staff-reason">
            {t('staffReason', lang)}
          </label>
          <div className="presets">
            {presets.map((p) => (
              <button key={p} type="button" className="btn btn-small" onClick={() => setReason(p)}>
                {p}
              </button>
            ))}
          </div>
          <textarea id="staff-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={500} />
          <div className="actions">
            <button type="button" className="btn btn-secondary" disabled={reason.trim().length < 3} onClick={() => send('staffDecide', { decision: 'reject', reason })}>
              {t('staffReject', lang)}
            </button>
            <button type="button" className="btn btn-primary" disabled={reason.trim().length < 3} onClick={() => send('staffDecide', { decision: 'approve', reason })}>
              {t('staffApprove', lang)}
            </button>
          </div>
        </section>
      )}
      <section>
        <h3>{t('staffHealth', lang)}</h3>
        <dl className="staff-facts">
          <dt>reader</dt>
          <dd>
            {h.reader.kind} {h.reader.ok ? 'ok' : 'error'} {h.reader.cardPresent ? '(card)' : ''}
          </dd>
          <dt>face</dt>
          <dd>{h.face.ok ? 'ok' : `error ${h.face.detail ?? ''}`}</dd>
          <dt>outbox</dt>
          <dd data-testid="outbox">{h.outbox ? `pending ${h.outbox.pending}, failed ${h.outbox.failed}, delivered ${h.outbox.delivered}` : '—'}</dd>
          <dt>printer</dt>
          <dd data-testid="printer">
            {h.printer ? `${h.printer.kind} ${h.printer.target ?? ''} ${h.printer.ok ? 'ok' : `error ${h.printer.detail ?? ''}`} (printed ${h.printer.printed}, failed ${h.printer.failed})` : '—'}
          </dd>
        </dl>
      </section>
      {staff.demoCards.length > 0 && (
        <section>
          <h3>{t('staffCards', lang)}</h3>
          {staff.demoCards.map((c) => (
            <div key={c.id} className="demo-card">
              <span>
                {c.label} {staff.tappedCard === c.id ? '●' : ''}
              </span>
              <button type="button" className="btn btn-small" onClick={() => send('staffTapCard', { cardId: c.id })} data-card={c.id}>
                {t('staffTap', lang)}
              </button>
              <button type="button" className="btn btn-small" onClick={() => send('staffTapCard', { cardId: c.id, pullAfterApdus: 40 })} data-card-pull={c.id}>
                {t('staffTapPull', lang)}
              </button>
            </div>
          ))}
          <button type="button" className="btn btn-small" onClick={() => send('staffRemoveCard', {})}>
            {t('staffRemove', lang)}
          </button>
        </section>
      )}
    </aside>
  );
}
