import { useMemo } from 'react';
import type { FieldGroup } from '../../../../../src/contract/org.ts';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg, type AdminMessage } from '../i18n.ts';
import { STANDARD_GROUP_NAMES } from './fields.ts';

interface GroupForm {
  name: string;
  nameEn: string;
}

const validateGroup = (f: GroupForm): Partial<Record<keyof GroupForm, AdminMessage>> =>
  f.name.trim() ? {} : { name: { key: 'validation.required' } };

/** Names a subject group (R-SC-1) in both languages. */
export function GroupEdit({
  number,
  group,
  onCancel,
  onSaved,
}: {
  number: number;
  group: FieldGroup | null;
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  // R-SC-1's names are offered when a group is named the first time.
  const suggested = STANDARD_GROUP_NAMES[number];
  const resolver = useMemo(() => messageResolver(validateGroup, msg), [msg]);
  const form = useResourceForm<GroupForm>({
    defaultValues: {
      name: group?.name ?? suggested?.vi ?? '',
      nameEn: group?.nameEn ?? suggested?.en ?? '',
    },
    resolver,
  });
  async function submit(f: GroupForm) {
    const r = await write.run(() =>
      adminApi.nameGroup(number, { name: f.name.trim(), nameEn: f.nameEn.trim() }),
    );
    if (r) onSaved(t('admin.fields.groupSaved', { n: number }));
  }
  return (
    <ResourceForm
      form={form}
      id={`group-editor-${number}`}
      idPrefix={`ge${number}-`}
      labels={{ name: t('admin.fields.groupName'), nameEn: t('admin.nameEn') }}
      title={t('admin.fields.groupEditTitle', { n: number })}
      onSubmit={submit}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      submitLabel={t('admin.save')}
    >
      <div className="grid-2">
        <TextInput<GroupForm> source="name" required />
        <TextInput<GroupForm> source="nameEn" lang="en" />
      </div>
    </ResourceForm>
  );
}
