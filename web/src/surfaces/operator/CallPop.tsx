import './call-pop.css';
import { useState } from 'react';
import { useLiveEvent } from '../../api/hooks.tsx';
import type { ServerEvents } from '../../api/live.ts';
import { Link } from '../../app/router.tsx';
import { PATHS, ticketPath } from '../../app/routes.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/react.tsx';

type Offered = ServerEvents['call.offered'];

/**
 * When a call rings the operator's phone (`call.offered`), who is calling and their earlier
 * tickets, so the operator answers knowing the history (R-TEL-3).
 */
export function CallPop() {
  const { t, lang } = useI18n();
  const [call, setCall] = useState<Offered | null>(null);
  useLiveEvent('call.offered', setCall);
  if (!call) return null;
  return (
    <aside
      className="call-pop"
      role="alert"
      aria-labelledby="call-pop-title"
      data-call={call.callId}
    >
      <h2 id="call-pop-title">{t('callPop.title')}</h2>
      <p className="call-pop-caller">
        <strong>{call.callerName ?? call.caller}</strong>
        {call.callerName ? <span> · {call.caller}</span> : null}
      </p>
      <p className="muted">
        {t('callPop.queue')}: {call.queue}
      </p>
      <h3>{t('callPop.earlier')}</h3>
      {call.earlierTickets.length === 0 ? (
        <p className="muted">{t('callPop.none')}</p>
      ) : (
        <ul>
          {call.earlierTickets.map((x) => (
            <li key={x.id}>
              <Link to={ticketPath(x.id)}>{x.code}</Link> {x.subject}{' '}
              <span className="muted">{formatDateTime(x.createdAt, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="call-pop-actions">
        <Link
          className="btn btn-small"
          to={`${PATHS.newTicket}?${new URLSearchParams({
            call: call.callId,
            phone: call.caller,
            name: call.callerName ?? '',
          }).toString()}`}
          onClick={() => setCall(null)}
        >
          {t('callPop.record')}
        </Link>
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setCall(null)}>
          {t('callPop.dismiss')}
        </button>
      </div>
    </aside>
  );
}
