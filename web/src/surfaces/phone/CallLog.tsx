import { useState } from 'react';
import { api, type CallQuery } from '../../api/client.ts';
import { useResource } from '../../api/hooks.tsx';
import { can, maskedRows } from '../../../../src/contract/access.ts';
import { CALL_OUTCOMES, type CallOutcome } from '../../../../src/contract/enums.ts';
import type { Call } from '../../../../src/contract/calls.ts';
import { Page } from '../../app/Page.tsx';
import { Link } from '../../app/router.tsx';
import { ticketPath } from '../../app/routes.ts';
import { useUser } from '../../app/session.tsx';
import { useI18n } from '../../i18n/react.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { clock, outcomeKey } from './phone.ts';
import { Recording } from './Recording.tsx';
import './phone.css';

const PAGE = 50;

/**
 * The call log (R-TEL-1, R-TEL-5): every call with its times, queue, outcome and ticket, and
 * its recording for those allowed to listen (operators, supervisors; leaders see callers
 * masked and no recordings).
 */
export default function CallLog() {
  const { t } = useI18n();
  const user = useUser();
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [caller, setCaller] = useState('');
  const [applied, setApplied] = useState<CallQuery>({});
  const [pages, setPages] = useState(1);
  const q: CallQuery = { ...applied, limit: PAGE * pages };
  const calls = useResource(() => api.calls(q), `calls:${JSON.stringify(q)}`);
  const mayListen = can(user.role, 'call.recording');
  // A role that sees callers masked may not filter by the caller (R-PUB-2): no such field.
  const mayFilterCaller = maskedRows(user.role) === 'none';

  function apply(e: React.FormEvent) {
    e.preventDefault();
    setPages(1);
    setApplied({
      ...(outcome ? { outcome } : {}),
      ...(mayFilterCaller && caller.trim() ? { caller: caller.trim() } : {}),
    });
  }

  return (
    <Page title={t('calls.title')}>
      <form className="call-log-filters" onSubmit={apply} role="search">
        <label>
          {t('calls.outcome')}
          <select value={outcome} onChange={(e) => setOutcome(e.target.value as CallOutcome | '')}>
            <option value="">{t('calls.all')}</option>
            {CALL_OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {t(outcomeKey(o))}
              </option>
            ))}
          </select>
        </label>
        {mayFilterCaller ? (
          <label>
            {t('calls.caller')}
            <input
              type="tel"
              value={caller}
              inputMode="tel"
              onChange={(e) => setCaller(e.target.value)}
            />
          </label>
        ) : null}
        <button type="submit" className="btn btn-small">
          {t('calls.filter')}
        </button>
        <button type="button" className="btn btn-ghost btn-small" onClick={calls.reload}>
          {t('calls.refresh')}
        </button>
      </form>
      <ErrorAlert error={calls.error} onRetry={calls.reload} />
      {calls.data ? (
        <>
          <p className="muted">{t('calls.count', { n: calls.data.total })}</p>
          {calls.data.items.length === 0 ? (
            <p className="muted">{t('calls.none')}</p>
          ) : (
            <div className="table-wrap">
              <table className="load-table call-log">
                <thead>
                  <tr>
                    <th scope="col">{t('calls.startedAt')}</th>
                    <th scope="col">{t('calls.caller')}</th>
                    <th scope="col">{t('calls.queue')}</th>
                    <th scope="col">{t('calls.outcome')}</th>
                    <th scope="col" className="num">
                      {t('calls.wait')}
                    </th>
                    <th scope="col" className="num">
                      {t('calls.talk')}
                    </th>
                    <th scope="col">{t('calls.ticket')}</th>
                    {mayListen ? <th scope="col">{t('calls.recording')}</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {calls.data.items.map((c) => (
                    <CallRow key={c.id} c={c} mayListen={mayListen} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {calls.data.items.length < calls.data.total ? (
            <button type="button" className="btn btn-ghost" onClick={() => setPages((p) => p + 1)}>
              {t('calls.more')}
            </button>
          ) : null}
        </>
      ) : calls.error ? null : (
        <Loading />
      )}
    </Page>
  );
}

function CallRow({ c, mayListen }: { c: Call; mayListen: boolean }) {
  const { t, lang } = useI18n();
  const wait = c.queueWaitSeconds ?? c.waitSeconds;
  return (
    <tr data-call={c.id} data-outcome={c.outcome}>
      <td>{formatDateTime(c.startedAt, lang)}</td>
      <td>
        {c.callerName ? `${c.callerName} · ` : ''}
        {c.caller ?? '—'}
      </td>
      <td>{c.queue ?? '—'}</td>
      <td>
        {t(outcomeKey(c.outcome))}
        {c.transferTo ? ` → ${c.transferTo}` : ''}
      </td>
      <td className="num">{wait === null ? '—' : clock(wait)}</td>
      <td className="num">{c.talkSeconds === null ? '—' : clock(c.talkSeconds)}</td>
      <td>{c.ticketId ? <Link to={ticketPath(c.ticketId)}>{t('calls.open')}</Link> : '—'}</td>
      {mayListen ? <td>{c.recording ? <Recording callId={c.id} /> : '—'}</td> : null}
    </tr>
  );
}
