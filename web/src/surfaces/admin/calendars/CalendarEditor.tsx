import { api } from '../../../api/client.ts';
import { useResource } from '../../../api/hooks.tsx';
import type { CalendarSummary } from '../../../../../src/contract/calendar.ts';
import type { Settings } from '../../../../../src/contract/org.ts';
import { ErrorAlert, Loading } from '../../../ui/feedback.tsx';
import { useAdminI18n } from '../i18n.ts';
import { ScheduleEditor } from './ScheduleEditor.tsx';
import { SpecialDays } from './SpecialDays.tsx';

/** One calendar: who uses it, its weekly schedule and its special days. */
export function CalendarEditor({
  summary,
  sla,
  usedBy,
}: {
  summary: CalendarSummary;
  sla: Settings['sla'];
  usedBy: readonly string[];
}) {
  const { t } = useAdminI18n();
  const detail = useResource(() => api.calendar(summary.id), `admin:calendar:${summary.id}`);
  if (!detail.data) {
    return detail.error ? <ErrorAlert error={detail.error} onRetry={detail.reload} /> : <Loading />;
  }
  return (
    <div className="cal-main">
      <h2 className="cal-name">
        {summary.name}
        {summary.isDefault ? (
          <span className="badge badge-info">{t('admin.cal.isDefault')}</span>
        ) : null}
      </h2>
      {usedBy.length ? (
        <p className="hint">{t('admin.cal.usedByNames', { names: usedBy.join(', ') })}</p>
      ) : null}
      <ScheduleEditor
        key={JSON.stringify(detail.data.config)}
        detail={detail.data}
        sla={sla}
        onSaved={detail.reload}
      />
      <SpecialDays detail={detail.data} onChanged={detail.reload} />
    </div>
  );
}
