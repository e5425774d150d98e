import { useMemo } from 'react';
import { useFormState, useWatch } from 'react-hook-form';
import { formatDate } from '../../../i18n/format.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { BoundForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { RadioGroupInput, TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg } from '../i18n.ts';
import { DayEditor } from './DayEditor.tsx';
import { exceptionBody, validateException, type ExceptionDraft } from './schedule.ts';

const blank = (): ExceptionDraft => ({
  date: '',
  kind: 'holiday',
  nameVi: '',
  nameEn: '',
  intervals: [],
});

/** Adds a day off or a make-up working day (with hours of its own, if it has them). */
export function ExceptionForm({
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
  const resolver = useMemo(() => messageResolver(validateException, msg), [msg]);
  const form = useResourceForm<ExceptionDraft>({ defaultValues: blank(), resolver });
  const kind = useWatch({ control: form.control, name: 'kind' });
  const intervalsError = useFormState({ control: form.control, name: 'intervals' }).errors.intervals
    ?.message;

  async function submit(f: ExceptionDraft) {
    const ok = await write.run(() => adminApi.putException(calendarId, exceptionBody(f)));
    if (ok) {
      onSaved(
        t(f.kind === 'holiday' ? 'admin.cal.addedHoliday' : 'admin.cal.addedWorking', {
          date: formatDate(f.date, lang),
        }),
      );
      form.reset(blank());
    }
  }

  return (
    <BoundForm
      form={form}
      idPrefix="ex-"
      labels={{
        date: t('admin.cal.date'),
        kind: t('admin.cal.kind'),
        nameVi: t('admin.cal.nameVi'),
        nameEn: t('admin.cal.nameEn'),
        intervals: t('admin.cal.workingHours'),
      }}
      onSubmit={submit}
      className="exception-form"
      aria-labelledby="ex-title"
    >
      <h4 id="ex-title">{t('admin.cal.addDay')}</h4>
      <div className="grid-2">
        <TextInput<ExceptionDraft> source="date" type="date" required min={`${year - 1}-01-01`} />
        <RadioGroupInput<ExceptionDraft>
          source="kind"
          className="kind-choice"
          options={[
            { value: 'holiday', label: t('admin.cal.kind.holiday') },
            { value: 'working', label: t('admin.cal.kind.working') },
          ]}
        />
        <TextInput<ExceptionDraft> source="nameVi" required hint={t('admin.cal.nameViHint')} />
        <TextInput<ExceptionDraft> source="nameEn" lang="en" />
      </div>
      {kind === 'working' ? (
        <div className="field" id="ex-intervals" tabIndex={-1}>
          <span className="label-like">{t('admin.cal.workingHours')}</span>
          <span className="hint">{t('admin.cal.workingHoursHint')}</span>
          <DayEditor
            source="intervals"
            label={t('admin.cal.kind.working')}
            idPrefix="ex-iv"
            errorsAt={() => []}
          />
          {intervalsError ? <span className="error-text">{intervalsError}</span> : null}
        </div>
      ) : null}
      <ErrorAlert error={write.error ?? undefined} />
      <button type="submit" className="btn btn-primary" disabled={write.busy}>
        {write.busy ? t('common.working') : t('admin.cal.addDaySubmit')}
      </button>
    </BoundForm>
  );
}
