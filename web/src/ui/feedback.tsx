/** Messages, badges and loading states shared by every screen. */
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/react.tsx';
import type { ApiError } from '../api/client.ts';
import type { Escalation, TicketStatus } from '../../../src/contract/enums.ts';

/** The API's own localized message, or ours for failures that never reached it. */
export function useErrorText(): (err: ApiError | undefined | null) => string {
  const { t, lang } = useI18n();
  return (err) => {
    if (!err) return '';
    if (err.code === 'network') return t('error.network');
    return err.localized(lang) ?? t('error.unknown');
  };
}

export function Alert({
  kind = 'info',
  children,
  title,
}: {
  kind?: 'info' | 'error' | 'success' | 'warning';
  children: ReactNode;
  title?: string;
}) {
  // Errors interrupt (role=alert); the rest is announced politely.
  return (
    <div className={`alert alert-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {title ? <strong className="alert-title">{title}</strong> : null}
      <div>{children}</div>
    </div>
  );
}

export function ErrorAlert({
  error,
  onRetry,
}: {
  error: ApiError | undefined;
  onRetry?: () => void;
}) {
  const { t } = useI18n();
  const text = useErrorText();
  if (!error) return null;
  return (
    <Alert kind="error">
      {text(error)}{' '}
      {onRetry ? (
        <button type="button" className="btn btn-link" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </Alert>
  );
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

export function StatusBadge({ status }: { status: TicketStatus }) {
  const { t } = useI18n();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function EscalationBadge({ escalation }: { escalation: Escalation }) {
  const { t } = useI18n();
  if (escalation === 'none') return null;
  return <span className={`badge esc-${escalation}`}>{t(`escalation.${escalation}`)}</span>;
}

export function UrgencyBadge({ urgency }: { urgency: string }) {
  const { t } = useI18n();
  if (urgency !== 'urgent' && urgency !== 'emergency') return null;
  return <span className={`badge urg-${urgency}`}>{t(`urgency.${urgency}`)}</span>;
}
