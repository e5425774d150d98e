import { useEffect, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import { adminApi } from './api.ts';
import { invalidateCached, useResource } from '../../api/hooks.tsx';
import type { Agency, User } from '../../api/types.ts';
import { ROLES } from '../../../../src/core/access/roles.ts';
import { Page } from '../../app/Page.tsx';
import { useLocation } from '../../app/router.tsx';
import { roleKey } from '../../app/Shell.tsx';
import { useUser } from '../../app/session.tsx';
import { Checkbox, SelectField, TextField } from '../../ui/fields.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { agencyName } from '../names.ts';
import { flatten, buildTree } from './agency-tree.ts';
import { useAdminI18n } from './i18n.ts';
import {
  ConfirmButton,
  Editor,
  focusFirst,
  Saved,
  useEditorState,
  useIssues,
  useMsg,
  useWrite,
} from './ui.tsx';
import {
  createBody,
  emptyUserForm,
  filterUsers,
  formFromUser,
  generatePassword,
  needsAgency,
  patchBody,
  validateUser,
  type UserFilter,
  type UserForm,
} from './users.ts';

type EditorState =
  | { mode: 'create'; form: UserForm }
  | { mode: 'edit'; user: User }
  | { mode: 'password'; user: User };

/** Agencies as indented options, in tree order. */
export function AgencyOptions({
  agencies,
  lang,
}: {
  agencies: readonly Agency[];
  lang: 'vi' | 'en';
}) {
  return (
    <>
      {flatten(buildTree(agencies)).map((n) => (
        <option key={n.agency.id} value={n.agency.id}>
          {'\u00a0\u00a0'.repeat(n.depth)}
          {agencyName(n.agency, lang)}
        </option>
      ))}
    </>
  );
}

/** Users and roles (R-AD-1, R-AG-2): create, edit role and agency, reset password, deactivate. */
export function UsersScreen() {
  const { t, lang } = useAdminI18n();
  const me = useUser();
  const { search } = useLocation();
  const users = useResource(adminApi.users, 'admin:users');
  const agencies = useResource(api.agencies, 'admin:agencies');
  const [filter, setFilter] = useState<UserFilter>({
    text: '',
    role: '',
    agency: '',
    showInactive: false,
  });
  const [saved, setSaved] = useState<string | null>(null);
  const editor = useEditorState<EditorState>();
  const toggle = useWrite();

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
  const openEditor = editor.open;
  useEffect(() => {
    if (prefill) openEditor({ mode: 'create', form: prefill });
  }, [prefill, openEditor]);

  const byId = useMemo(() => new Map((agencies.data ?? []).map((a) => [a.id, a])), [agencies.data]);
  const nameOf = (id: string | null) => {
    const a = id ? byId.get(id) : undefined;
    return a ? agencyName(a, lang) : '';
  };
  const shown = users.data ? filterUsers(users.data, filter, (id) => nameOf(id)) : [];

  async function setActive(u: User, active: boolean) {
    setSaved(null);
    const r = await toggle.run(() => adminApi.updateUser(u.id, { active }));
    if (r) {
      setSaved(
        t(active ? 'admin.users.activated' : 'admin.users.deactivated', { name: u.displayName }),
      );
      users.reload();
    }
  }

  const add = (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => {
        setSaved(null);
        editor.open({ mode: 'create', form: emptyUserForm() });
      }}
    >
      {t('admin.users.add')}
    </button>
  );

  return (
    <Page title={t('admin.users.title')} actions={add}>
      <p className="muted page-intro">{t('admin.users.intro')}</p>
      <Saved text={saved} />
      <ErrorAlert error={toggle.error ?? undefined} />
      {editor.state ? (
        <UserEditor
          key={editor.state.mode + ('user' in editor.state ? editor.state.user.id : '')}
          state={editor.state}
          agencies={agencies.data ?? []}
          onCancel={editor.close}
          onSaved={(text) => {
            setSaved(text);
            editor.close();
            users.reload();
            invalidateCached('agencies');
          }}
        />
      ) : null}

      <div className="filters" role="search" aria-label={t('admin.users.filter')}>
        <TextField
          label={t('admin.users.search')}
          type="search"
          value={filter.text}
          onChange={(e) => setFilter({ ...filter, text: e.target.value })}
        />
        <SelectField
          label={t('admin.users.role')}
          value={filter.role}
          onChange={(e) => setFilter({ ...filter, role: e.target.value })}
        >
          <option value="">{t('admin.all')}</option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(roleKey(r))}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('admin.users.agency')}
          value={filter.agency}
          onChange={(e) => setFilter({ ...filter, agency: e.target.value })}
        >
          <option value="">{t('admin.all')}</option>
          <option value="none">{t('admin.users.noAgency')}</option>
          <AgencyOptions agencies={agencies.data ?? []} lang={lang} />
        </SelectField>
        <Checkbox
          label={t('admin.users.showInactive')}
          checked={filter.showInactive}
          onChange={(e) => setFilter({ ...filter, showInactive: e.target.checked })}
        />
      </div>

      <ErrorAlert error={users.error} onRetry={users.reload} />
      {!users.data ? (
        users.error ? null : (
          <Loading />
        )
      ) : (
        <>
          <p className="muted" aria-live="polite">
            {t('admin.users.count', { n: shown.length, total: users.data.length })}
          </p>
          <div className="table-wrap">
            <table className="table">
              <caption className="sr-only">{t('admin.users.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('admin.users.person')}</th>
                  <th scope="col">{t('admin.users.role')}</th>
                  <th scope="col">{t('admin.users.agency')}</th>
                  <th scope="col">{t('admin.users.status')}</th>
                  <th scope="col">{t('admin.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((u) => (
                  <tr key={u.id} data-user={u.username} className={u.active ? '' : 'is-off'}>
                    <th scope="row">
                      <span className="cell-main">{u.displayName}</span>
                      <span className="cell-sub">{u.username}</span>
                    </th>
                    <td>
                      {t(roleKey(u.role))}
                      {u.isDeputy ? (
                        <span className="badge badge-soft">{t('admin.users.deputy')}</span>
                      ) : null}
                      {u.title ? <span className="cell-sub">{u.title}</span> : null}
                    </td>
                    <td>{nameOf(u.agencyId) || <span className="muted">—</span>}</td>
                    <td>
                      <span className={`badge ${u.active ? 'badge-ok' : 'badge-off'}`}>
                        {t(u.active ? 'admin.active' : 'admin.inactive')}
                      </span>
                    </td>
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t('admin.editNamed', { name: u.displayName })}
                        onClick={() => {
                          setSaved(null);
                          editor.open({ mode: 'edit', user: u });
                        }}
                      >
                        {t('admin.edit')}
                      </button>
                      <button
                        type="button"
                        className="btn btn-small"
                        aria-label={t('admin.users.resetNamed', { name: u.displayName })}
                        onClick={() => {
                          setSaved(null);
                          editor.open({ mode: 'password', user: u });
                        }}
                      >
                        {t('admin.users.reset')}
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
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {shown.length === 0 ? <p className="muted empty">{t('admin.users.none')}</p> : null}
        </>
      )}
    </Page>
  );
}

function UserEditor({
  state,
  agencies,
  onCancel,
  onSaved,
}: {
  state: EditorState;
  agencies: readonly Agency[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const [form, setForm] = useState<UserForm>(() =>
    state.mode === 'create' ? state.form : formFromUser(state.user),
  );
  // After a first attempt, mistakes are re-checked as the form changes: fixed ones vanish.
  const [tried, setTried] = useState(false);
  const errors = tried ? validateUser(form, state.mode) : {};
  const [showPw, setShowPw] = useState(false);
  const set = <K extends keyof UserForm>(k: K, v: UserForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const mode = state.mode;
  const active = agencies.filter((a) => a.active);
  const issuesOf = useIssues();
  const labels: Partial<Record<keyof UserForm, string>> =
    mode === 'password'
      ? { password: t('admin.users.newPassword') }
      : {
          username: t('login.username'),
          displayName: t('admin.users.displayName'),
          role: t('admin.users.role'),
          agencyId: t('admin.users.agency'),
          email: t('newTicket.email'),
          phone: t('newTicket.phone'),
          password: t('login.password'),
        };
  const issues = issuesOf(errors, labels, 'ue-');

  async function submit() {
    setTried(true);
    const found = validateUser(form, mode);
    if (focusFirst(issuesOf(found, labels, 'ue-'))) return;
    if (state.mode === 'create') {
      const r = await write.run(() => adminApi.createUser(createBody(form)));
      if (r) onSaved(t('admin.users.created', { username: r.username }));
    } else if (state.mode === 'edit') {
      const patch = patchBody(state.user, form);
      if (Object.keys(patch).length === 0) return onCancel();
      const r = await write.run(() => adminApi.updateUser(state.user.id, patch));
      if (r) onSaved(t('admin.users.updated', { name: r.displayName }));
    } else {
      const r = await write.run(() =>
        adminApi.updateUser(state.user.id, { password: form.password }),
      );
      if (r)
        onSaved(t('admin.users.passwordSet', { name: r.displayName, password: form.password }));
    }
  }

  const title =
    state.mode === 'create'
      ? t('admin.users.createTitle')
      : state.mode === 'edit'
        ? t('admin.users.editTitle', { name: state.user.displayName })
        : t('admin.users.resetTitle', { name: state.user.displayName });

  const password = (
    <div className="password-row">
      <TextField
        id="ue-password"
        label={t(mode === 'password' ? 'admin.users.newPassword' : 'login.password')}
        type={showPw ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        required
        value={form.password}
        onChange={(e) => set('password', e.target.value)}
        error={msg(errors.password)}
        hint={t('admin.users.passwordHint')}
      />
      <button
        type="button"
        className="btn"
        onClick={() => {
          set('password', generatePassword());
          setShowPw(true);
        }}
      >
        {t('admin.users.generate')}
      </button>
      <Checkbox
        label={t('admin.users.showPassword')}
        checked={showPw}
        onChange={(e) => setShowPw(e.target.checked)}
      />
    </div>
  );

  return (
    <Editor
      id="user-editor"
      title={title}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      issues={issues}
      submitLabel={t(mode === 'create' ? 'admin.users.createSubmit' : 'admin.save')}
    >
      {mode === 'password' ? (
        <>
          <p className="hint">{t('admin.users.resetHint')}</p>
          {password}
        </>
      ) : (
        <>
          <div className="grid-2">
            <TextField
              id="ue-username"
              label={t('login.username')}
              required={mode === 'create'}
              disabled={mode !== 'create'}
              autoComplete="off"
              spellCheck={false}
              value={form.username}
              onChange={(e) => set('username', e.target.value.toLowerCase())}
              error={msg(errors.username)}
              hint={mode === 'create' ? t('admin.users.usernameHint') : undefined}
            />
            <TextField
              id="ue-displayName"
              label={t('admin.users.displayName')}
              required
              value={form.displayName}
              onChange={(e) => set('displayName', e.target.value)}
              error={msg(errors.displayName)}
            />
            <SelectField
              id="ue-role"
              label={t('admin.users.role')}
              required
              value={form.role}
              onChange={(e) => set('role', e.target.value as UserForm['role'])}
              error={msg(errors.role)}
            >
              <option value="">{t('actionForm.choose')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleKey(r))}
                </option>
              ))}
            </SelectField>
            <SelectField
              id="ue-agencyId"
              label={t('admin.users.agency')}
              required={needsAgency(form.role)}
              value={form.agencyId}
              onChange={(e) => set('agencyId', e.target.value)}
              error={msg(errors.agencyId)}
              hint={t('admin.users.agencyHint')}
            >
              <option value="">{t('admin.users.noAgency')}</option>
              <AgencyOptions agencies={active} lang={lang} />
            </SelectField>
            <TextField
              id="ue-title"
              label={t('admin.users.jobTitle')}
              value={form.title}
              onChange={(e) => set('title', e.target.value)}
            />
            <SelectField
              id="ue-locale"
              label={t('admin.users.locale')}
              value={form.locale}
              onChange={(e) => set('locale', e.target.value === 'en' ? 'en' : 'vi')}
            >
              <option value="vi">{t('lang.vi')}</option>
              <option value="en">{t('lang.en')}</option>
            </SelectField>
            <TextField
              id="ue-email"
              label={t('newTicket.email')}
              type="email"
              value={form.email}
              onChange={(e) => set('email', e.target.value)}
              error={msg(errors.email)}
              hint={t('admin.users.contactHint')}
            />
            <TextField
              id="ue-phone"
              label={t('newTicket.phone')}
              type="tel"
              value={form.phone}
              onChange={(e) => set('phone', e.target.value)}
              error={msg(errors.phone)}
            />
          </div>
          {needsAgency(form.role) ? (
            <Checkbox
              label={t('admin.users.isDeputy')}
              hint={t('admin.users.isDeputyHint')}
              checked={form.isDeputy}
              onChange={(e) => set('isDeputy', e.target.checked)}
            />
          ) : null}
          {mode === 'create' ? password : null}
          {mode === 'edit' ? <p className="hint">{t('admin.users.sessionsHint')}</p> : null}
        </>
      )}
    </Editor>
  );
}
