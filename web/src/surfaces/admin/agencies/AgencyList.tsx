import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import { api } from '../../../api/client.ts';
import { invalidateCached, useResource } from '../../../api/hooks.tsx';
import { Filters, useResourceForm } from '../../../ui/resource/form.tsx';
import { useListScreen } from '../../../ui/resource/hooks.ts';
import { TextInput } from '../../../ui/resource/inputs.tsx';
import { AddButton, ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { adminApi } from '../api.ts';
import { useAdminI18n } from '../i18n.ts';
import { AgencyEdit, type AgencyEditorState } from './AgencyEdit.tsx';
import { buildTree, filterTree } from './agency-tree.ts';
import { AgencyTreeItem } from './AgencyTreeItem.tsx';

/**
 * Agencies as a tree with the people who answer for them (R-SC-2, R-AG-2): focal points,
 * heads and deputies; whether answers need the head's approval (R-WF-11); office hours of
 * their own (R-SLA-4).
 */
export function AgencyList() {
  const { t } = useAdminI18n();
  const agencies = useResource(api.agencies, 'admin:agencies');
  const users = useResource(adminApi.users, 'admin:users');
  const calendars = useResource(api.calendars, 'admin:calendars');
  const screen = useListScreen<AgencyEditorState>();
  const filterForm = useResourceForm({ defaultValues: { text: '' } });
  const text = useWatch({ control: filterForm.control, name: 'text' });
  const tree = useMemo(() => buildTree(agencies.data ?? []), [agencies.data]);
  const data = agencies.data && users.data ? { users: users.data } : undefined;
  const shown = filterTree(tree, text);

  return (
    <ListScreen
      title={t('admin.agencies.title')}
      intro={t('admin.agencies.intro')}
      actions={
        <AddButton
          label={t('admin.agencies.add')}
          onClick={() => screen.open({ mode: 'create', parentId: null })}
        />
      }
      saved={screen.saved}
      editor={
        screen.editing ? (
          <AgencyEdit
            key={
              screen.editing.mode === 'edit'
                ? screen.editing.agency.id
                : `new-${screen.editing.parentId}`
            }
            state={screen.editing}
            agencies={agencies.data ?? []}
            calendars={calendars.data ?? []}
            onCancel={screen.close}
            onSaved={(msg) => {
              screen.done(msg);
              agencies.reload();
              invalidateCached('agencies');
            }}
          />
        ) : null
      }
      filters={
        <Filters
          form={filterForm}
          label={t('admin.agencies.filter')}
          labels={{ text: t('admin.agencies.search') }}
        >
          <TextInput source="text" type="search" />
        </Filters>
      }
      data={data}
      error={agencies.error ?? users.error}
      onRetry={agencies.reload}
      empty={t('admin.agencies.none')}
      isEmpty={() => shown.length === 0}
    >
      {({ users: staff }) => (
        <ul className="tree" aria-label={t('admin.agencies.tree')}>
          {shown.map((n) => (
            <AgencyTreeItem
              key={n.agency.id}
              node={n}
              users={staff}
              calendarName={(id) => calendars.data?.find((c) => c.id === id)?.name ?? ''}
              onEdit={(a) => screen.open({ mode: 'edit', agency: a })}
              onAddChild={(a) => screen.open({ mode: 'create', parentId: a.id })}
            />
          ))}
        </ul>
      )}
    </ListScreen>
  );
}
