import { useEffect, useRef } from 'react';
import type { User } from '../../../../../src/contract/org.ts';
import { api } from '../../../api/client.ts';
import { useResource } from '../../../api/hooks.tsx';
import { ErrorAlert, Loading } from '../../../ui/feedback.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { TokenTable } from '../../account/TokenTable.tsx';
import { useAdminI18n } from '../i18n.ts';

/**
 * A user's API tokens for the administrator (issue #12 finding 3): when each expires and was
 * last used, and a revoke button. A password reset or deactivation revokes them all.
 */
export function UserTokens({
  user,
  onClose,
  onRevoked,
}: {
  user: User;
  onClose: () => void;
  onRevoked: (text: string) => void;
}) {
  const { t } = useAdminI18n();
  const tokens = useResource(() => api.userTokens(user.id), `admin:tokens:${user.id}`);
  const write = useWrite();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      className="card editor"
      aria-labelledby="ut-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <h2 id="ut-title" ref={heading} tabIndex={-1}>
        {t('admin.users.tokensTitle', { name: user.displayName })}
      </h2>
      <p className="muted">{t('admin.users.tokensIntro')}</p>
      <ErrorAlert error={write.error ?? tokens.error} onRetry={tokens.reload} />
      {tokens.data ? (
        <TokenTable
          tokens={tokens.data}
          busy={write.busy}
          caption={t('admin.users.tokensTitle', { name: user.displayName })}
          onRevoke={(x) =>
            void write
              .run(() => api.revokeToken(x.id))
              .then((r) => {
                if (!r) return;
                onRevoked(t('account.tokens.revoked', { name: x.name }));
                tokens.reload();
              })
          }
        />
      ) : tokens.error ? null : (
        <Loading />
      )}
      <button type="button" className="btn" onClick={onClose}>
        {t('admin.users.tokensClose')}
      </button>
    </section>
  );
}
