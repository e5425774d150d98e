import { lazy, Suspense, useEffect } from 'react';
import { I18nProvider, useI18n } from '../i18n/react.tsx';
import { LiveProvider } from '../api/hooks.tsx';
import { Loading } from '../ui/feedback.tsx';
import { SessionProvider, useSession } from './session.tsx';
import { Login } from './Login.tsx';
import { Shell } from './Shell.tsx';
import { navigate, useLocation } from './router.tsx';
import { adminSectionOf, homeFor, matchPath, mayOpen, PATHS } from './routes.ts';
import { Page } from './Page.tsx';
import { NotificationsPage } from './Notifications.tsx';
import { Inbox } from '../surfaces/operator/Inbox.tsx';
import { NewTicket } from '../surfaces/operator/NewTicket.tsx';
import { AgencyQueue } from '../surfaces/agency/Queue.tsx';
import { TicketView } from '../surfaces/ticket/TicketView.tsx';
import type { Me } from '../../../src/contract/auth.ts';

// Screens few users open are separate chunks: an operator's first load never carries them.
const AdminArea = lazy(() => import('../surfaces/admin/AdminArea.tsx'));
const CoordinatorView = lazy(() => import('../surfaces/oversight/Coordinator.tsx'));
const SupervisorView = lazy(() => import('../surfaces/oversight/Supervisor.tsx'));
const PublicationDesk = lazy(() => import('../surfaces/publication/PublicationDesk.tsx'));
const ChatDesk = lazy(() => import('../surfaces/chat/ChatDesk.tsx'));
const CallLog = lazy(() => import('../surfaces/phone/CallLog.tsx'));
const Account = lazy(() => import('../surfaces/account/Account.tsx'));

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
  if (!mayOpen(user.role, path)) return <NotFound />;

  const section = adminSectionOf(path);
  if (section !== undefined) {
    if (section === null) return <NotFound />;
    return (
      <Suspense fallback={<Loading />}>
        <AdminArea section={section} />
      </Suspense>
    );
  }

  switch (path) {
    case PATHS.coordinator:
      return (
        <Suspense fallback={<Loading />}>
          <CoordinatorView />
        </Suspense>
      );
    case PATHS.calls:
      return (
        <Suspense fallback={<Loading />}>
          <CallLog />
        </Suspense>
      );
    case PATHS.supervisor:
      return (
        <Suspense fallback={<Loading />}>
          <SupervisorView />
        </Suspense>
      );
    case PATHS.publications:
      return (
        <Suspense fallback={<Loading />}>
          <PublicationDesk />
        </Suspense>
      );
    case PATHS.chat:
      return (
        <Suspense fallback={<Loading />}>
          <ChatDesk />
        </Suspense>
      );
    case PATHS.account:
      return (
        <Suspense fallback={<Loading />}>
          <Account />
        </Suspense>
      );
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
