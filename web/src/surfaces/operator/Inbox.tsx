import { useI18n } from '../../i18n/react.tsx';
import { Page } from '../../app/Page.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { PATHS } from '../../app/routes.ts';
import { can } from '../../../../src/contract/access.ts';
import { useUser } from '../../app/session.tsx';
import { Tabs } from '../../ui/tabs.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import type { TicketListFilter } from '../../../../src/contract/ticket.ts';
import type { TicketStatus } from '../../../../src/contract/enums.ts';
import { byStatus, useTicketList } from '../ticket/useTicketList.ts';
import { TicketRows } from '../ticket/TicketRows.tsx';
import { ChatWaiting } from '../chat/ChatWaiting.tsx';

type TabId = 'received' | 'coordinating' | 'agency_answered' | 'mine';

interface TabDef {
  id: TabId;
  label: MessageKey;
  empty: MessageKey;
  query: TicketListFilter;
  statuses?: TicketStatus[];
}

/** The shift's work: new tickets, tickets with the coordinator, answers to pass on, mine. */
const TABS: readonly TabDef[] = [
  {
    id: 'received',
    label: 'inbox.received',
    empty: 'inbox.emptyReceived',
    query: { status: ['received'] },
    statuses: ['received'],
  },
  {
    id: 'agency_answered',
    label: 'inbox.agencyAnswered',
    empty: 'inbox.emptyAnswered',
    query: { status: ['agency_answered'] },
    statuses: ['agency_answered'],
  },
  {
    id: 'coordinating',
    label: 'inbox.coordinating',
    empty: 'inbox.emptyCoordinating',
    query: { status: ['coordinating'] },
    statuses: ['coordinating'],
  },
  { id: 'mine', label: 'inbox.mine', empty: 'inbox.emptyMine', query: { mine: 'created' } },
];

function isTab(v: string | null): v is TabId {
  return TABS.some((x) => x.id === v);
}

/** The operator console's unified live inbox. */
export function Inbox() {
  const { t } = useI18n();
  const user = useUser();
  const { search } = useLocation();
  const asked = new URLSearchParams(search).get('tab');
  const fallback: TabId = can(user.role, 'screen.coordinator') ? 'coordinating' : 'received';
  const tab: TabId = isTab(asked) ? asked : fallback;

  // Every tab's list stays live so its count is right; only the selected one is rendered.
  const lists = {
    received: useTicketList(TABS[0]!.query, byStatus(['received'])),
    agency_answered: useTicketList(TABS[1]!.query, byStatus(['agency_answered'])),
    coordinating: useTicketList(TABS[2]!.query, byStatus(['coordinating'])),
    mine: useTicketList(
      TABS[3]!.query,
      (ev, items) => ev.action === 'create' || items.some((x) => x.id === ev.ticketId),
    ),
  };
  const current = lists[tab];
  const def = TABS.find((x) => x.id === tab)!;
  const canCreate = can(user.role, 'screen.new_ticket');

  return (
    <Page
      title={t('inbox.title')}
      actions={
        canCreate ? (
          <Link to={PATHS.newTicket} className="btn btn-primary" aria-keyshortcuts="Alt+N">
            {t('inbox.new')}
          </Link>
        ) : null
      }
    >
      {canCreate ? <ChatWaiting /> : null}
      <Tabs
        label={t('inbox.title')}
        idPrefix="inbox"
        selected={tab}
        onSelect={(id) => navigate(`${PATHS.inbox}?tab=${id}`, { replace: true })}
        items={TABS.map((x) => ({
          id: x.id,
          label: (
            <>
              {t(x.label)}
              <span className="tab-count">{lists[x.id].data?.total ?? '…'}</span>
            </>
          ),
        }))}
      />
      <section
        id="inbox-panel"
        role="tabpanel"
        aria-labelledby={`inbox-tab-${tab}`}
        className="panel"
        aria-busy={current.loading}
      >
        <ErrorAlert error={current.error} onRetry={current.reload} />
        {current.data ? (
          <TicketRows items={current.data.items} empty={t(def.empty)} />
        ) : current.error ? null : (
          <Loading />
        )}
      </section>
    </Page>
  );
}
