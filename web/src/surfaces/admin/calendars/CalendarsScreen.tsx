import { api } from '../../../api/client.ts';
import { useResource } from '../../../api/hooks.tsx';
import { Link, navigate, useLocation } from '../../../app/router.tsx';
import { adminPath } from '../../../app/routes.ts';
import { ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { useAdminI18n } from '../i18n.ts';
import { CalendarEditor } from './CalendarEditor.tsx';
import { NewCalendar } from './NewCalendar.tsx';
import { SlaSettings } from './SlaSettings.tsx';

/**
 * Working-hours calendars (R-SLA-4, R-OP-1): the weekly schedule with split shifts and
 * seasons, statutory and lunar holidays, days off and make-up working days, iCalendar import
 * and export, and a live preview of the deadline a ticket forwarded now would get.
 */
export function CalendarsScreen() {
  const { t } = useAdminI18n();
  const { search } = useLocation();
  const list = useResource(api.calendars, 'admin:calendars');
  const settings = useResource(api.settings, 'admin:settings');
  const agencies = useResource(api.agencies, 'admin:agencies');
  const asked = new URLSearchParams(search).get('id');
  const data =
    list.data && settings.data ? { list: list.data, settings: settings.data } : undefined;

  return (
    <ListScreen
      title={t('admin.cal.title')}
      intro={t('admin.cal.intro')}
      saved={null}
      data={data}
      error={list.error ?? settings.error}
      onRetry={list.reload}
    >
      {({ list: calendars, settings: s }) => {
        const selected =
          calendars.find((c) => c.id === asked) ??
          calendars.find((c) => c.isDefault) ??
          calendars[0];
        return (
          <>
            <div className="cal-bar card">
              <nav aria-labelledby="cal-list">
                <h2 id="cal-list">{t('admin.cal.list')}</h2>
                <ul className="cal-list">
                  {calendars.map((c) => {
                    const users = (agencies.data ?? []).filter((a) => a.calendarId === c.id);
                    return (
                      <li key={c.id}>
                        <Link
                          to={`${adminPath('calendars')}?id=${encodeURIComponent(c.id)}`}
                          aria-current={c.id === selected?.id ? 'page' : undefined}
                        >
                          {c.name}
                        </Link>
                        <span className="cell-sub">
                          {c.isDefault
                            ? t('admin.cal.isDefault')
                            : t('admin.cal.usedBy', { n: users.length })}
                        </span>
                      </li>
                    );
                  })}
                </ul>
              </nav>
              <NewCalendar
                from={selected?.id ?? null}
                onCreated={(c) => {
                  list.reload();
                  navigate(`${adminPath('calendars')}?id=${encodeURIComponent(c.id)}`);
                }}
              />
            </div>
            {selected ? (
              <CalendarEditor
                key={selected.id}
                summary={selected}
                sla={s.sla}
                usedBy={(agencies.data ?? [])
                  .filter((a) => a.calendarId === selected.id)
                  .map((a) => a.name)}
              />
            ) : null}
            <SlaSettings settings={s} onSaved={settings.reload} />
          </>
        );
      }}
    </ListScreen>
  );
}
