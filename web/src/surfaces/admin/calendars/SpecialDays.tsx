import { useMemo, useState } from 'react';
import { invalidateCached } from '../../../api/hooks.tsx';
import type { CalendarDetail } from '../../../../../src/contract/calendar.ts';
import type { SpecialDay } from '../../../../../src/core/calendar/types.ts';
import type { WorkCalendar } from '../../../../../src/core/calendar/working-time.ts';
import { formatDate, todayIso } from '../../../i18n/format.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { SelectField } from '../../../ui/fields.tsx';
import { DataTable, type Column } from '../../../ui/resource/DataTable.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { ConfirmButton, Saved } from '../../../ui/resource/parts.tsx';
import { adminApi } from '../api.ts';
import { useAdminI18n } from '../i18n.ts';
import { ExceptionForm } from './ExceptionForm.tsx';
import { ICalendar } from './ICalendar.tsx';
import { DAY_KIND, WD } from './labels.ts';
import { compileDraft, draftFromConfig, engineExceptions } from './schedule.ts';

/** Special days of a year: holidays by law, official notices, and the administrator's own. */
export function SpecialDays({
  detail,
  onChanged,
}: {
  detail: CalendarDetail;
  onChanged: () => void;
}) {
  const { t, lang } = useAdminI18n();
  const thisYear = Number(todayIso().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const [saved, setSaved] = useState<string | null>(null);
  const write = useWrite();
  const ownDates = new Set(detail.exceptions.map((e) => e.date));
  const cal: WorkCalendar | null = useMemo(
    () => compileDraft(draftFromConfig(detail.config), engineExceptions(detail.exceptions)),
    [detail],
  );
  const days = cal ? cal.specialDays(`${year}-01-01`, `${year}-12-31`) : [];

  async function remove(date: string) {
    setSaved(null);
    const ok = await write.run(() => adminApi.deleteException(detail.id, date));
    if (ok) {
      setSaved(t('admin.cal.removed', { date: formatDate(date, lang) }));
      invalidateCached('calendar:default');
      onChanged();
    }
  }

  const columns: Column<SpecialDay>[] = [
    {
      id: 'date',
      header: t('admin.cal.date'),
      rowHeader: true,
      cell: (d) => (
        <>
          {formatDate(d.date, lang)}
          <span className="cell-sub">{t(WD[new Date(`${d.date}T12:00:00Z`).getUTCDay()]!)}</span>
        </>
      ),
    },
    {
      id: 'name',
      header: t('admin.cal.name'),
      cell: (d) => (lang === 'en' && d.nameEn ? d.nameEn : d.nameVi),
    },
    {
      id: 'kind',
      header: t('admin.cal.kind'),
      cell: (d) => (
        <>
          {t(DAY_KIND[d.kind])}
          {d.intervals ? (
            <span className="cell-sub">{d.intervals.map(([s, e]) => `${s}–${e}`).join(', ')}</span>
          ) : null}
        </>
      ),
    },
    {
      id: 'source',
      header: t('admin.cal.source'),
      cell: (d) =>
        t(
          ownDates.has(d.date)
            ? 'admin.cal.src.admin'
            : d.kind === 'statutory' || d.kind === 'compensation'
              ? 'admin.cal.src.law'
              : 'admin.cal.src.notice',
        ),
    },
    {
      id: 'actions',
      header: t('admin.actions'),
      cell: (d) =>
        ownDates.has(d.date) ? (
          <ConfirmButton
            label={t('admin.cal.remove')}
            question={t('admin.cal.removeQ', { date: formatDate(d.date, lang) })}
            busy={write.busy}
            onConfirm={() => void remove(d.date)}
          />
        ) : null,
    },
  ];

  return (
    <section className="card" aria-labelledby="special-title">
      <div className="group-head">
        <h3 id="special-title">{t('admin.cal.special')}</h3>
        <SelectField
          label={t('admin.cal.year')}
          value={String(year)}
          onChange={(e) => setYear(Number(e.target.value))}
        >
          {[thisYear - 1, thisYear, thisYear + 1, thisYear + 2].map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </SelectField>
      </div>
      <Saved text={saved} />
      <ErrorAlert error={write.error ?? undefined} />
      <ExceptionForm
        calendarId={detail.id}
        year={year}
        onSaved={(text) => {
          setSaved(text);
          invalidateCached('calendar:default');
          onChanged();
        }}
      />
      <ICalendar
        calendarId={detail.id}
        year={year}
        onImported={(n) => {
          setSaved(t('admin.cal.imported', { n }));
          invalidateCached('calendar:default');
          onChanged();
        }}
      />
      <DataTable
        rows={days}
        columns={columns}
        rowKey={(d) => d.date}
        rowProps={(d) => ({ 'data-date': d.date, className: `day-${d.kind}` })}
        caption={t('admin.cal.specialOf', { year })}
      />
      {days.length === 0 ? <p className="muted">{t('admin.cal.noSpecial')}</p> : null}
    </section>
  );
}
