import { useEffect, useState, useSyncExternalStore } from 'react';
import { api } from '../../api/client.ts';
import { useCached, useLive, useResync } from '../../api/hooks.tsx';
import { useI18n } from '../../i18n/react.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { buildWorkCalendar } from './calendar.ts';
import { countdown, refreshEvery, type Deadline } from './countdown.ts';
import type { Agency } from '../../../../src/contract/org.ts';
import type { WorkCalendar } from '../../../../src/core/calendar/working-time.ts';

async function loadCalendar(): Promise<WorkCalendar> {
  const list = await api.calendars();
  const def = list.find((c) => c.isDefault) ?? list[0];
  return buildWorkCalendar(def ? await api.calendar(def.id) : { config: {}, exceptions: [] });
}

const loadOwn = (id: string) => async () => buildWorkCalendar(await api.calendar(id));

/**
 * Calendars are cached for the session under keys carrying this number; a `calendar.updated`
 * event (or a reconnect, which may have missed one) bumps it, so every countdown loads the
 * new hours once and recomputes without a reload. All listeners get the same event object:
 * the first one bumps, the others see it was seen.
 */
let epoch = 0;
const epochListeners = new Set<() => void>();
const seen = new WeakSet<object>();
function bump(cause: object) {
  if (seen.has(cause)) return;
  seen.add(cause);
  epoch++;
  for (const fn of epochListeners) fn();
}
let resyncing = false;

function useCalendarEpoch(): number {
  const live = useLive();
  useEffect(() => live.on('calendar.updated', (d) => bump(d)), [live]);
  useResync(() => {
    // Resync listeners run together: one bump per reconnect, however many countdowns.
    if (resyncing) return;
    resyncing = true;
    bump({});
    queueMicrotask(() => (resyncing = false));
  });
  return useSyncExternalStore(
    (cb) => {
      epochListeners.add(cb);
      return () => epochListeners.delete(cb);
    },
    () => epoch,
  );
}

/**
 * The working calendar a ticket's deadline runs on, as the sweeper uses it: the agency's own
 * when it has one (R-SLA-4), else the tenant's default. Loaded once per session.
 */
export function useWorkCalendar(agencyId?: string | null): WorkCalendar | undefined {
  const n = useCalendarEpoch();
  // Per epoch too: an agency moved to another calendar announces it as calendar.updated.
  const agencies = useCached(
    agencyId ? `agencies#${n}` : 'none:agencies',
    agencyId ? api.agencies : noAgencies,
  );
  const own = agencyId ? agencies.data?.find((a) => a.id === agencyId)?.calendarId : null;
  // Until the agency list answers, wait rather than show a countdown on the wrong calendar.
  const waiting = Boolean(agencyId) && !agencies.data && !agencies.error;
  const def = useCached(`calendar:default#${n}`, loadCalendar).data;
  const mine = useCached(
    own ? `calendar:${own}#${n}` : 'none:calendar',
    own ? loadOwn(own) : noCalendar,
  ).data;
  if (waiting) return undefined;
  return own ? mine : def;
}

const noAgencies = async (): Promise<Agency[]> => [];
const noCalendar = async () => undefined;

/**
 * A live working-hours countdown. It re-renders itself on a local timer (no network): every
 * minute, or every 15 s in the last hour.
 */
export function CountdownBadge({
  deadline,
  agencyId,
  compact = false,
}: {
  deadline: Deadline;
  /** The agency holding the ticket: its own office hours count, if it has any. */
  agencyId?: string | null;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const cal = useWorkCalendar(agencyId);
  const [tick, setTick] = useState(() => ({ at: new Date(), due: deadline.dueAt }));
  // A new deadline (escalation, transfer) is measured from this moment, not the last tick.
  const now = tick.due === deadline.dueAt ? tick.at : new Date();
  const c = cal ? countdown(cal, now, deadline) : null;
  const every = c ? refreshEvery(c.remainingMs) : 60_000;
  useEffect(() => {
    const timer = setInterval(() => setTick({ at: new Date(), due: deadline.dueAt }), every);
    return () => clearInterval(timer);
  }, [every, deadline.dueAt]);
  if (!c) return null;
  const due = formatDateTime(deadline.dueAt, lang);
  return (
    <span
      className={`countdown cd-${c.state}`}
      data-state={c.state}
      title={t('countdown.due', { at: due })}
    >
      <span className="cd-state">{t(c.stateLabel.key, c.stateLabel.params)}</span>
      <span className="cd-time">{t(c.label.key, c.label.params)}</span>
      {compact ? null : <span className="cd-due">{t('countdown.due', { at: due })}</span>}
    </span>
  );
}
