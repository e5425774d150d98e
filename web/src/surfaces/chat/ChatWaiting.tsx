import { useI18n } from '../../i18n/react.tsx';
import { Link } from '../../app/router.tsx';
import { PATHS } from '../../app/routes.ts';
import { useLiveEvent, useResource, useResync } from '../../api/hooks.tsx';
import { chatApi } from './api.ts';

/** For the operator console: how many chats wait, live, linking to the desk. */
export function ChatWaiting() {
  const { t } = useI18n();
  const queue = useResource(() => chatApi.list(['waiting']), 'chat-waiting');
  useLiveEvent('chat.updated', () => queue.reload());
  useResync(() => queue.reload());
  const n = queue.data?.length ?? 0;
  return (
    <p className="page-note">
      <Link to={PATHS.chat} aria-keyshortcuts="Alt+H">
        {t('chat.waitingLink', { n })}
      </Link>
    </p>
  );
}
