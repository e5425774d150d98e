import { useMemo, useState } from 'react';
import { useWatch } from 'react-hook-form';
import type { Agency, User } from '../../../../../src/contract/org.ts';
import { ROLES } from '../../../../../src/core/access/roles.ts';
import { roleKey } from '../../../app/Shell.tsx';
import { Checkbox } from '../../../ui/fields.tsx';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { CheckboxInput, SelectInput, TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { AgencyOptions } from '../agencies/AgencyOptions.tsx';
import { useAdminI18n, useMsg } from '../i18n.ts';
import {
  createBody,
  formFromUser,
  generatePassword,
  needsAgency,
  patchBody,
  validateUser,
  type UserForm,
} from './users.ts';

export type UserEditorState =
  | { mode: 'create'; form: UserForm }
  | { mode: 'edit'; user: User }
  | { mode: 'password'; user: User };

/** A new account, an account's role and agency, or a new password for it. */
export function UserEdit({
  state,
  agencies,
  onCancel,
  onSaved,
}: {
  state: UserEditorState;
  agencies: readonly Agency[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t, lang } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const { mode } = state;
  const resolver = useMemo(
    () => messageResolver((f: UserForm) => validateUser(f, mode), msg),
    [mode, msg],
  );
  const form = useResourceForm<UserForm>({
    defaultValues: state.mode === 'create' ? state.form : formFromUser(state.user),
    resolver,
  });
  const role = useWatch({ control: form.control, name: 'role' });
  const [showPw, setShowPw] = useState(false);
  const active = agencies.filter((a) => a.active);
  const labels =
    mode === 'password'
      ? { password: t('admin.users.newPassword') }
      : {
          username: t('login.username'),
          displayName: t('admin.users.displayName'),
          role: t('admin.users.role'),
          agencyId: t('admin.users.agency'),
          title: t('admin.users.jobTitle'),
          locale: t('admin.users.locale'),
          email: t('newTicket.email'),
          phone: t('newTicket.phone'),
          isDeputy: t('admin.users.isDeputy'),
          password: t('login.password'),
        };

  async function submit(f: UserForm) {
    if (state.mode === 'create') {
      const r = await write.run(() => adminApi.createUser(createBody(f)));
      if (r) onSaved(t('admin.users.created', { username: r.username }));
    } else if (state.mode === 'edit') {
      const patch = patchBody(state.user, f);
      if (Object.keys(patch).length === 0) return onCancel();
      const r = await write.run(() => adminApi.updateUser(state.user.id, patch));
      if (r) onSaved(t('admin.users.updated', { name: r.displayName }));
    } else {
      const r = await write.run(() => adminApi.updateUser(state.user.id, { password: f.password }));
      if (r) onSaved(t('admin.users.passwordSet', { name: r.displayName, password: f.password }));
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
      <TextInput<UserForm>
        source="password"
        type={showPw ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        required
        hint={t('admin.users.passwordHint')}
      />
      <button
        type="button"
        className="btn"
        onClick={() => {
          form.setValue('password', generatePassword(), { shouldDirty: true });
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
    <ResourceForm
      form={form}
      id="user-editor"
      idPrefix="ue-"
      labels={labels}
      title={title}
      onSubmit={submit}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
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
            <TextInput<UserForm>
              source="username"
              required={mode === 'create'}
              disabled={mode !== 'create'}
              autoComplete="off"
              spellCheck={false}
              parse={(s) => s.toLowerCase()}
              hint={mode === 'create' ? t('admin.users.usernameHint') : undefined}
            />
            <TextInput<UserForm> source="displayName" required />
            <SelectInput<UserForm> source="role" required>
              <option value="">{t('actionForm.choose')}</option>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(roleKey(r))}
                </option>
              ))}
            </SelectInput>
            <SelectInput<UserForm>
              source="agencyId"
              required={needsAgency(role)}
              hint={t('admin.users.agencyHint')}
            >
              <option value="">{t('admin.users.noAgency')}</option>
              <AgencyOptions agencies={active} lang={lang} />
            </SelectInput>
            <TextInput<UserForm> source="title" />
            <SelectInput<UserForm> source="locale" parse={(s) => (s === 'en' ? 'en' : 'vi')}>
              <option value="vi">{t('lang.vi')}</option>
              <option value="en">{t('lang.en')}</option>
            </SelectInput>
            <TextInput<UserForm> source="email" type="email" hint={t('admin.users.contactHint')} />
            <TextInput<UserForm> source="phone" type="tel" />
          </div>
          {needsAgency(role) ? (
            <CheckboxInput<UserForm> source="isDeputy" hint={t('admin.users.isDeputyHint')} />
          ) : null}
          {mode === 'create' ? password : null}
          {mode === 'edit' ? <p className="hint">{t('admin.users.sessionsHint')}</p> : null}
        </>
      )}
    </ResourceForm>
  );
}
