// "Do you need more time?": shown when a step's time is up, with a countdown to the wipe.
import { useEffect, useState } from 'react';
import { t } from '../i18n.ts';
import { send, useLang } from '../screens/common.ts';

export function MoreTime({ until }: { until: number }) {
  const lang = useLang();
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, []);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return (
    <div className="overlay" role="alertdialog" aria-modal="true" aria-labelledby="more-title">
      <div className="dialog">
        <h2 id="more-title">{t('moreTimeTitle', lang)}</h2>
        <p className="lead">
          {t('moreTimeCountdown', lang)} {left} {t('seconds', lang)}
        </p>
        <div className="actions actions-equal">
          <button type="button" className="btn btn-equal" onClick={() => send('cancel', {})}>
            {t('moreTimeNo', lang)}
          </button>
          <button type="button" className="btn btn-equal btn-primary" onClick={() => send('moreTime', {})}>
            {t('moreTimeYes', lang)}
          </button>
        </div>
      </div>
    </div>
  );
}
