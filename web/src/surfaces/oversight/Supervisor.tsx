import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useLiveEvent, useResource, useResync } from '../../api/hooks.tsx';
import type { TicketListFilter } from '../../../../src/contract/ticket.ts';
import type { OperatorLoad } from '../../../../src/contract/stats.ts';
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
import { byLoad, operatorState } from './load.ts';
import { Switchboard } from '../phone/Switchboard.tsx';

/** Queues the shift must keep short, each a count that stays live. */
const QUEUES: readonly { label: MessageKey; query: TicketListFilter; tab?: string }[] = [
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
  // Each operator's load today, live: any ticket change may move a count.
  const load = useResource(api.operatorLoad, 'supervisor:load');
  useLiveEvent('ticket.updated', load.reload);
  useResync(load.reload);
  const operators = byLoad(load.data?.operators ?? []);

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
      <Switchboard />
      <section className="card" aria-labelledby="sup-roster">
        <h2 id="sup-roster">{t('supervisor.roster', { n: operators.length })}</h2>
        <p className="hint">{t('supervisor.loadHint')}</p>
        <ErrorAlert error={load.error} onRetry={load.reload} />
        {load.data ? (
          <OperatorTable operators={operators} now={now} />
        ) : load.error ? null : (
          <Loading />
        )}
      </section>
      <section aria-labelledby="sup-tickets">
        <h2 id="sup-tickets">{t('supervisor.inShift', { n: inShift.length })}</h2>
        <ErrorAlert error={recent.error} onRetry={recent.reload} />
        {recent.data ? (
          <TicketRows items={inShift} empty={t('supervisor.noneInShift')} />
        ) : recent.error ? null : (
          <Loading />
        )}
      </section>
    </Page>
  );
}

function QueueCount({
  label,
  query,
  tab,
}: {
  label: MessageKey;
  query: TicketListFilter;
  tab?: string;
}) {
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

function OperatorTable({
  operators,
  now,
}: {
  operators: readonly OperatorLoad['operators'][number][];
  now: Date;
}) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="load-table">
        <thead>
          <tr>
            <th scope="col">{t('supervisor.col.operator')}</th>
            <th scope="col">{t('supervisor.col.state')}</th>
            <th scope="col" className="num">
              {t('supervisor.col.created')}
            </th>
            <th scope="col" className="num">
              {t('supervisor.col.handled')}
            </th>
            <th scope="col" className="num">
              {t('supervisor.col.held')}
            </th>
            <th scope="col">{t('supervisor.col.last')}</th>
          </tr>
        </thead>
        <tbody>
          {operators.map((o) => {
            const state = operatorState(o, now);
            return (
              <tr key={o.id} data-operator={o.username}>
                <th scope="row">
                  {o.displayName}
                  <span className="mini-sub"> · {o.username}</span>
                </th>
                <td>
                  <span className={`badge op-${state}`}>{t(`supervisor.state.${state}`)}</span>
                </td>
                <td className="num" data-col="created">
                  {o.createdToday}
                </td>
                <td className="num" data-col="handled">
                  {o.handledToday}
                </td>
                <td className="num" data-col="held">
                  {o.openHeld}
                </td>
                <td>
                  {o.lastActionAt ? formatDateTime(o.lastActionAt, lang) : t('supervisor.never')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
