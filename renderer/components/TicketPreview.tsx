// The printed ticket on the result screen: the PNG preview main made from the very dots it sent to the
// printer, and how printing went. When printing failed the result stays on screen with the message in both
// languages (the person shows it to staff, whatever language staff read) and the staff code.
import type { TicketView } from '../../electron/contract/view.ts';
import { KIOSK_ERRORS } from '../../electron/contract/errors.ts';
import { t } from '../i18n.ts';
import { useLang } from '../screens/common.ts';

export function TicketPreview({ ticket }: { ticket: TicketView }) {
  const lang = useLang();
  const other = lang === 'vi' ? 'en' : 'vi';
  if (ticket.status === 'off') return null;
  const failure = ticket.status === 'failed' ? KIOSK_ERRORS[ticket.error ?? 'PRINT_FAILED'] : null;
  return (
    <section className="ticket-preview" data-testid="ticket-print" data-status={ticket.status} aria-labelledby="ticket-preview-title">
      <h2 id="ticket-preview-title">{t('ticketPreview', lang)}</h2>
      {failure ? (
        <div className="error print-error" role="alert" data-testid="print-error">
          <p>
            {failure.message[lang]} {failure.action[lang]}
          </p>
          <p className="print-error-other" lang={other}>
            {failure.message[other]} {failure.action[other]}
          </p>
          <p className="staff-code">{failure.staffCode}</p>
        </div>
      ) : (
        <p className="lead" role="status" aria-live="polite">
          {t(ticket.status === 'printing' ? 'ticketPrinting' : 'ticketPrinted', lang)}
        </p>
      )}
      {ticket.preview && (
        <div className="ticket-paper">
          <img src={ticket.preview} alt={t('ticketPreviewAlt', lang)} data-testid="ticket-preview" width={ticket.widthDots} />
        </div>
      )}
    </section>
  );
}
