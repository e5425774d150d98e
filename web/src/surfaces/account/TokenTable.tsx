import type { ApiTokenInfo } from '../../../../src/contract/auth.ts';
import { useI18n } from '../../i18n/react.tsx';
import { formatDate, formatDateTime } from '../../i18n/format.ts';
import { DataTable, type Column } from '../../ui/resource/DataTable.tsx';
import { ConfirmButton } from '../../ui/resource/parts.tsx';
import { tokenStateKey } from './account.ts';

/**
 * API tokens as a table (issue #12 finding 3): name, created, expires, last used, state, and
 * a revoke button for live ones. Shown on one's own account and, for administrators, beside
 * each user in the users screen. Secrets are never listed: the server does not keep them.
 */
export function TokenTable({
  tokens,
  onRevoke,
  busy,
  caption,
}: {
  tokens: readonly ApiTokenInfo[];
  onRevoke: (t: ApiTokenInfo) => void;
  busy: boolean;
  caption: string;
}) {
  const { t, lang } = useI18n();
  if (tokens.length === 0) return <p className="muted empty">{t('account.tokens.none')}</p>;
  const columns: Column<ApiTokenInfo>[] = [
    { id: 'name', header: t('account.tokens.name'), rowHeader: true, cell: (x) => x.name },
    {
      id: 'created',
      header: t('account.tokens.created'),
      cell: (x) => formatDateTime(x.createdAt, lang),
    },
    {
      id: 'expires',
      header: t('account.tokens.expires'),
      cell: (x) => formatDate(x.expiresAt, lang),
    },
    {
      id: 'used',
      header: t('account.tokens.lastUsed'),
      cell: (x) =>
        x.lastUsedAt ? (
          formatDateTime(x.lastUsedAt, lang)
        ) : (
          <span className="muted">{t('account.tokens.neverUsed')}</span>
        ),
    },
    {
      id: 'state',
      header: t('account.tokens.state'),
      cell: (x) => (
        <>
          <span className={`badge ${x.state === 'active' ? 'badge-ok' : 'badge-off'}`}>
            {t(tokenStateKey(x))}
          </span>
          {x.revokeReason ? (
            <span className="cell-sub">{t(`account.tokens.reason.${x.revokeReason}`)}</span>
          ) : null}
        </>
      ),
    },
    {
      id: 'actions',
      header: t('account.tokens.actions'),
      className: 'cell-actions',
      cell: (x) =>
        x.state === 'active' ? (
          <ConfirmButton
            label={t('account.tokens.revoke')}
            question={t('account.tokens.revokeQ', { name: x.name })}
            busy={busy}
            onConfirm={() => onRevoke(x)}
          />
        ) : null,
    },
  ];
  return (
    <DataTable
      rows={tokens}
      columns={columns}
      rowKey={(x) => x.id}
      rowProps={(x) => ({ 'data-token': x.name, className: x.state === 'active' ? '' : 'is-off' })}
      caption={caption}
    />
  );
}
