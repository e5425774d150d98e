import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useResource } from '../../api/hooks.tsx';
import type { ListQuery } from '../../api/types.ts';
import { Page } from '../../app/Page.tsx';
import { Link } from '../../app/router.tsx';
import { PATHS } from '../../app/routes.ts';
import { useI18n } from '../../i18n/react.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { TicketRows } from '../ticket/TicketRows.tsx';
import { useTicketList } from '../ticket/useTicketList.ts';
import { currentShift } from './shift.ts';

/** Queues the shift must keep short, each a count that stays live. */
const QUEUES: readonly { label: MessageKey; query: ListQuery; tab?: string }[] = [
  { label: 'supervisor.q.received', query: { status: ['received'], limit: 1 }, tab: 'received' },
  {
    label: 'supervisor.q.answered',
    query: { status: ['agency_answered'], limit: 1 },
    tab: 'agency_answered',
  },
  {
    label: 'supervisor.q.coordinating',
    query: { status: ['coordinating'], limit: 1 },
    tab: 'coordinating',
  },
  {
    label: 'supervisor.q.overdue',
    query: {
      escalation: ['overdue'],
      status: ['forwarded', 'in_progress', 'verifying', 'pending_approval'],
      limit: 1,
    },
  },
];

/**
 * The supervisor's view of the shift (R-OP-2), read-only: the queues the shift must keep
 * short, the tickets recorded since the shift began, and who is on the operator roster.
 */
export default function SupervisorView() {
  const { t, lang } = useI18n();
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, []);
  const shift = currentShift(now);
  const recent = useTicketList(
    { order: 'created_desc', limit: 200 },
    (ev) => ev.action === 'create',
  );
  const inShift = (recent.data?.items ?? []).filter(
    (x) => new Date(x.createdAt).getTime() >= shift.start.getTime(),
  );
  const operators = useResource(api.users, 'supervisor:users');
  const roster = (operators.data ?? []).filter((u) => u.role === 'operator' && u.active);

  return (
    <Page title={t('supervisor.title')}>
      <p className="muted page-intro">
        {t('supervisor.shift', {
          n: shift.number,
          from: formatDateTime(shift.start, lang),
          to: formatDateTime(shift.end, lang),
        })}
      </p>
      <section aria-labelledby="sup-queues">
        <h2 id="sup-queues">{t('supervisor.queues')}</h2>
        <ul className="stat-grid">
          {QUEUES.map((q) => (
            <QueueCount key={q.label} label={q.label} query={q.query} tab={q.tab} />
          ))}
        </ul>
      </section>
      <div className="sup-grid">
        <section aria-labelledby="sup-tickets">
          <h2 id="sup-tickets">{t('supervisor.inShift', { n: inShift.length })}</h2>
          <ErrorAlert error={recent.error} onRetry={recent.reload} />
          {recent.data ? (
            <TicketRows items={inShift} empty={t('supervisor.noneInShift')} />
          ) : recent.error ? null : (
            <Loading />
          )}
        </section>
        <section className="card" aria-labelledby="sup-roster">
          <h2 id="sup-roster">{t('supervisor.roster', { n: roster.length })}</h2>
          <ErrorAlert error={operators.error} onRetry={operators.reload} />
          {operators.data ? (
            <ul className="mini-list">
              {roster.map((u) => (
                <li key={u.id}>
                  {u.displayName}
                  <span className="mini-sub"> · {u.username}</span>
                </li>
              ))}
            </ul>
          ) : operators.error ? null : (
            <Loading />
          )}
        </section>
      </div>
    </Page>
  );
}

function QueueCount({ label, query, tab }: { label: MessageKey; query: ListQuery; tab?: string }) {
  const { t } = useI18n();
  const r = useTicketList(query);
  const n = r.data?.total;
  return (
    <li className="stat card">
      <span className="stat-n">{n ?? '…'}</span>
      <span className="stat-label">
        {tab ? <Link to={`${PATHS.inbox}?tab=${tab}`}>{t(label)}</Link> : t(label)}
      </span>
    </li>
  );
}
