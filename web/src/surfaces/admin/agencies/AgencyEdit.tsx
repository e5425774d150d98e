import { useMemo } from 'react';
import type { Agency } from '../../../../../src/contract/org.ts';
import type { CalendarSummary } from '../../../../../src/contract/calendar.ts';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { CheckboxInput, SelectInput, TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg } from '../i18n.ts';
import {
  agencyBody,
  agencyPatch,
  emptyAgencyForm,
  formFromAgency,
  KIND_KEY,
  KINDS,
  validateAgency,
  type AgencyForm,
} from './agency-form.ts';
import { subtreeIds } from './agency-tree.ts';
import { AgencyOptions } from './AgencyOptions.tsx';

export type AgencyEditorState =
  { mode: 'create'; parentId: string | null } | { mode: 'edit'; agency: Agency };

/** A new agency (under another one or at the top), or an agency's details. */
export function AgencyEdit({
  state,
  agencies,
  calendars,
  onCancel,
  onSaved,
}: {
  state: AgencyEditorState;
  agencies: readonly Agency[];
  calendars: readonly Pick<CalendarSummary, 'id' | 'name' | 'isDefault'>[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const resolver = useMemo(() => messageResolver(validateAgency, msg), [msg]);
  const form = useResourceForm<AgencyForm>({
    defaultValues:
      state.mode === 'edit' ? formFromAgency(state.agency) : emptyAgencyForm(state.parentId),
    resolver,
  });
  // An agency cannot sit under itself or under one of its own sub-units.
  const excluded =
    state.mode === 'edit' ? subtreeIds(agencies, state.agency.id) : new Set<string>();
  const parents = agencies.filter((a) => !excluded.has(a.id));
  const labels = {
    name: t('admin.agencies.name'),
    nameEn: t('admin.nameEn'),
    code: t('admin.code'),
    kind: t('admin.agencies.kind'),
    parentId: t('admin.agencies.parent'),
    calendarId: t('admin.agencies.calendar'),
    phone: t('newTicket.phone'),
    email: t('newTicket.email'),
    requiresApproval: t('admin.agencies.requiresApproval'),
    active: t('admin.agencies.activeLabel'),
  };

  async function submit(f: AgencyForm) {
    if (state.mode === 'create') {
      const created = await write.run(async () => {
        const a = await adminApi.createAgency(agencyBody(f));
        // A new agency can only get a calendar of its own in a second step.
        if (f.calendarId) await adminApi.updateAgency(a.id, { calendarId: f.calendarId });
        return a;
      });
      if (created) onSaved(t('admin.agencies.created', { name: created.name }));
    } else {
      const patch = agencyPatch(state.agency, f);
      if (Object.keys(patch).length === 0) return onCancel();
      const r = await write.run(() => adminApi.updateAgency(state.agency.id, patch));
      if (r) onSaved(t('admin.agencies.updated', { name: r.name }));
    }
  }

  return (
    <ResourceForm
      form={form}
      id="agency-editor"
      idPrefix="ae-"
      labels={labels}
      title={
        state.mode === 'edit'
          ? t('admin.agencies.editTitle', { name: state.agency.name })
          : t('admin.agencies.createTitle')
      }
      onSubmit={submit}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      submitLabel={t(state.mode === 'create' ? 'admin.agencies.createSubmit' : 'admin.save')}
    >
      <div className="grid-2">
        <TextInput<AgencyForm> source="name" required />
        <TextInput<AgencyForm> source="nameEn" lang="en" />
        <TextInput<AgencyForm>
          source="code"
          required
          spellCheck={false}
          hint={t('admin.agencies.codeHint')}
        />
        <SelectInput<AgencyForm> source="kind">
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(KIND_KEY[k])}
            </option>
          ))}
        </SelectInput>
        <SelectInput<AgencyForm> source="parentId">
          <option value="">{t('admin.agencies.noParent')}</option>
          <AgencyOptions agencies={parents} lang={lang} />
        </SelectInput>
        <SelectInput<AgencyForm> source="calendarId" hint={t('admin.agencies.calendarHint')}>
          <option value="">{t('admin.agencies.defaultCalendar')}</option>
          {calendars
            .filter((c) => !c.isDefault)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
        </SelectInput>
        <TextInput<AgencyForm> source="phone" type="tel" />
        <TextInput<AgencyForm> source="email" type="email" />
      </div>
      <CheckboxInput<AgencyForm>
        source="requiresApproval"
        hint={t('admin.agencies.requiresApprovalHint')}
      />
      {state.mode === 'edit' ? (
        <CheckboxInput<AgencyForm> source="active" hint={t('admin.agencies.activeHint')} />
      ) : null}
    </ResourceForm>
  );
}
