import { useMemo } from 'react';
import type { Agency, Field } from '../../../../../src/contract/org.ts';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { CheckboxInput, SelectInput, TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { AgencyOptions } from '../agencies/AgencyOptions.tsx';
import { useAdminI18n, useMsg } from '../i18n.ts';
import { validateField, type FieldForm } from './fields.ts';

/** A new field of a group, or a field's names, default agency and use. */
export function FieldEdit({
  number,
  field,
  agencies,
  allCodes,
  onCancel,
  onSaved,
}: {
  number: number;
  field: Field | null;
  agencies: readonly Agency[];
  allCodes: readonly string[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const mode = field ? 'edit' : 'create';
  const resolver = useMemo(
    () => messageResolver((f: FieldForm) => validateField(f, mode, allCodes), msg),
    [mode, allCodes, msg],
  );
  const form = useResourceForm<FieldForm>({
    defaultValues: {
      code: field?.code ?? '',
      name: field?.name ?? '',
      nameEn: field?.nameEn ?? '',
      defaultAgencyId: field?.defaultAgencyId ?? '',
      active: field?.active ?? true,
    },
    resolver,
  });
  const targets = agencies.filter(
    (a) => (a.active && a.kind !== 'hotline') || a.id === field?.defaultAgencyId,
  );

  async function submit(f: FieldForm) {
    const agency = f.defaultAgencyId || null;
    if (!field) {
      const r = await write.run(() =>
        adminApi.createField({
          code: f.code.trim(),
          name: f.name.trim(),
          nameEn: f.nameEn.trim(),
          groupNumber: number,
          defaultAgencyId: agency,
        }),
      );
      if (r) onSaved(t('admin.fields.created', { name: r.name }));
      return;
    }
    const patch = {
      ...(f.name.trim() !== field.name && { name: f.name.trim() }),
      ...(f.nameEn.trim() !== field.nameEn && { nameEn: f.nameEn.trim() }),
      ...(agency !== field.defaultAgencyId && { defaultAgencyId: agency }),
      ...(f.active !== field.active && { active: f.active }),
    };
    if (Object.keys(patch).length === 0) return onCancel();
    const r = await write.run(() => adminApi.updateField(field.id, patch));
    if (r) onSaved(t('admin.fields.updated', { name: r.name }));
  }

  return (
    <ResourceForm
      form={form}
      id={`field-editor-${number}`}
      idPrefix={`fe-${number}-`}
      labels={{
        name: t('admin.fields.field'),
        nameEn: t('admin.nameEn'),
        code: t('admin.code'),
        defaultAgencyId: t('admin.fields.agency'),
        active: t('admin.fields.activeLabel'),
      }}
      title={
        field
          ? t('admin.fields.editTitle', { name: field.name })
          : t('admin.fields.createTitle', { n: number })
      }
      onSubmit={submit}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      submitLabel={t(field ? 'admin.save' : 'admin.fields.createSubmit')}
    >
      <div className="grid-2">
        <TextInput<FieldForm> source="name" required />
        <TextInput<FieldForm> source="nameEn" lang="en" />
        <TextInput<FieldForm>
          source="code"
          required={!field}
          disabled={Boolean(field)}
          spellCheck={false}
        />
        <SelectInput<FieldForm> source="defaultAgencyId" hint={t('admin.fields.agencyHint')}>
          <option value="">{t('admin.fields.noAgency')}</option>
          <AgencyOptions agencies={targets} lang={lang} />
        </SelectInput>
      </div>
      {field ? (
        <CheckboxInput<FieldForm> source="active" hint={t('admin.fields.activeHint')} />
      ) : null}
    </ResourceForm>
  );
}
