import { useMemo } from 'react';
import { api } from '../../../api/client.ts';
import type { CalendarSummary } from '../../../../../src/contract/calendar.ts';
import { ErrorAlert } from '../../../ui/feedback.tsx';
import { BoundForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';
import { configFromDraft, draftFromConfig } from './schedule.ts';

interface NewCalendarForm {
  name: string;
}

const validate = (f: NewCalendarForm): Partial<Record<'name', AdminMessage>> =>
  f.name.trim() ? {} : { name: { key: 'validation.required' } };

/** A new calendar, named, starting as a copy of the one on screen. */
export function NewCalendar({
  from,
  onCreated,
}: {
  from: string | null;
  onCreated: (c: CalendarSummary) => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const resolver = useMemo(() => messageResolver(validate, msg), [msg]);
  const form = useResourceForm<NewCalendarForm>({ defaultValues: { name: '' }, resolver });
  async function create(f: NewCalendarForm) {
    const c = await write.run(async () => {
      // A new calendar starts as a copy of the one on screen: most differ by a few hours.
      const config = from ? (await api.calendar(from)).config : {};
      return adminApi.createCalendar(f.name.trim(), configFromDraft(draftFromConfig(config)));
    });
    if (c) {
      form.reset({ name: '' });
      onCreated(c);
    }
  }
  return (
    <BoundForm
      form={form}
      labels={{ name: t('admin.cal.newName') }}
      onSubmit={create}
      className="new-cal"
    >
      <TextInput<NewCalendarForm> source="name" hint={t('admin.cal.newHint')} />
      <ErrorAlert error={write.error ?? undefined} />
      <button type="submit" className="btn btn-small" disabled={write.busy}>
        {t('admin.cal.create')}
      </button>
    </BoundForm>
  );
}
