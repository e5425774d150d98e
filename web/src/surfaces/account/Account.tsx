import { useState } from 'react';
import type { FormEvent } from 'react';
import type { AccessRevoked, ApiToken } from '../../../../src/contract/auth.ts';
import { api, type ApiError } from '../../api/client.ts';
import { useResource } from '../../api/hooks.tsx';
import { Page } from '../../app/Page.tsx';
import { useUser } from '../../app/session.tsx';
import { useI18n } from '../../i18n/react.tsx';
import { Alert, ErrorAlert, Loading, useErrorText } from '../../ui/feedback.tsx';
import { TextField } from '../../ui/fields.tsx';
import { useWrite } from '../../ui/resource/hooks.ts';
import { ConfirmButton, Saved } from '../../ui/resource/parts.tsx';
import {
  expiryBounds,
  expiryInstant,
  problemKeys,
  validatePasswordForm,
  type PasswordErrors,
  type PasswordForm,
} from './account.ts';
import { TokenTable } from './TokenTable.tsx';
import './account.css';

/**
 * One's own account (issue #12 findings 3 and 7): change the password, issue, list and revoke
 * API tokens, and sign out everywhere. Opened from the header's name.
 */
export default function Account() {
  const { t } = useI18n();
  const user = useUser();
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <Page title={t('account.title')}>
      <p className="muted">{t('account.intro', { username: user.username })}</p>
      <Saved text={saved} />
      <div className="account-grid">
        <PasswordSection onDone={setSaved} />
        <SignOutSection onDone={setSaved} />
      </div>
      <TokensSection onDone={setSaved} />
    </Page>
  );
}

function revokedText(t: ReturnType<typeof useI18n>['t'], r: AccessRevoked) {
  return t('account.revoked', { sessions: r.sessionsEnded, tokens: r.tokensRevoked });
}

function PasswordSection({ onDone }: { onDone: (text: string) => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const write = useWrite();
  const empty: PasswordForm = { currentPassword: '', newPassword: '', repeat: '' };
  const [form, setForm] = useState(empty);
  const [errors, setErrors] = useState<PasswordErrors>({});
  const [tried, setTried] = useState(false);
  const set = (k: keyof PasswordForm) => (e: { target: { value: string } }) => {
    const next = { ...form, [k]: e.target.value };
    setForm(next);
    if (tried) setErrors(validatePasswordForm(next));
  };
  const msg = (k: keyof PasswordForm) => {
    const e = errors[k];
    return e ? t(e.key, e.params) : null;
  };
  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    const found = validatePasswordForm(form);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      document.getElementById(`pw-${Object.keys(found)[0]}`)?.focus();
      return;
    }
    const r = await write.run(() =>
      api.changePassword({ currentPassword: form.currentPassword, newPassword: form.newPassword }),
    );
    if (r) {
      setForm(empty);
      setTried(false);
      onDone(`${t('account.password.changed')} ${revokedText(t, r)}`);
    }
  }
  const weak = write.error?.code === 'password_weak' ? problemKeys(write.error.details) : [];
  return (
    <section className="card account-card" aria-labelledby="pw-title">
      <h2 id="pw-title">{t('account.password.title')}</h2>
      <p className="muted">{t('account.password.intro')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        {write.error ? (
          <Alert kind="error">
            {errorText(write.error as ApiError)}
            {weak.length > 0 ? (
              <ul>
                {weak.map((k) => (
                  <li key={k}>{t(k)}</li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
        <TextField
          id="pw-currentPassword"
          label={t('account.password.current')}
          type="password"
          autoComplete="current-password"
          required
          value={form.currentPassword}
          onChange={set('currentPassword')}
          error={msg('currentPassword')}
        />
        <TextField
          id="pw-newPassword"
          label={t('account.password.new')}
          type="password"
          autoComplete="new-password"
          required
          hint={t('account.password.hint')}
          value={form.newPassword}
          onChange={set('newPassword')}
          error={msg('newPassword')}
        />
        <TextField
          id="pw-repeat"
          label={t('account.password.repeat')}
          type="password"
          autoComplete="new-password"
          required
          value={form.repeat}
          onChange={set('repeat')}
          error={msg('repeat')}
        />
        <button type="submit" className="btn btn-primary" disabled={write.busy}>
          {write.busy ? t('common.working') : t('account.password.submit')}
        </button>
      </form>
    </section>
  );
}

function SignOutSection({ onDone }: { onDone: (text: string) => void }) {
  const { t } = useI18n();
  const write = useWrite();
  return (
    <section className="card account-card" aria-labelledby="so-title">
      <h2 id="so-title">{t('account.signOutAll.title')}</h2>
      <p className="muted">{t('account.signOutAll.intro')}</p>
      <ErrorAlert error={write.error ?? undefined} />
      <ConfirmButton
        label={t('account.signOutAll.button')}
        question={t('account.signOutAll.question')}
        busy={write.busy}
        className="btn btn-danger-outline"
        onConfirm={() =>
          void write.run(api.signOutEverywhere).then((r) => r && onDone(revokedText(t, r)))
        }
      />
    </section>
  );
}

function TokensSection({ onDone }: { onDone: (text: string) => void }) {
  const { t } = useI18n();
  const tokens = useResource(api.myTokens, 'account:tokens');
  const write = useWrite();
  const bounds = expiryBounds(new Date());
  const [name, setName] = useState('');
  const [expires, setExpires] = useState(bounds.default);
  const [nameError, setNameError] = useState<string | null>(null);
  const [issued, setIssued] = useState<ApiToken | null>(null);

  async function create(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('validation.required'));
      document.getElementById('tok-name')?.focus();
      return;
    }
    setNameError(null);
    const at = expiryInstant(expires);
    const r = await write.run(() =>
      api.createToken({ name: name.trim(), ...(at ? { expiresAt: at } : {}) }),
    );
    if (r) {
      setIssued(r);
      setName('');
      tokens.reload();
    }
  }

  return (
    <section className="card account-card" aria-labelledby="tok-title">
      <h2 id="tok-title">{t('account.tokens.title')}</h2>
      <p className="muted">{t('account.tokens.intro')}</p>
      <ErrorAlert error={write.error ?? undefined} />
      {issued ? (
        <Alert kind="success" title={t('account.tokens.issued', { name: issued.name })}>
          <p>{t('account.tokens.copyNow')}</p>
          <code className="token-secret" data-testid="token-secret">
            {issued.token}
          </code>
        </Alert>
      ) : null}
      <form className="token-form" onSubmit={(e) => void create(e)} noValidate>
        <TextField
          id="tok-name"
          label={t('account.tokens.name')}
          hint={t('account.tokens.nameHint')}
          required
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={nameError}
        />
        <TextField
          id="tok-expires"
          label={t('account.tokens.expires')}
          hint={t('account.tokens.expiresHint')}
          type="date"
          min={bounds.min}
          max={bounds.max}
          value={expires}
          onChange={(e) => setExpires(e.target.value)}
        />
        <button type="submit" className="btn btn-primary" disabled={write.busy}>
          {t('account.tokens.create')}
        </button>
      </form>
      {tokens.error ? <ErrorAlert error={tokens.error} onRetry={tokens.reload} /> : null}
      {!tokens.data && !tokens.error ? <Loading /> : null}
      {tokens.data ? (
        <TokenTable
          tokens={tokens.data}
          busy={write.busy}
          caption={t('account.tokens.title')}
          onRevoke={(x) =>
            void write
              .run(() => api.revokeToken(x.id))
              .then((r) => {
                if (!r) return;
                if (issued?.id === x.id) setIssued(null);
                onDone(t('account.tokens.revoked', { name: x.name }));
                tokens.reload();
              })
          }
        />
      ) : null}
    </section>
  );
}
