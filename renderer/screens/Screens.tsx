// The visit's screens, one per step of the state machine. Each renders the snapshot main sent and turns
// touches into KioskApi requests; none decides anything.
import { useState } from 'react';
import type { ChipVerdictView, ResultView, ScreenView, ServiceKind } from '../../electron/contract/view.ts';
import { Camera } from '../components/Camera.tsx';
import { Keypad } from '../components/Keypad.tsx';
import { TicketPreview } from '../components/TicketPreview.tsx';
import { CONSENT_TEXT_VERSION } from '../consent.ts';
import { challengeText, errorText, guidanceText, t, type TextKey } from '../i18n.ts';
import { send, useLang } from './common.ts';

type Of<S extends ScreenView['step']> = Extract<ScreenView, { step: S }>;

export function AttractScreen() {
  const lang = useLang();
  return (
    <button type="button" className="screen attract" onClick={() => send('start', {})}>
      <span className="attract-title">{t('appTitle', lang)}</span>
      <span className="lead">{t('attractLead', lang)}</span>
      <span className="btn btn-primary attract-cta">{t('touchToStart', lang)}</span>
    </button>
  );
}

export function ChooseServiceScreen({ screen }: { screen: Of<'choose-service'> }) {
  const lang = useLang();
  const label: Record<ServiceKind, [TextKey, TextKey]> = {
    hospital: ['serviceHospital', 'serviceHospitalHint'],
    airport: ['serviceAirport', 'serviceAirportHint'],
  };
  return (
    <section className="screen" aria-labelledby="svc-title">
      <h1 id="svc-title">{t('chooseService', lang)}</h1>
      <div className="choices">
        {screen.options.map((s) => (
          <button key={s} type="button" className="btn btn-choice" onClick={() => send('chooseService', { service: s })}>
            <span className="choice-title">{t(label[s][0], lang)}</span>
            <span className="choice-hint">{t(label[s][1], lang)}</span>
          </button>
        ))}
      </div>
    </section>
  );
}

export function ConsentScreen() {
  const lang = useLang();
  return (
    <section className="screen" aria-labelledby="consent-title">
      <h1 id="consent-title">{t('consentTitle', lang)}</h1>
      <p className="body">{t('consentBody', lang)}</p>
      <p className="body">{t('consentUse', lang)}</p>
      <p className="question">{t('consentQuestion', lang)}</p>
      {/* Equal weight: same size, same prominence; nothing is pre-selected. */}
      <div className="actions actions-equal">
        <button type="button" className="btn btn-equal" onClick={() => send('answerConsent', { accepted: false, textVersion: CONSENT_TEXT_VERSION })}>
          {t('consentNo', lang)}
        </button>
        <button type="button" className="btn btn-equal" onClick={() => send('answerConsent', { accepted: true, textVersion: CONSENT_TEXT_VERSION })}>
          {t('consentYes', lang)}
        </button>
      </div>
    </section>
  );
}

export function StaffDeskScreen({ screen }: { screen: Of<'staff-desk'> }) {
  const lang = useLang();
  const body: TextKey = screen.reason === 'consent-refused' ? 'staffDeskConsent' : screen.reason === 'staff-rejected' ? 'staffDeskRejected' : 'staffDeskCancelled';
  return (
    <section className="screen screen-center" aria-labelledby="desk-title">
      <h1 id="desk-title">{t('staffDeskTitle', lang)}</h1>
      <p className="lead">{t(body, lang)}</p>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => send('finish', {})}>
          {t('done', lang)}
        </button>
      </div>
    </section>
  );
}

export function PlaceCardScreen({ screen }: { screen: Of<'place-card'> }) {
  const lang = useLang();
  return (
    <section className="screen screen-center" aria-labelledby="card-title">
      <div className="card-illustration" aria-hidden="true">
        <div className="card-shape">CCCD</div>
        <div className="reader-shape" />
      </div>
      <h1 id="card-title">{t('placeCard', lang)}</h1>
      <p className="lead">{screen.resume ? t('placeCardResume', lang) : t('placeCardHint', lang)}</p>
    </section>
  );
}

/** The accepted chip, above the camera for the whole face step: large, green, with the holder's name. */
function VerdictBanner({ verdict }: { verdict: ChipVerdictView }) {
  const lang = useLang();
  if (!verdict.accepted) return null;
  return (
    <p className="verdict-banner" role="status" data-testid="chip-verdict">
      {t('cardVerified', lang)}
      {verdict.holderName && (
        <>
          {' · '}
          <span className="greeting">
            {t('hello', lang)} {verdict.holderName}
          </span>
        </>
      )}
    </p>
  );
}

/**
 * Reading and face are one screen, so the camera stays on from the read to the challenge: while the chip is
 * read the person is placed in front of the camera (guidance only), then the chip's verdict shows above the
 * camera and the challenge starts. The children keep their places, so React keeps the same camera.
 */
export function CheckScreen({ screen }: { screen: Of<'reading'> | Of<'face'> }) {
  const lang = useLang();
  const reading = screen.step === 'reading';
  const f = screen.face;
  const pct = reading ? Math.round(screen.progress * 100) : 100;
  let message = reading ? '' : t('faceStarting', lang);
  if (f?.phase === 'positioning') message = f.guidance[0] ? guidanceText(f.guidance[0], lang) : reading ? '' : t('faceHold', lang);
  if (f?.phase === 'challenge') message = f.guidance[0] ? guidanceText(f.guidance[0], lang) : f.challenge?.current ? challengeText(f.challenge.current, lang) : t('faceHold', lang);
  if (f?.phase === 'deciding') message = t('faceDeciding', lang);
  return (
    <section className={`screen screen-face ${reading ? 'screen-reading' : ''}`} aria-labelledby="check-title">
      {screen.step === 'face' ? <VerdictBanner verdict={screen.verdict} /> : null}
      <h1 id="check-title">{reading ? t('reading', lang) : t('faceTitle', lang)}</h1>
      {reading ? (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} aria-label={t('reading', lang)}>
          <div className="progress-bar" style={{ width: `${pct}%` }} />
        </div>
      ) : null}
      {reading ? <p className="lead">{f ? t('readingLook', lang) : t('readingHint', lang)}</p> : null}
      {f || !reading ? <Camera guide="face" box={f?.box ?? null} /> : null}
      <p className="guidance" role="status" aria-live="polite" data-phase={f?.phase ?? 'off'}>
        {message}
      </p>
      {f?.challenge && (
        <p className="challenge-progress">
          {t('faceStep', lang)} {Math.min(f.challenge.done + 1, f.challenge.total)} / {f.challenge.total}
        </p>
      )}
    </section>
  );
}

/** A boarding pass shown to the camera: its BCBP text goes to main, which checks its shape. */
function onBoardingPass(text: string): void {
  send('submitBooking', { text });
}

export function BookingScreen({ screen }: { screen: Of<'booking'> }) {
  const lang = useLang();
  const [code, setCode] = useState('');
  const err = screen.error ? errorText(screen.error, lang) : null;
  return (
    <section className="screen screen-key" aria-labelledby="booking-title">
      <h1 id="booking-title">{t('bookingTitle', lang)}</h1>
      <p className="lead">{t('bookingHint', lang)}</p>
      {err && (
        <p className="error" role="alert">
          {err.message} {err.action}
        </p>
      )}
      <div className="scan-row">
        <div className="scan-small">
          <Camera guide="card" onBarcode={onBoardingPass} />
        </div>
        <p className="body">{t('bookingScan', lang)}</p>
      </div>
      <div className="field field-active field-pnr">
        <span className="field-value" data-field="pnr">
          {code.padEnd(6, '_')}
        </span>
      </div>
      <Keypad letters onKey={(k) => setCode((c) => (c.length < 6 ? c + k : c))} onDelete={() => setCode((c) => c.slice(0, -1))} deleteLabel={t('delete', lang)} />
      <div className="actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={code.length !== 6}
          onClick={() => {
            send('submitBooking', { text: code });
            setCode('');
          }}
        >
          {t('next', lang)}
        </button>
      </div>
    </section>
  );
}

export function SubmittingScreen() {
  const lang = useLang();
  return (
    <section className="screen screen-center" aria-labelledby="sub-title">
      <div className="spinner" aria-hidden="true" />
      <h1 id="sub-title">{t('submitting', lang)}</h1>
    </section>
  );
}

function ResultBody({ r }: { r: ResultView }) {
  const lang = useLang();
  if (r.kind === 'queued') {
    return (
      <>
        <h1 id="result-title">{t('resultQueued', lang)}</h1>
        <p className="lead">{t('resultQueuedBody', lang)}</p>
      </>
    );
  }
  if (r.kind === 'hospital-ticket') {
    return (
      <>
        <h1 id="result-title">{t('resultHospital', lang)}</h1>
        {r.holderName && <p className="lead greeting">{r.holderName}</p>}
        {r.ticket && (
          <div className="ticket" data-testid="ticket">
            <span className="ticket-label">{t('ticketNumber', lang)}</span>
            <span className="ticket-number">{r.ticket.number}</span>
            {r.ticket.department && (
              <span className="ticket-line">
                {t('department', lang)}: {r.ticket.department}
              </span>
            )}
            {r.ticket.room && (
              <span className="ticket-line">
                {t('room', lang)}: {r.ticket.room.replace(/^Phòng\s*/, '')}
              </span>
            )}
          </div>
        )}
        {r.coverage && (
          <p className="body">
            {t('coverage', lang)}: {r.coverage.benefit ?? ''} {r.coverage.validTo ? `(${t('coverageValidTo', lang)} ${r.coverage.validTo})` : ''}
          </p>
        )}
      </>
    );
  }
  return (
    <>
      <h1 id="result-title">{t('resultBoarding', lang)}</h1>
      {r.holderName && <p className="lead greeting">{r.holderName}</p>}
      <div className="ticket" data-testid="boarding">
        {r.flight && (
          <span className="ticket-line">
            {t('flight', lang)}: {r.flight}
          </span>
        )}
        <span className="ticket-label">{t('seat', lang)}</span>
        <span className="ticket-number">{r.seat}</span>
        {r.gate && (
          <span className="ticket-line">
            {t('gate', lang)}: {r.gate}
          </span>
        )}
        {r.boardingTime && (
          <span className="ticket-line">
            {t('boardingTime', lang)}: {r.boardingTime}
          </span>
        )}
      </div>
    </>
  );
}

export function ResultScreen({ screen }: { screen: Of<'result'> }) {
  const lang = useLang();
  return (
    <section className="screen screen-center" aria-labelledby="result-title">
      <ResultBody r={screen.result} />
      {screen.result.staffVerified && <p className="badge">{t('staffVerified', lang)}</p>}
      {screen.ticket && <TicketPreview ticket={screen.ticket} />}
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => send('finish', {})}>
          {t('done', lang)}
        </button>
      </div>
    </section>
  );
}

export function FailedScreen({ screen }: { screen: Of<'failed'> }) {
  const lang = useLang();
  const e = errorText(screen.error, lang);
  return (
    <section className="screen screen-center" aria-labelledby="failed-title" data-error={screen.error}>
      <div className="big-cross" aria-hidden="true">
        !
      </div>
      <h1 id="failed-title">{e.message}</h1>
      <p className="lead">{e.action}</p>
      {screen.staffCanTakeOver && <p className="body">{t('waitStaff', lang)}</p>}
      <p className="staff-code">{e.staffCode}</p>
      <div className="actions">
        {screen.canRetry && (
          <button type="button" className="btn btn-primary" onClick={() => send('retry', {})}>
            {t('retry', lang)}
          </button>
        )}
        <button type="button" className="btn btn-secondary" onClick={() => send('finish', {})}>
          {t('done', lang)}
        </button>
      </div>
    </section>
  );
}
