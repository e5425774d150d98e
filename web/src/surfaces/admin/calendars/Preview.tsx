import { useEffect, useMemo, useState } from 'react';
import type { Settings } from '../../../../../src/contract/org.ts';
import { formatDateTime } from '../../../i18n/format.ts';
import { TextField } from '../../../ui/fields.tsx';
import { useAdminI18n } from '../i18n.ts';
import { compileDraft, previewDue, type DraftCalendar, type engineExceptions } from './schedule.ts';

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
export function Preview({
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
