import type { DraftCalendar, DraftSeason } from './schedule.ts';
import { TextInput } from '../../../ui/resource/inputs.tsx';
import { ConfirmButton } from '../../../ui/resource/parts.tsx';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';
import { DayEditor } from './DayEditor.tsx';
import { WD } from './labels.ts';
import { WEEK_ORDER, weeklyHours } from './schedule.ts';

/** One season: its name and dates (when there are several), and a week of shifts. */
export function SeasonEditor({
  index,
  season,
  single,
  issuesAt,
  onCopy,
  onRemove,
}: {
  index: number;
  season: DraftSeason;
  single: boolean;
  issuesAt: (path: string) => AdminMessage[];
  onCopy: (fromDay: number) => void;
  onRemove: () => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const at = `seasons.${index}` as const;
  const first = (path: string) => msg(issuesAt(path)[0]);
  return (
    <fieldset className="season" data-season={index}>
      <legend>
        {single && season.name === 'all-year'
          ? t('admin.cal.allYear')
          : t('admin.cal.seasonNamed', { name: season.name || index + 1 })}
        <span className="muted">
          {' · '}
          {t('admin.cal.weekly', { h: weeklyHours(season) })}
        </span>
      </legend>
      {single ? null : (
        <div className="season-dates">
          <TextInput<DraftCalendar>
            source={`${at}.name`}
            label={t('admin.cal.seasonName')}
            error={first(`${at}.name`)}
          />
          <TextInput<DraftCalendar>
            source={`${at}.from`}
            label={t('admin.cal.from')}
            inputMode="numeric"
            error={first(`${at}.from`)}
            hint={t('admin.cal.monthDayHint')}
          />
          <TextInput<DraftCalendar>
            source={`${at}.to`}
            label={t('admin.cal.to')}
            inputMode="numeric"
            error={first(`${at}.to`)}
          />
        </div>
      )}
      <table className="week">
        <caption className="sr-only">{t('admin.cal.week')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('admin.cal.day')}</th>
            <th scope="col">{t('admin.cal.shifts')}</th>
          </tr>
        </thead>
        <tbody>
          {WEEK_ORDER.map((wd) => (
            <tr key={wd} data-weekday={wd}>
              <th scope="row">{t(WD[wd]!)}</th>
              <td>
                <DayEditor
                  source={`${at}.days.${wd}`}
                  label={t(WD[wd]!)}
                  idPrefix={`s${index}-d${wd}`}
                  errorsAt={(i, part) => issuesAt(`${at}.days.${wd}.${i}.${part}`)}
                />
                {wd === 1 ? (
                  <button type="button" className="btn btn-link" onClick={() => onCopy(1)}>
                    {t('admin.cal.copyMonday')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {first(`${at}.days`) ? <p className="error-text">{first(`${at}.days`)}</p> : null}
      {single ? null : (
        <ConfirmButton
          label={t('admin.cal.removeSeason')}
          question={t('admin.cal.removeSeasonQ', { name: season.name })}
          onConfirm={onRemove}
        />
      )}
    </fieldset>
  );
}
