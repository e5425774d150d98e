/** Who is signed in. The CSRF token travels with the session and is handed to the client. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import { clearCache } from '../api/hooks.tsx';
import type { Me, Session } from '../../../src/contract/auth.ts';

type State = { status: 'loading' } | { status: 'anonymous' } | { status: 'signed-in'; user: Me };

interface SessionApi {
  state: State;
  signedIn: (s: Session) => void;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: 'loading' });

  const signedIn = useCallback((s: Session) => {
    setCsrfToken(s.csrfToken);
    setState({ status: 'signed-in', user: s.user });
  }, []);

  const dropped = useCallback(() => {
    setCsrfToken(null);
    clearCache();
    setState({ status: 'anonymous' });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(dropped);
    api.session().then(
      (s) => (s.user ? signedIn({ user: s.user, csrfToken: s.csrfToken }) : dropped()),
      () => setState({ status: 'anonymous' }),
    );
    return () => setUnauthenticatedHandler(null);
  }, [signedIn, dropped]);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      dropped();
    }
  }, [dropped]);

  const value = useMemo(() => ({ state, signedIn, signOut }), [state, signedIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in user; only used below the sign-in gate. */
export function useUser(): Me {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('no user');
  return state.user;
}
