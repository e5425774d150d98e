import { useEffect } from 'react';
import { I18nProvider, useI18n } from '../i18n/react.tsx';
import { LiveProvider } from '../api/hooks.tsx';
import { Loading } from '../ui/feedback.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { Login } from './Login.tsx';
import { Shell } from './Shell.tsx';
import { navigate, useLocation } from './router.tsx';
import { homeFor, matchPath, navFor, NAV, PATHS } from './routes.ts';
import { Page } from './Page.tsx';
import { NotificationsPage } from './Notifications.tsx';
import { Inbox } from '../surfaces/operator/Inbox.tsx';
import { NewTicket } from '../surfaces/operator/NewTicket.tsx';
import { AgencyQueue } from '../surfaces/agency/Queue.tsx';
import { TicketView } from '../surfaces/ticket/TicketView.tsx';
import type { Me } from '../api/types.ts';

export function App() {
  return (
    <I18nProvider>
      <SessionProvider>
        <Gate />
      </SessionProvider>
    </I18nProvider>
  );
}

/** Sign-in gate: any URL opens after signing in, so links in notifications work. */
function Gate() {
  const { state } = useSession();
  if (state.status === 'loading')
    return (
      <main id="main" className="login">
        <Loading />
      </main>
    );
  if (state.status === 'anonymous') return <Login />;
  return (
    // A new live connection per user: rooms are chosen by the server from the session.
    <LiveProvider key={state.user.id}>
      <Shell>
        <Screen user={state.user} />
      </Shell>
    </LiveProvider>
  );
}

function Screen({ user }: { user: Me }) {
  const { path } = useLocation();
  const home = homeFor(user.role);
  const redirect = path === PATHS.home || path === PATHS.login;
  useEffect(() => {
    if (redirect) navigate(home, { replace: true });
  }, [redirect, home]);
  if (redirect) return null;

  // A screen in the navigation that this role may not open looks like any unknown page.
  const known = NAV.find((n) => n.path === path);
  if (known && !navFor(user.role).includes(known)) return <NotFound />;

  switch (path) {
    case PATHS.inbox:
      return <Inbox />;
    case PATHS.newTicket:
      return <NewTicket />;
    case PATHS.agency:
      return <AgencyQueue />;
    case PATHS.notifications:
      return <NotificationsPage />;
  }
  const ticket = matchPath(PATHS.ticket, path);
  if (ticket?.id) return <TicketView key={ticket.id} id={ticket.id} />;
  return <NotFound />;
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <Page title={t('notFound.title')}>
      <p>{t('notFound.body')}</p>
    </Page>
  );
}
