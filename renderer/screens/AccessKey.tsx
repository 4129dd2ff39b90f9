// The access key: the 12-digit ID number and the two dates as printed on the card, typed on the on-screen
// keypad (or the card's QR code shown to the camera). Main checks and uses them; the typed digits live only
// in this component and go when it unmounts.
import { useState } from 'react';
import type { ScreenView } from '../../electron/contract/view.ts';
import { Camera } from '../components/Camera.tsx';
import { Keypad } from '../components/Keypad.tsx';
import { errorText, t } from '../i18n.ts';
import { send, useLang } from './common.ts';

type Field = 'id' | 'dob' | 'doe';
const MAX: Record<Field, number> = { id: 12, dob: 8, doe: 8 };

function dateShown(d: string): string {
  const p = d.padEnd(8, '_');
  return `${p.slice(0, 2)}/${p.slice(2, 4)}/${p.slice(4, 8)}`;
}

/** The QR text goes to main as it is; main parses it and derives the keys (or says it is not a CCCD QR). */
function onQr(payload: string): void {
  send('submitAccessKey', { kind: 'qr', payload });
}

export function AccessKeyScreen({ screen }: { screen: Extract<ScreenView, { step: 'access-key' }> }) {
  const lang = useLang();
  const [values, setValues] = useState<Record<Field, string>>({ id: '', dob: '', doe: '' });
  const [noExpiry, setNoExpiry] = useState(false);
  const [active, setActive] = useState<Field>('id');

  const complete = values.id.length === 12 && values.dob.length === 8 && (noExpiry || values.doe.length === 8);
  const order: Field[] = noExpiry ? ['id', 'dob'] : ['id', 'dob', 'doe'];

  function type(k: string): void {
    setValues((v) => {
      if (v[active].length >= MAX[active]) return v;
      const next = { ...v, [active]: v[active] + k };
      if (next[active].length === MAX[active]) {
        const i = order.indexOf(active);
        if (i >= 0 && i < order.length - 1) setActive(order[i + 1]);
      }
      return next;
    });
  }

  function del(): void {
    setValues((v) => ({ ...v, [active]: v[active].slice(0, -1) }));
  }

  function submit(): void {
    send('submitAccessKey', { kind: 'keypad', idNumber: values.id, dateOfBirth: values.dob, dateOfExpiry: noExpiry ? 'none' : values.doe });
  }

  const err = screen.error ? errorText(screen.error, lang) : null;

  if (screen.method === 'qr') {
    return (
      <section className="screen" aria-labelledby="key-title">
        <h1 id="key-title">{t('keyTitle', lang)}</h1>
        <p className="lead">{t('keyQrHint', lang)}</p>
        {err && (
          <p className="error" role="alert">
            {err.message} {err.action}
          </p>
        )}
        <Camera guide="card" onBarcode={onQr} />
        <div className="actions">
          <button type="button" className="btn btn-secondary" onClick={() => send('chooseKeyMethod', { method: 'keypad' })}>
            {t('keyUseKeypad', lang)}
          </button>
        </div>
      </section>
    );
  }

  return (
    <section className="screen screen-key" aria-labelledby="key-title">
      <h1 id="key-title">{t('keyTitle', lang)}</h1>
      <p className="lead">{t('keyHint', lang)}</p>
      {err && (
        <p className="error" role="alert">
          {err.message} {err.action}
          {screen.attempts > 0 && ` (${t('attempt', lang)} ${screen.attempts + 1})`}
        </p>
      )}
      <div className="key-fields">
        <button type="button" className={`field ${active === 'id' ? 'field-active' : ''}`} onClick={() => setActive('id')} aria-label={t('idNumber', lang)}>
          <span className="field-label">{t('idNumber', lang)}</span>
          <span className="field-value" data-field="id">
            {values.id.padEnd(12, '_')}
          </span>
        </button>
        <button type="button" className={`field ${active === 'dob' ? 'field-active' : ''}`} onClick={() => setActive('dob')} aria-label={t('dateOfBirth', lang)}>
          <span className="field-label">{t('dateOfBirth', lang)}</span>
          <span className="field-value" data-field="dob">
            {dateShown(values.dob)}
          </span>
        </button>
        <div className="field-row">
          <button
            type="button"
            className={`field ${active === 'doe' && !noExpiry ? 'field-active' : ''}`}
            disabled={noExpiry}
            onClick={() => setActive('doe')}
            aria-label={t('dateOfExpiry', lang)}
          >
            <span className="field-label">{t('dateOfExpiry', lang)}</span>
            <span className="field-value" data-field="doe">
              {noExpiry ? t('noExpiry', lang) : dateShown(values.doe)}
            </span>
          </button>
          <button
            type="button"
            role="switch"
            aria-checked={noExpiry}
            className={`btn btn-toggle ${noExpiry ? 'on' : ''}`}
            onClick={() => {
              setNoExpiry(!noExpiry);
              if (!noExpiry && active === 'doe') setActive('dob');
            }}
          >
            {t('noExpiry', lang)}
          </button>
        </div>
      </div>
      <Keypad onKey={type} onDelete={del} deleteLabel={t('delete', lang)} />
      <div className="actions">
        <button type="button" className="btn btn-secondary" onClick={() => send('chooseKeyMethod', { method: 'qr' })}>
          {t('keyUseQr', lang)}
        </button>
        <button type="button" className="btn btn-primary" disabled={!complete} onClick={submit}>
          {t('next', lang)}
        </button>
      </div>
    </section>
  );
}
