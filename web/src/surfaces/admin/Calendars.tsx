import { useEffect, useMemo, useRef, useState } from 'react';
import type { ChangeEvent } from 'react';
import { api } from '../../api/client.ts';
import { adminApi } from './api.ts';
import { invalidateCached, useResource } from '../../api/hooks.tsx';
import type { CalendarDetail, CalendarSummary, Settings } from '../../api/types.ts';
import type { SpecialDay } from '../../../../src/core/calendar/types.ts';
import type { WorkCalendar } from '../../../../src/core/calendar/working-time.ts';
import { Page } from '../../app/Page.tsx';
import { Link, navigate, useLocation } from '../../app/router.tsx';
import { adminPath } from '../../app/routes.ts';
import { formatDate, formatDateTime, todayIso } from '../../i18n/format.ts';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { Alert, ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { useAdminI18n, type AdminKey, type AdminMessage, type AdminTranslate } from './i18n.ts';
import {
  compileDraft,
  configFromDraft,
  copyToWeekdays,
  draftFromConfig,
  engineExceptions,
  exceptionBody,
  previewDue,
  standardSeason,
  validateDraft,
  validateException,
  weeklyHours,
  WEEK_ORDER,
  type DraftCalendar,
  type DraftInterval,
  type DraftSeason,
  type ExceptionDraft,
  type ScheduleIssue,
} from './calendars/schedule.ts';
import { ConfirmButton, Saved, SettingsForm, useMsg, useWrite } from './ui.tsx';

const WD: readonly AdminKey[] = [
  'admin.cal.wd0',
  'admin.cal.wd1',
  'admin.cal.wd2',
  'admin.cal.wd3',
  'admin.cal.wd4',
  'admin.cal.wd5',
  'admin.cal.wd6',
];

const DAY_KIND: Record<SpecialDay['kind'], AdminKey> = {
  statutory: 'admin.cal.kind.statutory',
  compensation: 'admin.cal.kind.compensation',
  holiday: 'admin.cal.kind.holiday',
  working: 'admin.cal.kind.working',
};

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
  const selected =
    list.data?.find((c) => c.id === asked) ?? list.data?.find((c) => c.isDefault) ?? list.data?.[0];

  return (
    <Page title={t('admin.cal.title')}>
      <p className="muted page-intro">{t('admin.cal.intro')}</p>
      <ErrorAlert error={list.error ?? settings.error} onRetry={list.reload} />
      {!list.data || !settings.data ? (
        <Loading />
      ) : (
        <>
          <div className="cal-bar card">
            <nav aria-labelledby="cal-list">
              <h2 id="cal-list">{t('admin.cal.list')}</h2>
              <ul className="cal-list">
                {list.data.map((c) => {
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
              sla={settings.data.sla}
              usedBy={(agencies.data ?? [])
                .filter((a) => a.calendarId === selected.id)
                .map((a) => a.name)}
            />
          ) : null}
          <SlaSettings settings={settings.data} onSaved={settings.reload} />
        </>
      )}
    </Page>
  );
}

function NewCalendar({
  from,
  onCreated,
}: {
  from: string | null;
  onCreated: (c: CalendarSummary) => void;
}) {
  const { t } = useAdminI18n();
  const write = useWrite();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  async function create() {
    if (!name.trim()) {
      setError(t('validation.required'));
      return;
    }
    setError(null);
    const c = await write.run(async () => {
      // A new calendar starts as a copy of the one on screen: most differ by a few hours.
      const config = from ? (await api.calendar(from)).config : {};
      return adminApi.createCalendar(name.trim(), configFromDraft(draftFromConfig(config)));
    });
    if (c) {
      setName('');
      onCreated(c);
    }
  }
  return (
    <form
      className="new-cal"
      onSubmit={(e) => {
        e.preventDefault();
        void create();
      }}
      noValidate
    >
      <TextField
        label={t('admin.cal.newName')}
        hint={t('admin.cal.newHint')}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={error}
      />
      <ErrorAlert error={write.error ?? undefined} />
      <button type="submit" className="btn btn-small" disabled={write.busy}>
        {t('admin.cal.create')}
      </button>
    </form>
  );
}

/** Deadline durations (R-SLA-1/2): 8 and 48 working hours in the seeds, configurable. */
function SlaSettings({ settings, onSaved }: { settings: Settings; onSaved: () => void }) {
  const { t } = useAdminI18n();
  const write = useWrite();
  const [fp, setFp] = useState(String(settings.sla.focalPointHours));
  const [head, setHead] = useState(String(settings.sla.headHours));
  const [warn, setWarn] = useState(String(Math.round(settings.sla.warnRatio * 100)));
  const [saved, setSaved] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  async function save() {
    const e: Record<string, string> = {};
    const n = (s: string) => Number(s.replace(',', '.'));
    if (!(n(fp) > 0 && n(fp) <= 10_000)) e.fp = t('admin.sla.err.hours');
    if (!(n(head) > 0 && n(head) <= 10_000)) e.head = t('admin.sla.err.hours');
    if (!(n(warn) >= 0 && n(warn) <= 99)) e.warn = t('admin.sla.err.warn');
    setErrors(e);
    setSaved(null);
    if (Object.keys(e).length) return;
    const r = await write.run(() =>
      adminApi.updateSettings({
        sla: { focalPointHours: n(fp), headHours: n(head), warnRatio: n(warn) / 100 },
      }),
    );
    if (r) {
      setSaved(t('admin.sla.saved'));
      onSaved();
    }
  }
  return (
    <SettingsForm
      id="sla-title"
      title={t('admin.sla.title')}
      hint={t('admin.sla.hint')}
      className="sla-form"
      write={write}
      saved={saved}
      onSave={() => void save()}
    >
      <div className="sla-fields">
        <TextField
          label={t('admin.sla.focalPoint')}
          inputMode="decimal"
          value={fp}
          onChange={(e) => setFp(e.target.value)}
          error={errors.fp}
        />
        <TextField
          label={t('admin.sla.head')}
          inputMode="decimal"
          value={head}
          onChange={(e) => setHead(e.target.value)}
          error={errors.head}
        />
        <TextField
          label={t('admin.sla.warn')}
          inputMode="numeric"
          value={warn}
          onChange={(e) => setWarn(e.target.value)}
          error={errors.warn}
          hint={t('admin.sla.warnHint')}
        />
      </div>
    </SettingsForm>
  );
}

function CalendarEditor({
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

function ScheduleEditor({
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
  const [draft, setDraft] = useState<DraftCalendar>(initial);
  const [showIssues, setShowIssues] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const dirty = JSON.stringify(configFromDraft(draft)) !== JSON.stringify(configFromDraft(initial));
  const issues = validateDraft(draft);
  const exceptions = useMemo(() => engineExceptions(detail.exceptions), [detail.exceptions]);
  const issueList = useRef<HTMLDivElement>(null);

  function update(fn: (d: DraftCalendar) => DraftCalendar) {
    setSaved(null);
    setDraft(fn);
  }
  function setSeason(i: number, s: DraftSeason) {
    update((d) => ({ ...d, seasons: d.seasons.map((x, k) => (k === i ? s : x)) }));
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
      <section className="card" aria-labelledby="week-title">
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
            onChange={(next) => setSeason(i, next)}
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
          <Checkbox
            label={t('admin.cal.statutory')}
            hint={t('admin.cal.statutoryHint')}
            checked={draft.statutoryHolidays}
            onChange={(e) => update((d) => ({ ...d, statutoryHolidays: e.target.checked }))}
          />
          <Checkbox
            label={t('admin.cal.notices')}
            hint={t('admin.cal.noticesHint')}
            checked={draft.knownNotices}
            onChange={(e) => update((d) => ({ ...d, knownNotices: e.target.checked }))}
          />
        </fieldset>
        <ErrorAlert error={write.error ?? undefined} />
        <Saved text={saved} />
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={write.busy || !dirty}
            onClick={() => void save()}
          >
            {write.busy ? t('common.working') : t('admin.cal.save')}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!dirty}
            onClick={() => {
              setShowIssues(false);
              setDraft(initial);
            }}
          >
            {t('admin.cal.undo')}
          </button>
          {dirty ? <span className="hint">{t('admin.cal.unsaved')}</span> : null}
        </div>
      </section>
      <Preview draft={draft} initial={initial} dirty={dirty} exceptions={exceptions} sla={sla} />
    </div>
  );
}

function SeasonEditor({
  index,
  season,
  single,
  issuesAt,
  onChange,
  onCopy,
  onRemove,
}: {
  index: number;
  season: DraftSeason;
  single: boolean;
  issuesAt: (path: string) => AdminMessage[];
  onChange: (s: DraftSeason) => void;
  onCopy: (fromDay: number) => void;
  onRemove: () => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const at = `seasons.${index}`;
  const setDay = (wd: number, intervals: DraftInterval[]) =>
    onChange({ ...season, days: season.days.map((d, k) => (k === wd ? intervals : d)) });
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
          <TextField
            label={t('admin.cal.seasonName')}
            value={season.name}
            onChange={(e) => onChange({ ...season, name: e.target.value })}
            error={first(`${at}.name`)}
          />
          <TextField
            label={t('admin.cal.from')}
            value={season.from}
            inputMode="numeric"
            onChange={(e) => onChange({ ...season, from: e.target.value })}
            error={first(`${at}.from`)}
            hint={t('admin.cal.monthDayHint')}
          />
          <TextField
            label={t('admin.cal.to')}
            value={season.to}
            inputMode="numeric"
            onChange={(e) => onChange({ ...season, to: e.target.value })}
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
                  label={t(WD[wd]!)}
                  idPrefix={`s${index}-d${wd}`}
                  intervals={season.days[wd] ?? []}
                  errorsAt={(i, part) => issuesAt(`${at}.days.${wd}.${i}.${part}`)}
                  onChange={(list) => setDay(wd, list)}
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

/** One day's shifts: start–end pairs, added and removed with buttons; Nghỉ when empty. */
function DayEditor({
  label,
  idPrefix,
  intervals,
  errorsAt,
  onChange,
}: {
  label: string;
  idPrefix: string;
  intervals: readonly DraftInterval[];
  errorsAt: (i: number, part: 'start' | 'end') => AdminMessage[];
  onChange: (list: DraftInterval[]) => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const set = (i: number, part: 'start' | 'end', v: string) =>
    onChange(intervals.map((iv, k) => (k === i ? { ...iv, [part]: v } : iv)));
  const last = intervals[intervals.length - 1];
  return (
    <div className="day">
      {intervals.length === 0 ? (
        <span className="muted day-off">{t('admin.cal.dayOff')}</span>
      ) : null}
      {intervals.map((iv, i) => {
        const es = errorsAt(i, 'start');
        const ee = errorsAt(i, 'end');
        const err = msg(es[0]) ?? msg(ee[0]);
        const errId = `${idPrefix}-${i}-err`;
        return (
          <span key={i} className={`shift${err ? ' has-error' : ''}`}>
            <input
              id={`${idPrefix}-${i}-start`}
              className="clock"
              inputMode="numeric"
              maxLength={5}
              value={iv.start}
              aria-label={t('admin.cal.startOf', { day: label, n: i + 1 })}
              aria-invalid={es.length ? true : undefined}
              aria-describedby={err ? errId : undefined}
              onChange={(e) => set(i, 'start', e.target.value)}
            />
            <span aria-hidden="true">–</span>
            <input
              id={`${idPrefix}-${i}-end`}
              className="clock"
              inputMode="numeric"
              maxLength={5}
              value={iv.end}
              aria-label={t('admin.cal.endOf', { day: label, n: i + 1 })}
              aria-invalid={ee.length ? true : undefined}
              aria-describedby={err ? errId : undefined}
              onChange={(e) => set(i, 'end', e.target.value)}
            />
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={t('admin.cal.removeShift', { day: label, n: i + 1 })}
              onClick={() => onChange(intervals.filter((_, k) => k !== i))}
            >
              <span aria-hidden="true">×</span>
            </button>
            {err ? (
              <span id={errId} className="error-text">
                {err}
              </span>
            ) : null}
          </span>
        );
      })}
      {intervals.length < 6 ? (
        <button
          type="button"
          className="btn btn-small"
          aria-label={t('admin.cal.addShiftTo', { day: label })}
          onClick={() =>
            onChange([
              ...intervals,
              last
                ? { start: last.end === '24:00' ? '23:00' : last.end, end: '24:00' }
                : { start: '07:30', end: '11:30' },
            ])
          }
        >
          {t('admin.cal.addShift')}
        </button>
      ) : null}
    </div>
  );
}

/** `<input type="datetime-local">` value of an instant, in Vietnam's time. */
function localInput(d: Date): string {
  const v = new Date(d.getTime() + 7 * 3_600_000);
  return v.toISOString().slice(0, 16);
}

/**
 * "A ticket forwarded now would be due at …" on the draft, with the calendar's exceptions,
 * computed by the same engine as the server's sweeper; the saved schedule beside it while
 * the draft differs.
 */
function Preview({
  draft,
  initial,
  dirty,
  exceptions,
  sla,
}: {
  draft: DraftCalendar;
  initial: DraftCalendar;
  dirty: boolean;
  exceptions: ReturnType<typeof engineExceptions>;
  sla: Settings['sla'];
}) {
  const { t, lang } = useAdminI18n();
  const [now, setNow] = useState(() => new Date());
  const [custom, setCustom] = useState('');
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 30_000);
    return () => clearInterval(timer);
  }, []);
  const from = custom ? new Date(`${custom}:00+07:00`) : now;
  const valid = !Number.isNaN(from.getTime());
  const cal = useMemo(() => compileDraft(draft, exceptions), [draft, exceptions]);
  const savedCal = useMemo(
    () => (dirty ? compileDraft(initial, exceptions) : null),
    [dirty, initial, exceptions],
  );
  const due = cal && valid ? previewDue(cal, from, sla) : null;
  const before = savedCal && valid ? previewDue(savedCal, from, sla) : null;
  return (
    <aside className="card preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t('admin.cal.preview')}</h3>
      <TextField
        label={t('admin.cal.previewFrom')}
        type="datetime-local"
        value={custom || localInput(now)}
        onChange={(e) => setCustom(e.target.value)}
        hint={t('admin.cal.previewFromHint')}
      />
      {custom ? (
        <button type="button" className="btn btn-link" onClick={() => setCustom('')}>
          {t('admin.cal.previewNow')}
        </button>
      ) : null}
      <div aria-live="polite" data-preview="due">
        {!due ? (
          <p className="warn-line">{t('admin.cal.previewInvalid')}</p>
        ) : (
          <dl className="dl preview-dl">
            <dt>{t('admin.cal.previewForwarded')}</dt>
            <dd>{formatDateTime(from, lang)}</dd>
            <dt>{t('admin.cal.previewFocal', { h: sla.focalPointHours })}</dt>
            <dd data-due="focal_point">
              <strong>{formatDateTime(due.focalPoint, lang)}</strong>
              {before && before.focalPoint.getTime() !== due.focalPoint.getTime() ? (
                <span className="cell-sub">
                  {t('admin.cal.previewWas', { at: formatDateTime(before.focalPoint, lang) })}
                </span>
              ) : null}
            </dd>
            <dt>{t('admin.cal.previewHead', { h: sla.headHours })}</dt>
            <dd data-due="head">
              <strong>{formatDateTime(due.head, lang)}</strong>
              {before && before.head.getTime() !== due.head.getTime() ? (
                <span className="cell-sub">
                  {t('admin.cal.previewWas', { at: formatDateTime(before.head, lang) })}
                </span>
              ) : null}
            </dd>
          </dl>
        )}
      </div>
      <p className="hint">{t('admin.cal.previewHint')}</p>
    </aside>
  );
}

/** Special days of a year: holidays by law, official notices, and the administrator's own. */
function SpecialDays({ detail, onChanged }: { detail: CalendarDetail; onChanged: () => void }) {
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
      <div className="table-wrap">
        <table className="table" data-year={year}>
          <caption className="sr-only">{t('admin.cal.specialOf', { year })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('admin.cal.date')}</th>
              <th scope="col">{t('admin.cal.name')}</th>
              <th scope="col">{t('admin.cal.kind')}</th>
              <th scope="col">{t('admin.cal.source')}</th>
              <th scope="col">{t('admin.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => {
              const own = ownDates.has(d.date);
              return (
                <tr key={d.date} data-date={d.date} className={`day-${d.kind}`}>
                  <th scope="row">
                    {formatDate(d.date, lang)}
                    <span className="cell-sub">
                      {t(WD[new Date(`${d.date}T12:00:00Z`).getUTCDay()]!)}
                    </span>
                  </th>
                  <td>{lang === 'en' && d.nameEn ? d.nameEn : d.nameVi}</td>
                  <td>
                    {t(DAY_KIND[d.kind])}
                    {d.intervals ? (
                      <span className="cell-sub">
                        {d.intervals.map(([s, e]) => `${s}–${e}`).join(', ')}
                      </span>
                    ) : null}
                  </td>
                  <td>
                    {t(
                      own
                        ? 'admin.cal.src.admin'
                        : d.kind === 'statutory' || d.kind === 'compensation'
                          ? 'admin.cal.src.law'
                          : 'admin.cal.src.notice',
                    )}
                  </td>
                  <td>
                    {own ? (
                      <ConfirmButton
                        label={t('admin.cal.remove')}
                        question={t('admin.cal.removeQ', { date: formatDate(d.date, lang) })}
                        busy={write.busy}
                        onConfirm={() => void remove(d.date)}
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {days.length === 0 ? <p className="muted">{t('admin.cal.noSpecial')}</p> : null}
    </section>
  );
}

function ExceptionForm({
  calendarId,
  year,
  onSaved,
}: {
  calendarId: string;
  year: number;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const blank = (): ExceptionDraft => ({
    date: '',
    kind: 'holiday',
    nameVi: '',
    nameEn: '',
    intervals: [],
  });
  const [form, setForm] = useState<ExceptionDraft>(blank);
  // After a first attempt, mistakes are re-checked as the form changes: fixed ones vanish.
  const [tried, setTried] = useState(false);
  const errors = tried ? validateException(form) : {};
  const set = <K extends keyof ExceptionDraft>(k: K, v: ExceptionDraft[K]) =>
    setForm((f) => ({ ...f, [k]: v }));

  async function submit() {
    setTried(true);
    const found = validateException(form);
    const first = (['date', 'nameVi', 'intervals'] as const).find((k) => found[k]);
    if (first) {
      document.getElementById(`ex-${first}`)?.focus();
      return;
    }
    const ok = await write.run(() => adminApi.putException(calendarId, exceptionBody(form)));
    if (ok) {
      onSaved(
        t(form.kind === 'holiday' ? 'admin.cal.addedHoliday' : 'admin.cal.addedWorking', {
          date: formatDate(form.date, lang),
        }),
      );
      setForm(blank());
      setTried(false);
    }
  }

  return (
    <form
      className="exception-form"
      aria-labelledby="ex-title"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h4 id="ex-title">{t('admin.cal.addDay')}</h4>
      <div className="grid-2">
        <TextField
          id="ex-date"
          label={t('admin.cal.date')}
          type="date"
          required
          min={`${year - 1}-01-01`}
          value={form.date}
          onChange={(e) => set('date', e.target.value)}
          error={msg(errors.date)}
        />
        <fieldset className="kind-choice">
          <legend>{t('admin.cal.kind')}</legend>
          <label>
            <input
              type="radio"
              name="ex-kind"
              checked={form.kind === 'holiday'}
              onChange={() => set('kind', 'holiday')}
            />{' '}
            {t('admin.cal.kind.holiday')}
          </label>
          <label>
            <input
              type="radio"
              name="ex-kind"
              checked={form.kind === 'working'}
              onChange={() => set('kind', 'working')}
            />{' '}
            {t('admin.cal.kind.working')}
          </label>
        </fieldset>
        <TextField
          id="ex-nameVi"
          label={t('admin.cal.nameVi')}
          required
          value={form.nameVi}
          onChange={(e) => set('nameVi', e.target.value)}
          error={msg(errors.nameVi)}
          hint={t('admin.cal.nameViHint')}
        />
        <TextField
          id="ex-nameEn"
          label={t('admin.cal.nameEn')}
          lang="en"
          value={form.nameEn}
          onChange={(e) => set('nameEn', e.target.value)}
        />
      </div>
      {form.kind === 'working' ? (
        <div className="field" id="ex-intervals" tabIndex={-1}>
          <span className="label-like">{t('admin.cal.workingHours')}</span>
          <span className="hint">{t('admin.cal.workingHoursHint')}</span>
          <DayEditor
            label={t('admin.cal.kind.working')}
            idPrefix="ex-iv"
            intervals={form.intervals}
            errorsAt={() => []}
            onChange={(list) => set('intervals', list)}
          />
          {errors.intervals ? <span className="error-text">{msg(errors.intervals)}</span> : null}
        </div>
      ) : null}
      <ErrorAlert error={write.error ?? undefined} />
      <button type="submit" className="btn btn-primary" disabled={write.busy}>
        {write.busy ? t('common.working') : t('admin.cal.addDaySubmit')}
      </button>
    </form>
  );
}

/** Export the year's special days as .ics; import days off and make-up days from one. */
function ICalendar({
  calendarId,
  year,
  onImported,
}: {
  calendarId: string;
  year: number;
  onImported: (n: number) => void;
}) {
  const { t } = useAdminI18n();
  const write = useWrite();
  const input = useRef<HTMLInputElement>(null);
  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    const text = await file.text();
    const r = await write.run(() => adminApi.importICalendar(calendarId, text));
    if (input.current) input.current.value = '';
    if (r) onImported(r.imported);
  }
  return (
    <div className="ical">
      <a className="btn btn-small" href={adminApi.icalUrl(calendarId, year)} download>
        {t('admin.cal.export', { year })}
      </a>
      <label className="btn btn-small file-label">
        {t('admin.cal.import')}
        <input
          ref={input}
          type="file"
          accept=".ics,text/calendar"
          className="sr-only"
          onChange={(e) => void onFile(e)}
        />
      </label>
      {write.busy ? <span className="hint">{t('common.working')}</span> : null}
      {write.error ? (
        <Alert kind="error">
          {t('admin.cal.importFailed')} <ImportError error={write.error} />
        </Alert>
      ) : null}
    </div>
  );
}

function ImportError({ error }: { error: NonNullable<ReturnType<typeof useWrite>['error']> }) {
  const details = Array.isArray(error.details) ? (error.details as { message?: string }[]) : [];
  return (
    <>
      {details
        .map((d) => d.message)
        .filter(Boolean)
        .join('; ')}
    </>
  );
}
