import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { useCached } from '../../api/hooks.tsx';
import { useI18n } from '../../i18n/react.tsx';
import { formatDateTime } from '../../i18n/format.ts';
import { buildWorkCalendar } from './calendar.ts';
import { countdown, refreshEvery, type Deadline } from './countdown.ts';
import type { WorkCalendar } from '../../../../src/core/calendar/working-time.ts';

async function loadCalendar(): Promise<WorkCalendar> {
  const list = await api.calendars();
  const def = list.find((c) => c.isDefault) ?? list[0];
  return buildWorkCalendar(def ? await api.calendar(def.id) : { config: {}, exceptions: [] });
}

/** The tenant's default working calendar, loaded once per session. */
export function useWorkCalendar(): WorkCalendar | undefined {
  return useCached('calendar:default', loadCalendar).data;
}

/**
 * A live working-hours countdown. It re-renders itself on a local timer (no network): every
 * minute, or every 15 s in the last hour.
 */
export function CountdownBadge({
  deadline,
  compact = false,
}: {
  deadline: Deadline;
  compact?: boolean;
}) {
  const { t, lang } = useI18n();
  const cal = useWorkCalendar();
  const [now, setNow] = useState(() => new Date());
  const c = cal ? countdown(cal, now, deadline) : null;
  const every = c ? refreshEvery(c.remainingMs) : 60_000;
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), every);
    return () => clearInterval(timer);
  }, [every]);
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
