// The kiosk screen: a top bar (language switch always available, large-text toggle, cancel), the screen of
// the current step, the "more time?" prompt, and staff mode behind a long press on the top-left corner.
import { useEffect, useRef, useState } from 'react';
import type { KioskView } from '../electron/contract/view.ts';
import { MoreTime } from './components/MoreTime.tsx';
import { StaffPanel, StaffPinDialog } from './components/StaffPanel.tsx';
import { errorText, t } from './i18n.ts';
import { AccessKeyScreen } from './screens/AccessKey.tsx';
import {
  AttractScreen,
  BookingScreen,
  CheckScreen,
  ChooseServiceScreen,
  ConsentScreen,
  FailedScreen,
  PlaceCardScreen,
  ResultScreen,
  StaffDeskScreen,
  SubmittingScreen,
} from './screens/Screens.tsx';
import { send } from './screens/common.ts';
import { useKiosk } from './store.ts';

function Screen({ view }: { view: KioskView }) {
  const s = view.screen;
  switch (s.step) {
    case 'attract':
      return <AttractScreen />;
    case 'choose-service':
      return <ChooseServiceScreen screen={s} />;
    case 'consent':
      return <ConsentScreen />;
    case 'staff-desk':
      return <StaffDeskScreen screen={s} />;
    case 'access-key':
      return <AccessKeyScreen screen={s} />;
    case 'place-card':
      return <PlaceCardScreen screen={s} />;
    case 'reading':
    case 'face':
      // One component for both: the camera stays on from the read to the challenge.
      return <CheckScreen screen={s} />;
    case 'booking':
      return <BookingScreen screen={s} />;
    case 'submitting':
      return <SubmittingScreen />;
    case 'result':
      return <ResultScreen screen={s} />;
    case 'failed':
      return <FailedScreen screen={s} />;
  }
}

/** Two seconds' press on the corner opens the staff PIN pad: easy for staff, not found by accident. */
function StaffCorner({ onOpen }: { onOpen(): void }) {
  const timer = useRef<number | null>(null);
  const clear = (): void => {
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
  };
  return (
    <button
      type="button"
      className="staff-corner"
      aria-label="staff"
      data-testid="staff-corner"
      onPointerDown={() => {
        clear();
        timer.current = window.setTimeout(onOpen, 2_000);
      }}
      onPointerUp={clear}
      onPointerLeave={clear}
    />
  );
}

export function App() {
  const view = useKiosk((s) => s.view);
  const connected = useKiosk((s) => s.connected);
  const notice = useKiosk((s) => s.notice);
  const largeText = useKiosk((s) => s.largeText);
  const toggleLargeText = useKiosk((s) => s.toggleLargeText);
  const setNotice = useKiosk((s) => s.setNotice);
  const [pinOpen, setPinOpen] = useState(false);

  useEffect(() => {
    if (view) document.documentElement.lang = view.language;
  }, [view?.language]);

  // Accessible mode reads the accepted chip's banner, each screen's heading and the camera guidance aloud (the
  // platform's voices; silent where none is installed).
  const spoken = useRef('');
  useEffect(() => {
    if (typeof speechSynthesis === 'undefined') return;
    if (!largeText || !view) {
      if (spoken.current) speechSynthesis.cancel();
      spoken.current = '';
      return;
    }
    const verdict = document.querySelector('main .verdict-banner')?.textContent ?? '';
    const heading = document.querySelector('main h1')?.textContent ?? '';
    const guidance = document.querySelector('main .guidance')?.textContent ?? '';
    const text = [verdict, heading, guidance].filter(Boolean).join('. ');
    if (!text || text === spoken.current) return;
    spoken.current = text;
    speechSynthesis.cancel();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = view.language === 'vi' ? 'vi-VN' : 'en-GB';
    u.rate = 0.9;
    speechSynthesis.speak(u);
  });

  useEffect(() => {
    if (!notice) return;
    const id = window.setTimeout(() => setNotice(null), 5_000);
    return () => window.clearTimeout(id);
  }, [notice, setNotice]);

  if (!view) {
    return (
      <main className="kiosk" data-screen="connecting">
        <p className="lead">{t('connecting', 'vi')} / {t('connecting', 'en')}</p>
      </main>
    );
  }
  const lang = view.language;
  const inVisit = view.screen.step !== 'attract';
  return (
    <main className={`kiosk ${largeText ? 'large' : ''}`} data-screen={view.screen.step} data-lang={lang} data-connected={connected}>
      <header className="topbar">
        <StaffCorner onOpen={() => setPinOpen(true)} />
        <div className="lang-switch" role="group" aria-label="Ngôn ngữ / Language">
          <button type="button" className={`btn btn-lang ${lang === 'vi' ? 'on' : ''}`} aria-pressed={lang === 'vi'} onClick={() => send('setLanguage', { language: 'vi' })}>
            Tiếng Việt
          </button>
          <button type="button" className={`btn btn-lang ${lang === 'en' ? 'on' : ''}`} aria-pressed={lang === 'en'} onClick={() => send('setLanguage', { language: 'en' })}>
            English
          </button>
        </div>
        <button type="button" className={`btn btn-lang ${largeText ? 'on' : ''}`} aria-pressed={largeText} onClick={toggleLargeText}>
          {t('largeText', lang)}
        </button>
        {inVisit && (
          <button type="button" className="btn btn-cancel" onClick={() => send('cancel', {})}>
            {t('cancel', lang)}
          </button>
        )}
      </header>
      <Screen view={view} />
      {notice && (
        <p className="notice" role="alert">
          {(() => {
            try {
              return errorText(notice as Parameters<typeof errorText>[0], lang).message;
            } catch {
              return notice;
            }
          })()}
        </p>
      )}
      {view.moreTimeUntil !== null && <MoreTime until={view.moreTimeUntil} />}
      {pinOpen && !view.staff && <StaffPinDialog onClose={() => setPinOpen(false)} />}
      {view.staff && <StaffPanel staff={view.staff} />}
    </main>
  );
}
