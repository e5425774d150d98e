import { useEffect, useMemo, useState } from 'react';
import { useWatch } from 'react-hook-form';
import { api } from '../../../api/client.ts';
import { invalidateCached, useResource } from '../../../api/hooks.tsx';
import type { User } from '../../../../../src/contract/org.ts';
import { ROLES } from '../../../../../src/core/access/roles.ts';
import { useLocation } from '../../../app/router.tsx';
import { roleKey } from '../../../app/Shell.tsx';
import { useUser } from '../../../app/session.tsx';
import { DataTable, type Column } from '../../../ui/resource/DataTable.tsx';
import { Filters, useResourceForm } from '../../../ui/resource/form.tsx';
import { useListScreen, useWrite } from '../../../ui/resource/hooks.ts';
import { CheckboxInput, SelectInput, TextInput } from '../../../ui/resource/inputs.tsx';
import { AddButton, ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { ConfirmButton } from '../../../ui/resource/parts.tsx';
import { agencyName } from '../../names.ts';
import { adminApi } from '../api.ts';
import { AgencyOptions } from '../agencies/AgencyOptions.tsx';
import { useAdminI18n } from '../i18n.ts';
import { UserEdit, type UserEditorState } from './UserEdit.tsx';
import { UserTokens } from './UserTokens.tsx';
import { emptyUserForm, filterUsers, type UserFilter, type UserForm } from './users.ts';

const NO_FILTER: UserFilter = { text: '', role: '', agency: '', showInactive: false };

/**
 * Users and roles (R-AD-1, R-AG-2): create, edit role and agency, reset password, deactivate,
 * see and revoke a user's API tokens (issue #12).
 */
export function UserList() {
  const { t, lang } = useAdminI18n();
  const me = useUser();
  const { search } = useLocation();
  const users = useResource(adminApi.users, 'admin:users');
  const agencies = useResource(api.agencies, 'admin:agencies');
  const screen = useListScreen<UserEditorState | { mode: 'tokens'; user: User }>();
  const toggle = useWrite();
  const filterForm = useResourceForm<UserFilter>({ defaultValues: NO_FILTER });
  const filter = useWatch({ control: filterForm.control }) as UserFilter;

  // "Add a focal point" from the agencies screen arrives as ?new=1&role=…&agency=…
  const [prefill] = useState(() => {
    const q = new URLSearchParams(search);
    if (q.get('new') !== '1') return null;
    const role = q.get('role');
    return emptyUserForm({
      role: role && (ROLES as readonly string[]).includes(role) ? (role as UserForm['role']) : '',
      agencyId: q.get('agency') ?? '',
    });
  });
  const { open } = screen;
  useEffect(() => {
    if (prefill) open({ mode: 'create', form: prefill });
  }, [prefill, open]);

  const byId = useMemo(() => new Map((agencies.data ?? []).map((a) => [a.id, a])), [agencies.data]);
  const nameOf = (id: string | null) => {
    const a = id ? byId.get(id) : undefined;
    return a ? agencyName(a, lang) : '';
  };

  async function setActive(u: User, active: boolean) {
    screen.setSaved(null);
    const r = await toggle.run(() => adminApi.updateUser(u.id, { active }));
    if (r) {
      screen.setSaved(
        t(active ? 'admin.users.activated' : 'admin.users.deactivated', { name: u.displayName }),
      );
      users.reload();
    }
  }

  const columns: Column<User>[] = [
    {
      id: 'person',
      header: t('admin.users.person'),
      rowHeader: true,
      cell: (u) => (
        <>
          <span className="cell-main">{u.displayName}</span>
          <span className="cell-sub">{u.username}</span>
        </>
      ),
    },
    {
      id: 'role',
      header: t('admin.users.role'),
      cell: (u) => (
        <>
          {t(roleKey(u.role))}
          {u.isDeputy ? <span className="badge badge-soft">{t('admin.users.deputy')}</span> : null}
          {u.title ? <span className="cell-sub">{u.title}</span> : null}
        </>
      ),
    },
    {
      id: 'agency',
      header: t('admin.users.agency'),
      cell: (u) => nameOf(u.agencyId) || <span className="muted">—</span>,
    },
    {
      id: 'status',
      header: t('admin.users.status'),
      cell: (u) => (
        <span className={`badge ${u.active ? 'badge-ok' : 'badge-off'}`}>
          {t(u.active ? 'admin.active' : 'admin.inactive')}
        </span>
      ),
    },
    {
      id: 'actions',
      header: t('admin.actions'),
      className: 'cell-actions',
      cell: (u) => (
        <>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('admin.editNamed', { name: u.displayName })}
            onClick={() => screen.open({ mode: 'edit', user: u })}
          >
            {t('admin.edit')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('admin.users.resetNamed', { name: u.displayName })}
            onClick={() => screen.open({ mode: 'password', user: u })}
          >
            {t('admin.users.reset')}
          </button>
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('admin.users.tokensNamed', { name: u.displayName })}
            onClick={() => screen.open({ mode: 'tokens', user: u })}
          >
            {t('admin.users.tokens')}
          </button>
          {u.id === me.id ? null : u.active ? (
            <ConfirmButton
              label={t('admin.users.deactivate')}
              question={t('admin.users.deactivateQ', { name: u.displayName })}
              busy={toggle.busy}
              onConfirm={() => void setActive(u, false)}
            />
          ) : (
            <button
              type="button"
              className="btn btn-small"
              disabled={toggle.busy}
              aria-label={t('admin.users.activateNamed', { name: u.displayName })}
              onClick={() => void setActive(u, true)}
            >
              {t('admin.users.activate')}
            </button>
          )}
        </>
      ),
    },
  ];

  return (
    <ListScreen
      title={t('admin.users.title')}
      intro={t('admin.users.intro')}
      actions={
        <AddButton
          label={t('admin.users.add')}
          onClick={() => screen.open({ mode: 'create', form: emptyUserForm() })}
        />
      }
      saved={screen.saved}
      errors={[toggle.error]}
      editor={
        screen.editing?.mode === 'tokens' ? (
          <UserTokens
            key={`tokens${screen.editing.user.id}`}
            user={screen.editing.user}
            onClose={screen.close}
            onRevoked={(text) => screen.setSaved(text)}
          />
        ) : screen.editing ? (
          <UserEdit
            key={screen.editing.mode + ('user' in screen.editing ? screen.editing.user.id : '')}
            state={screen.editing}
            agencies={agencies.data ?? []}
            onCancel={screen.close}
            onSaved={(text) => {
              screen.done(text);
              users.reload();
              invalidateCached('agencies');
            }}
          />
        ) : null
      }
      filters={
        <Filters
          form={filterForm}
          label={t('admin.users.filter')}
          labels={{
            text: t('admin.users.search'),
            role: t('admin.users.role'),
            agency: t('admin.users.agency'),
            showInactive: t('admin.users.showInactive'),
          }}
        >
          <TextInput<UserFilter> source="text" type="search" />
          <SelectInput<UserFilter> source="role">
            <option value="">{t('admin.all')}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(roleKey(r))}
              </option>
            ))}
          </SelectInput>
          <SelectInput<UserFilter> source="agency">
            <option value="">{t('admin.all')}</option>
            <option value="none">{t('admin.users.noAgency')}</option>
            <AgencyOptions agencies={agencies.data ?? []} lang={lang} />
          </SelectInput>
          <CheckboxInput<UserFilter> source="showInactive" />
        </Filters>
      }
      data={users.data}
      error={users.error}
      onRetry={users.reload}
    >
      {(all) => {
        const shown = filterUsers(all, { ...NO_FILTER, ...filter }, (id) => nameOf(id));
        return (
          <>
            <p className="muted" aria-live="polite">
              {t('admin.users.count', { n: shown.length, total: all.length })}
            </p>
            <DataTable
              rows={shown}
              columns={columns}
              rowKey={(u) => u.id}
              rowProps={(u) => ({ 'data-user': u.username, className: u.active ? '' : 'is-off' })}
              caption={t('admin.users.title')}
            />
            {shown.length === 0 ? <p className="muted empty">{t('admin.users.none')}</p> : null}
          </>
        );
      }}
    </ListScreen>
  );
}
