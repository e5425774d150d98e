import { useFormContext, useWatch } from 'react-hook-form';
import { PlainInput } from '../../../ui/resource/inputs.tsx';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';
import type { DraftInterval } from './schedule.ts';

/**
 * One day's shifts, the list of start–end pairs at `source` in the surrounding form, added and
 * removed with buttons; Nghỉ when empty.
 */
export function DayEditor({
  source,
  label,
  idPrefix,
  errorsAt,
}: {
  source: string;
  label: string;
  idPrefix: string;
  errorsAt: (i: number, part: 'start' | 'end') => AdminMessage[];
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const { setValue } = useFormContext();
  const intervals = (useWatch({ name: source }) as DraftInterval[] | undefined) ?? [];
  const change = (list: DraftInterval[]) =>
    setValue(source, list, { shouldDirty: true, shouldTouch: true });
  const last = intervals[intervals.length - 1];
  return (
    <div className="day">
      {intervals.length === 0 ? (
        <span className="muted day-off">{t('admin.cal.dayOff')}</span>
      ) : null}
      {intervals.map((_, i) => {
        const es = errorsAt(i, 'start');
        const ee = errorsAt(i, 'end');
        const err = msg(es[0]) ?? msg(ee[0]);
        const errId = `${idPrefix}-${i}-err`;
        return (
          <span key={i} className={`shift${err ? ' has-error' : ''}`}>
            <PlainInput
              source={`${source}.${i}.start`}
              id={`${idPrefix}-${i}-start`}
              className="clock"
              inputMode="numeric"
              maxLength={5}
              aria-label={t('admin.cal.startOf', { day: label, n: i + 1 })}
              aria-invalid={es.length ? true : undefined}
              aria-describedby={err ? errId : undefined}
            />
            <span aria-hidden="true">–</span>
            <PlainInput
              source={`${source}.${i}.end`}
              id={`${idPrefix}-${i}-end`}
              className="clock"
              inputMode="numeric"
              maxLength={5}
              aria-label={t('admin.cal.endOf', { day: label, n: i + 1 })}
              aria-invalid={ee.length ? true : undefined}
              aria-describedby={err ? errId : undefined}
            />
            <button
              type="button"
              className="btn btn-ghost btn-small"
              aria-label={t('admin.cal.removeShift', { day: label, n: i + 1 })}
              onClick={() => change(intervals.filter((_, k) => k !== i))}
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
            change([
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
