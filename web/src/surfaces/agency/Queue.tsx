import { useI18n } from '../../i18n/react.tsx';
import { Page } from '../../app/Page.tsx';
import { navigate, useLocation } from '../../app/router.tsx';
import { PATHS } from '../../app/routes.ts';
import { Tabs } from '../../ui/tabs.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { useTicketList } from '../ticket/useTicketList.ts';
import { TicketRows } from '../ticket/TicketRows.tsx';
import { useWorkCalendar } from './Countdown.tsx';
import { PushToggle } from './PushToggle.tsx';

const OPEN = ['forwarded', 'in_progress', 'verifying', 'pending_approval'] as const;
const DONE = ['agency_answered', 'answered', 'closed'] as const;

/**
 * The agency's processing queue (R-AG-1): open tickets, nearest deadline first, each with its
 * working-hours countdown. Only this agency's events reach this user, so any event reloads.
 */
export function AgencyQueue() {
  const { t } = useI18n();
  const { search } = useLocation();
  const tab = new URLSearchParams(search).get('tab') === 'done' ? 'done' : 'open';
  useWorkCalendar(); // start loading the calendar with the list, not after it
  const open = useTicketList({ status: [...OPEN], order: 'deadline_asc', limit: 100 });
  const done = useTicketList({ status: [...DONE], limit: 50 });
  const current = tab === 'open' ? open : done;

  return (
    <Page title={t('agency.title')}>
      <PushToggle />
      <Tabs
        label={t('agency.title')}
        idPrefix="queue"
        selected={tab}
        onSelect={(id) =>
          navigate(id === 'open' ? PATHS.agency : `${PATHS.agency}?tab=${id}`, { replace: true })
        }
        items={[
          {
            id: 'open',
            label: (
              <>
                {t('agency.open')}
                <span className="tab-count">{open.data?.total ?? '…'}</span>
              </>
            ),
          },
          {
            id: 'done',
            label: (
              <>
                {t('agency.done')}
                <span className="tab-count">{done.data?.total ?? '…'}</span>
              </>
            ),
          },
        ]}
      />
      <section
        id="queue-panel"
        role="tabpanel"
        aria-labelledby={`queue-tab-${tab}`}
        className="panel"
      >
        <ErrorAlert error={current.error} onRetry={current.reload} />
        {current.data ? (
          <TicketRows
            items={current.data.items}
            showCountdown={tab === 'open'}
            empty={t(tab === 'open' ? 'agency.emptyOpen' : 'agency.emptyDone')}
          />
        ) : current.error ? null : (
          <Loading />
        )}
      </section>
    </Page>
  );
}
