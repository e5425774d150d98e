import { useEffect, useId, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/react.tsx';
import { useLiveStatus } from '../api/hooks.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Link, navigate, useLocation } from './router.tsx';
import { navFor, PATHS } from './routes.ts';
import { can } from '../../../src/contract/access.ts';
import { useSession, useUser } from './session.tsx';
import { CallPop } from '../surfaces/operator/CallPop.tsx';
import { AgentBar } from '../surfaces/phone/AgentBar.tsx';
import { NotificationList, useNotifications } from './Notifications.tsx';

/** Header (who, role, language, live state, notifications), role-based navigation, content. */
export function Shell({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const user = useUser();
  const { signOut } = useSession();
  const { path } = useLocation();
  const items = navFor(user.role);

  // Alt+key shortcuts of the navigation (Alt+N: new ticket, Alt+I: inbox/queue, Alt+A: admin…).
  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const key = e.code.startsWith('Key') ? e.code.slice(3).toLowerCase() : '';
      const item = items.find((n) => n.shortcut === key);
      if (!item) return;
      e.preventDefault();
      navigate(item.path);
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('shell.skip')}
      </a>
      <header className="topbar">
        <Link to={PATHS.home} className="brand" aria-label={t('app.name')}>
          {/* On a phone the header's tools leave room for the number alone, not a cut name. */}
          <span className="brand-long">{t('app.name')}</span>
          <span className="brand-short" aria-hidden="true">
            {t('app.shortName')}
          </span>
        </Link>
        <nav aria-label={t('shell.nav')} className="mainnav">
          <ul>
            {items.map((n) => (
              <li key={n.path}>
                <Link
                  to={n.path}
                  aria-current={
                    path === n.path || (n.prefix && path.startsWith(`${n.path}/`))
                      ? 'page'
                      : undefined
                  }
                  aria-keyshortcuts={n.shortcut ? `Alt+${n.shortcut.toUpperCase()}` : undefined}
                >
                  {t(n.label)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-tools">
          {can(user.role, 'agent.state') ? <AgentBar /> : null}
          <LiveIndicator />
          <NotificationsButton />
          <LanguageSwitch />
          <Link
            to={PATHS.account}
            className="who"
            title={t('account.link')}
            aria-current={path === PATHS.account ? 'page' : undefined}
          >
            <span className="who-name">{user.displayName}</span>
            <span className="who-role">{t(roleKey(user.role))}</span>
          </Link>
          <button type="button" className="btn btn-ghost btn-small" onClick={() => void signOut()}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      {can(user.role, 'agent.state') ? <CallPop /> : null}
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function roleKey(role: string) {
  switch (role) {
    case 'operator':
    case 'supervisor':
    case 'focal_point':
    case 'agency_head':
    case 'coordinator':
    case 'leader':
    case 'admin':
      return `role.${role}` as const;
    default:
      return 'role.unknown' as const;
  }
}

function LiveIndicator() {
  const { t } = useI18n();
  const status = useLiveStatus();
  const label =
    status === 'open'
      ? t('live.open')
      : status === 'closed'
        ? t('live.closed')
        : status === 'connecting'
          ? t('live.connecting')
          : t('live.reconnecting');
  return (
    <span className={`live live-${status}`} role="status" data-live={status}>
      <span className="live-dot" aria-hidden="true" />
      <span className="live-text">{label}</span>
    </span>
  );
}

function NotificationsButton() {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const n = useNotifications();
  const unread = (n.data ?? []).filter((x) => !x.readAt).length;

  useEffect(() => {
    if (!open) return;
    function onDown(e: MouseEvent) {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setOpen(false);
    }
    function onKey(e: KeyboardEvent) {
      if (e.key === 'Escape') setOpen(false);
    }
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  return (
    <div className="notif" ref={wrap}>
      <button
        type="button"
        className="btn btn-ghost btn-small notif-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <svg className="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3a1.5 1.5 0 0 0-3 0v1.16A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        <span className="notif-label">{t('notifications.button')}</span>
        {unread > 0 ? (
          <span className="count" aria-label={t('notifications.unread', { n: unread })}>
            {unread}
          </span>
        ) : null}
      </button>
      <div id={panelId} className="notif-panel" hidden={!open}>
        <NotificationList resource={n} limit={10} onOpen={() => setOpen(false)} />
      </div>
    </div>
  );
}
