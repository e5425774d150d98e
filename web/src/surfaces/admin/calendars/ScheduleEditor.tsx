import { useEffect, useMemo, useRef, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { invalidateCached } from '../../../api/hooks.tsx';
import type { CalendarDetail } from '../../../../../src/contract/calendar.ts';
import type { Settings } from '../../../../../src/contract/org.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { BoundForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { CheckboxInput } from '../../../ui/resource/inputs.tsx';
import { Saved } from '../../../ui/resource/parts.tsx';
import { adminApi } from '../api.ts';
import { useAdminI18n, type AdminTranslate } from '../i18n.ts';
import { WD } from './labels.ts';
import { Preview } from './Preview.tsx';
import {
  configFromDraft,
  copyToWeekdays,
  draftFromConfig,
  engineExceptions,
  standardSeason,
  validateDraft,
  type DraftCalendar,
  type ScheduleIssue,
} from './schedule.ts';
import { SeasonEditor } from './SeasonEditor.tsx';

/** 'seasons.0.days.1.0.start' → "Mùa cả năm, Thứ Hai, ca 1: " for the list of mistakes. */
function issuePlace(i: ScheduleIssue, d: DraftCalendar, t: AdminTranslate): string {
  const p = i.path.split('.');
  if (p[0] !== 'seasons' || p[1] === undefined) return '';
  const season = d.seasons[Number(p[1])];
  const parts = [t('admin.cal.seasonNamed', { name: season?.name.trim() || Number(p[1]) + 1 })];
  if (p[2] === 'days' && p[3] !== undefined) parts.push(t(WD[Number(p[3])]!));
  if (p[4] !== undefined) parts.push(t('admin.cal.shiftN', { n: Number(p[4]) + 1 }));
  return `${parts.join(', ')}: `;
}

/**
 * The weekly schedule as one form (seasons × weekdays × shifts, bound by path), checked by the
 * pure validateDraft with each mistake at its input and listed in words, beside the preview
 * of the deadline it gives.
 */
export function ScheduleEditor({
  detail,
  sla,
  onSaved,
}: {
  detail: CalendarDetail;
  sla: Settings['sla'];
  onSaved: () => void;
}) {
  const { t } = useAdminI18n();
  const write = useWrite();
  const initial = useMemo(() => draftFromConfig(detail.config), [detail.config]);
  const form = useResourceForm<DraftCalendar>({ defaultValues: initial });
  const draft = useWatch({ control: form.control }) as DraftCalendar;
  const [showIssues, setShowIssues] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = JSON.stringify(configFromDraft(draft)) !== JSON.stringify(configFromDraft(initial));
  const issues = validateDraft(draft);
  const exceptions = useMemo(() => engineExceptions(detail.exceptions), [detail.exceptions]);
  const issueList = useRef<HTMLDivElement>(null);
  // Any change to the schedule makes the last "saved" line stale.
  const { watch } = form;
  useEffect(() => {
    const sub = watch(() => setSaved(null));
    return () => sub.unsubscribe();
  }, [watch]);

  function update(fn: (d: DraftCalendar) => DraftCalendar) {
    form.setValue('seasons', fn(form.getValues()).seasons, { shouldDirty: true });
  }

  async function save() {
    setShowIssues(true);
    if (issues.length) {
      issueList.current?.focus();
      return;
    }
    const ok = await write.run(() =>
      adminApi.saveCalendarConfig(detail.id, configFromDraft(draft)),
    );
    if (ok) {
      setSaved(t('admin.cal.saved'));
      invalidateCached('calendar:default');
      onSaved();
    }
  }

  const issuesAt = (path: string) =>
    showIssues ? issues.filter((i) => i.path === path).map((i) => i.message) : [];

  return (
    <div className="schedule-grid">
      <BoundForm
        form={form}
        labels={{
          statutoryHolidays: t('admin.cal.statutory'),
          knownNotices: t('admin.cal.notices'),
        }}
        onSubmit={() => save()}
        className="card"
        aria-labelledby="week-title"
      >
        <h3 id="week-title">{t('admin.cal.week')}</h3>
        <p className="hint">{t('admin.cal.weekHint')}</p>
        {showIssues && issues.length ? (
          <div
            ref={issueList}
            tabIndex={-1}
            className="alert alert-error"
            role="alert"
            aria-labelledby="issues-title"
          >
            <strong id="issues-title">{t('validation.summary', { n: issues.length })}</strong>
            <ul>
              {issues.map((i) => (
                <li key={i.path + i.message.key}>
                  {issuePlace(i, draft, t)}
                  {t(i.message.key, i.message.params)}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {draft.seasons.map((s, i) => (
          <SeasonEditor
            key={i}
            index={i}
            season={s}
            single={draft.seasons.length === 1}
            issuesAt={issuesAt}
            onCopy={(fromDay) => update((d) => copyToWeekdays(d, i, fromDay))}
            onRemove={() => update((d) => ({ ...d, seasons: d.seasons.filter((_, k) => k !== i) }))}
          />
        ))}
        <button
          type="button"
          className="btn btn-small"
          onClick={() =>
            update((d) => ({
              ...d,
              seasons: [
                ...d.seasons,
                { ...standardSeason(t('admin.cal.newSeason', { n: d.seasons.length + 1 })) },
              ],
            }))
          }
        >
          {t('admin.cal.addSeason')}
        </button>
        <fieldset className="options">
          <legend>{t('admin.cal.holidays')}</legend>
          <CheckboxInput<DraftCalendar>
            source="statutoryHolidays"
            hint={t('admin.cal.statutoryHint')}
          />
          <CheckboxInput<DraftCalendar> source="knownNotices" hint={t('admin.cal.noticesHint')} />
        </fieldset>
        <ErrorAlert error={write.error ?? undefined} />
        <Saved text={saved} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={write.busy || !dirty}>
            {write.busy ? t('common.working') : t('admin.cal.save')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!dirty}
            onClick={() => {
              setShowIssues(false);
              form.reset(initial);
            }}
          >
            {t('admin.cal.undo')}
          </button>
          {dirty ? <span className="hint">{t('admin.cal.unsaved')}</span> : null}
        </div>
      </BoundForm>
      <Preview draft={draft} initial={initial} dirty={dirty} exceptions={exceptions} sla={sla} />
    </div>
  );
}
