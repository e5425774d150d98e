import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useCached } from '../../api/hooks.tsx';
import type { Action } from '../../../../src/contract/enums.ts';
import type { Ticket } from '../../../../src/contract/ticket.ts';
import { AGENCY_STATES } from '../../../../src/core/ticket/state-machine.ts';
import { Page } from '../../app/Page.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { PATHS, ticketPath } from '../../app/routes.ts';
import { useI18n } from '../../i18n/react.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { Tabs } from '../../ui/tabs.tsx';
import {
  ErrorAlert,
  EscalationBadge,
  Loading,
  StatusBadge,
  UrgencyBadge,
} from '../../ui/feedback.tsx';
import { CountdownBadge } from '../agency/Countdown.tsx';
import { agencyName, fieldName } from '../names.ts';
import { ActionForm } from '../ticket/ActionForm.tsx';
import { byStatus, useTicketList } from '../ticket/useTicketList.ts';

type Tab = 'unclear' | 'late';
type Open = { ticketId: string; action: Action; explain: boolean } | null;

/**
 * The coordinator's desk (R-WF-7, R-WF-10, R-SLA-3): tickets whose jurisdiction is unclear,
 * to assign to an agency; tickets escalated to the head or overdue, to remind the agency or
 * ask it to explain. Both lists stay live.
 */
export default function CoordinatorView() {
  const { t } = useI18n();
  const { search } = useLocation();
  const tab: Tab = new URLSearchParams(search).get('tab') === 'late' ? 'late' : 'unclear';
  const unclear = useTicketList(
    { status: ['coordinating'], order: 'created_desc', limit: 100 },
    byStatus(['coordinating']),
  );
  const late = useTicketList({
    status: [...AGENCY_STATES],
    escalation: ['head', 'overdue'],
    order: 'deadline_asc',
    limit: 100,
  });
  const [open, setOpen] = useState<Open>(null);
  const [done, setDone] = useState<string | null>(null);
  const current = tab === 'unclear' ? unclear : late;

  return (
    <Page title={t('coordinator.title')}>
      <p className="muted page-intro">{t('coordinator.intro')}</p>
      <Tabs
        label={t('coordinator.title')}
        idPrefix="coord"
        selected={tab}
        onSelect={(id) => {
          setOpen(null);
          navigate(id === 'unclear' ? PATHS.coordinator : `${PATHS.coordinator}?tab=${id}`, {
            replace: true,
          });
        }}
        items={[
          {
            id: 'unclear',
            label: (
              <>
                {t('coordinator.unclear')}
                <span className="tab-count">{unclear.data?.total ?? '…'}</span>
              </>
            ),
          },
          {
            id: 'late',
            label: (
              <>
                {t('coordinator.late')}
                <span className="tab-count">{late.data?.total ?? '…'}</span>
              </>
            ),
          },
        ]}
      />
      <section
        id="coord-panel"
        role="tabpanel"
        aria-labelledby={`coord-tab-${tab}`}
        className="panel"
        aria-busy={current.loading}
      >
        <div className={done ? 'alert alert-success' : 'saved-empty'} role="status">
          {done}
        </div>
        <ErrorAlert error={current.error} onRetry={current.reload} />
        {!current.data ? (
          current.error ? null : (
            <Loading />
          )
        ) : current.data.items.length === 0 ? (
          <p className="muted empty">
            {t(tab === 'unclear' ? 'coordinator.emptyUnclear' : 'coordinator.emptyLate')}
          </p>
        ) : (
          <ul className="rows">
            {current.data.items.map((x) => (
              <CoordRow
                key={x.id}
                ticket={x}
                tab={tab}
                open={open?.ticketId === x.id ? open : null}
                onOpen={(o) => {
                  setDone(null);
                  setOpen(o);
                }}
                onDone={(text) => {
                  setOpen(null);
                  setDone(text);
                  current.reload();
                }}
              />
            ))}
          </ul>
        )}
      </section>
    </Page>
  );
}

function CoordRow({
  ticket: x,
  tab,
  open,
  onOpen,
  onDone,
}: {
  ticket: Ticket;
  tab: Tab;
  open: Open;
  onOpen: (o: Open) => void;
  onDone: (text: string) => void;
}) {
  const { t, lang } = useI18n();
  const agencies = useCached('agencies', api.agencies);
  const fields = useCached('fields', api.fields);
  const agency = agencies.data?.find((a) => a.id === x.agencyId);
  const field = fields.data?.fields.find((f) => f.id === x.fieldId);
  const agencyLabel = agency ? agencyName(agency, lang) : '';
  const actions: { action: Action; explain: boolean; label: string }[] =
    tab === 'unclear'
      ? [{ action: 'forward', explain: false, label: t('coordinator.assign') }]
      : [
          { action: 'remind', explain: false, label: t('coordinator.remind') },
          { action: 'remind', explain: true, label: t('coordinator.explain') },
        ];
  return (
    <li className="row coord-row" data-ticket={x.code}>
      <div className="row-main">
        <Link to={ticketPath(x.id)} className="row-code">
          {x.code}
        </Link>
        <StatusBadge status={x.status} />
        <EscalationBadge escalation={x.escalation} />
        <UrgencyBadge urgency={x.urgency} />
      </div>
      <div className="row-text">{x.subject || x.content}</div>
      <div className="row-meta">
        {field ? <span>{fieldName(field, lang)}</span> : null}
        {agencyLabel ? <span>{agencyLabel}</span> : null}
        <span>{formatDateTime(x.createdAt, lang)}</span>
      </div>
      {tab === 'late' && x.deadline ? (
        <div className="row-deadline">
          <CountdownBadge deadline={x.deadline} agencyId={x.agencyId} compact />
        </div>
      ) : null}
      <div className="row-actions">
        {actions.map((a) => {
          const isOpen = open?.action === a.action && open.explain === a.explain;
          return (
            <button
              key={a.label}
              type="button"
              className={`btn btn-small${a.action === 'forward' ? ' btn-primary' : ''}`}
              aria-expanded={isOpen}
              aria-label={t('coordinator.actionOn', { action: a.label, code: x.code })}
              onClick={() =>
                onOpen(isOpen ? null : { ticketId: x.id, action: a.action, explain: a.explain })
              }
            >
              {a.label}
            </button>
          );
        })}
      </div>
      {open ? (
        <div className="row-form">
          <ActionForm
            ticket={x}
            action={open.action}
            proposedAgencyId={field?.defaultAgencyId ?? null}
            initial={
              open.action === 'remind'
                ? {
                    reason: t(open.explain ? 'coordinator.explainText' : 'coordinator.remindText', {
                      code: x.code,
                      agency: agencyLabel,
                    }),
                  }
                : undefined
            }
            onCancel={() => onOpen(null)}
            onDone={() =>
              onDone(
                open.action === 'forward'
                  ? t('coordinator.assigned', { code: x.code })
                  : t('coordinator.reminded', { code: x.code, agency: agencyLabel }),
              )
            }
          />
        </div>
      ) : null}
    </li>
  );
}
