import { api } from '../api/client.ts';
import { useLiveEvent, useResource, useResync, type Resource } from '../api/hooks.tsx';
import type { Notification } from '../../../src/contract/notification.ts';
import { useI18n } from '../i18n/react.tsx';
import { formatDateTime } from '../i18n/format.ts';
import { ErrorAlert, Loading } from '../ui/feedback.tsx';
import { Page } from './Page.tsx';
import { Link, navigate } from './router.tsx';
import { PATHS, ticketPath } from './routes.ts';

/** The user's in-app notifications, reloaded when the `notification` live event arrives. */
export function useNotifications(): Resource<Notification[]> {
  const r = useResource(api.notifications, 'notifications');
  useLiveEvent('notification', r.reload);
  useResync(r.reload);
  return r;
}

export function NotificationList({
  resource,
  limit,
  onOpen,
}: {
  resource: Resource<Notification[]>;
  limit?: number;
  onOpen?: () => void;
}) {
  const { t, lang } = useI18n();
  if (resource.error) return <ErrorAlert error={resource.error} onRetry={resource.reload} />;
  if (!resource.data) return <Loading />;
  const items = limit ? resource.data.slice(0, limit) : resource.data;
  if (items.length === 0) return <p className="muted">{t('notifications.empty')}</p>;

  async function open(n: Notification) {
    onOpen?.();
    if (!n.readAt) {
      await api.markRead(n.id).catch(() => undefined);
      resource.reload();
    }
    if (n.ticketId) navigate(ticketPath(n.ticketId));
  }

  return (
    <>
      <ul className="notif-list">
        {items.map((n) => (
          <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
            <button type="button" className="notif-item" onClick={() => void open(n)}>
              <span className="notif-title">
                {n.readAt ? null : <span className="sr-only">{t('notifications.new')}</span>}
                {n.title}
              </span>
              <span className="notif-time">{formatDateTime(n.createdAt, lang)}</span>
            </button>
          </li>
        ))}
      </ul>
      {limit ? (
        <p>
          <Link to={PATHS.notifications} onClick={onOpen}>
            {t('notifications.all')}
          </Link>
        </p>
      ) : null}
    </>
  );
}

export function NotificationsPage() {
  const { t } = useI18n();
  const n = useNotifications();
  return (
    <Page title={t('notifications.title')}>
      <NotificationList resource={n} />
    </Page>
  );
}
