import { useState } from 'react';
import type { FormEvent } from 'react';
import { api, ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/react.tsx';
import { TextField } from '../ui/fields.tsx';
import { Alert, useErrorText } from '../ui/feedback.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useSession } from './session.tsx';
import { homeFor, PATHS, safeNext } from './routes.ts';
import { navigate, useLocation } from './router.tsx';
import { toApiError } from '../api/hooks.tsx';

export function Login() {
  const { t } = useI18n();
  const { signedIn } = useSession();
  const { path, search } = useLocation();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});

  async function submit(e: FormEvent) {
    e.preventDefault();
    const m = { username: !username.trim(), password: !password };
    setMissing(m);
    if (m.username || m.password) return;
    setBusy(true);
    setError(null);
    try {
      const s = await api.login(username.trim(), password);
      const next = path === PATHS.login ? safeNext(new URLSearchParams(search).get('next')) : null;
      signedIn(s);
      if (path === PATHS.login || path === PATHS.home)
        navigate(next ?? homeFor(s.user.role), { replace: true });
    } catch (err) {
      setError(toApiError(err));
      setBusy(false);
    }
  }

  return (
    <main id="main" className="login">
      <div className="login-card">
        <div className="login-top">
          <p className="brand">{t('app.name')}</p>
          <LanguageSwitch />
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={submit} noValidate aria-busy={busy}>
          <TextField
            label={t('login.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={missing.username ? t('validation.required') : null}
          />
          <TextField
            label={t('login.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={missing.password ? t('validation.required') : null}
          />
          {error ? <Alert kind="error">{errorText(error)}</Alert> : null}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
      </div>
    </main>
  );
}
