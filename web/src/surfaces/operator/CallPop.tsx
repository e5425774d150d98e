import './call-pop.css';
import { useState, type FormEvent } from 'react';
import { api } from '../../api/client.ts';
import { toApiError, useLiveEvent } from '../../api/hooks.tsx';
import type { ServerEvents } from '../../api/live.ts';
import { Link } from '../../app/router.tsx';
import { PATHS, ticketPath } from '../../app/routes.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { useI18n } from '../../i18n/react.tsx';

type Offered = ServerEvents['call.offered'];
type Transfer = ServerEvents['call.transfer'];

/**
 * When a call rings the operator's phone (`call.offered`), who is calling and their earlier
 * tickets, so the operator answers knowing the history (R-TEL-3); on the call, the transfer
 * to an agency's phone (R-WF-8): at once, or after consulting the agency first.
 */
export function CallPop() {
  const { t, lang } = useI18n();
  const [call, setCall] = useState<Offered | null>(null);
  const [transfer, setTransfer] = useState<Transfer | null>(null);
  useLiveEvent('call.offered', (c) => {
    setCall(c);
    setTransfer(null);
  });
  useLiveEvent('call.transfer', (x) => {
    if (x.callId === call?.callId) setTransfer(x);
  });
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
      <TransferControl callId={call.callId} transfer={transfer} />
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

function TransferControl({ callId, transfer }: { callId: string; transfer: Transfer | null }) {
  const { t, lang } = useI18n();
  const [target, setTarget] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run(f: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await f();
    } catch (err) {
      const e = toApiError(err);
      setError(e.localized(lang) ?? e.code);
    } finally {
      setBusy(false);
    }
  }
  function start(mode: 'blind' | 'attended') {
    return (e?: FormEvent) => {
      e?.preventDefault();
      void run(() => api.transferCall(callId, target, mode));
    };
  }
  const state = transfer?.state;
  const active = state === 'dialing' || state === 'consulting';
  return (
    <section className="call-pop-transfer" aria-labelledby="call-pop-transfer">
      <h3 id="call-pop-transfer">{t('callPop.transfer')}</h3>
      {transfer ? (
        <p role="status">{t(`callPop.state.${transfer.state}`, { target: transfer.target })}</p>
      ) : null}
      {state === 'consulting' && transfer?.mode === 'attended' ? (
        <p className="call-pop-actions">
          <button
            type="button"
            className="btn btn-small"
            disabled={busy}
            onClick={() => void run(() => api.completeTransfer(callId))}
          >
            {t('callPop.complete')}
          </button>
          <button
            type="button"
            className="btn btn-ghost btn-small"
            disabled={busy}
            onClick={() => void run(() => api.cancelTransfer(callId))}
          >
            {t('callPop.cancel')}
          </button>
        </p>
      ) : null}
      {!active && state !== 'completed' ? (
        <form onSubmit={start('blind')}>
          <label>
            {t('callPop.transferNumber')}
            <input
              type="tel"
              inputMode="tel"
              autoComplete="off"
              value={target}
              onChange={(e) => setTarget(e.target.value)}
              required
            />
          </label>
          <p className="call-pop-actions">
            <button type="submit" className="btn btn-small" disabled={busy || !target.trim()}>
              {t('callPop.blind')}
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-small"
              disabled={busy || !target.trim()}
              onClick={start('attended')}
            >
              {t('callPop.attended')}
            </button>
          </p>
        </form>
      ) : null}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
