import { api } from '../../../api/client.ts';
import { invalidateCached, useResource } from '../../../api/hooks.tsx';
import { useListScreen } from '../../../ui/resource/hooks.ts';
import { ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { useAdminI18n } from '../i18n.ts';
import { groupSections } from './fields.ts';
import { GroupCard, type FieldEditorState } from './GroupCard.tsx';

/** Fields by subject group (R-SC-1) and the agency each is forwarded to by default (R-SC-2). */
export function FieldList() {
  const { t } = useAdminI18n();
  const fields = useResource(api.fields, 'admin:fields');
  const agencies = useResource(api.agencies, 'admin:agencies');
  const screen = useListScreen<FieldEditorState>();
  const data =
    fields.data && agencies.data ? { ...fields.data, agencies: agencies.data } : undefined;

  return (
    <ListScreen
      title={t('admin.fields.title')}
      intro={t('admin.fields.intro')}
      saved={screen.saved}
      data={data}
      error={fields.error ?? agencies.error}
      onRetry={fields.reload}
    >
      {(d) =>
        groupSections(d.groups, d.fields).map((s) => (
          <GroupCard
            key={s.number}
            section={s}
            agencies={d.agencies}
            allCodes={d.fields.map((f) => f.code)}
            editing={screen.editing?.number === s.number ? screen.editing : null}
            onOpen={screen.open}
            onCancel={screen.close}
            onSaved={(text) => {
              screen.done(text);
              fields.reload();
              invalidateCached('fields');
            }}
          />
        ))
      }
    </ListScreen>
  );
}
