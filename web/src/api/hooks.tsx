/**
 * React glue for the API: one live connection per signed-in tab, data that loads once and
 * reloads on the events that concern it, and reference data cached for the session.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import type { ReactNode } from 'react';
import { LiveClient, type LiveStatus, type ServerEvents, type ServerEventType } from './live.ts';
import { ApiError } from './client.ts';

const LiveContext = createContext<LiveClient | null>(null);

export function LiveProvider({ children }: { children: ReactNode }) {
  const [client] = useState(() => new LiveClient());
  useEffect(() => {
    client.start();
    return () => client.stop();
  }, [client]);
  return <LiveContext.Provider value={client}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveClient {
  const c = useContext(LiveContext);
  if (!c) throw new Error('useLive outside LiveProvider');
  return c;
}

export function useLiveStatus(): LiveStatus {
  const live = useLive();
  return useSyncExternalStore(
    (cb) => live.onStatus(cb),
    () => live.status,
  );
}

/** Runs `handler` on each event of `type`; the latest handler is used without resubscribing. */
export function useLiveEvent<K extends ServerEventType>(
  type: K,
  handler: (data: ServerEvents[K]) => void,
) {
  const live = useLive();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => live.on(type, (d) => ref.current(d)), [live, type]);
}

/** Runs `handler` after each reconnect of the live connection. */
export function useResync(handler: () => void) {
  const live = useLive();
  const ref = useRef(handler);
  useEffect(() => {
    ref.current = handler;
  });
  useEffect(() => live.onResync(() => ref.current()), [live]);
}

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  /** Refetches; calls made while a fetch runs collapse into one more fetch after it. */
  reload: () => void;
}

/**
 * Loads `load()` now and on `reload()`. Overlapping reloads coalesce: at most one request in
 * flight and one queued, so a burst of live events costs two requests, not fifty. A reload
 * keeps showing the previous data until the new data arrives (no flicker on live updates).
 */
export function useResource<T>(load: () => Promise<T>, key: string): Resource<T> {
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError }>({ key: '' });
  const loadRef = useRef(load);
  const ctl = useRef({ key, running: false, again: false, alive: true });
  useEffect(() => {
    loadRef.current = load;
  });

  const run = useCallback(function start() {
    const c = ctl.current;
    if (c.running) {
      c.again = true;
      return;
    }
    c.running = true;
    const forKey = c.key;
    const done = (next: { data?: T; error?: ApiError }) => {
      if (c.alive && c.key === forKey)
        setState((s) => ({
          key: forKey,
          data: next.data ?? (s.key === forKey ? s.data : undefined),
          error: next.error,
        }));
    };
    loadRef
      .current()
      .then(
        (data) => done({ data }),
        (err: unknown) => done({ error: toApiError(err) }),
      )
      .finally(() => {
        c.running = false;
        if (c.again && c.alive) {
          c.again = false;
          start();
        }
      });
  }, []);

  useEffect(() => {
    ctl.current = { key, running: false, again: false, alive: true };
    run();
    return () => {
      ctl.current.alive = false;
    };
  }, [key, run]);

  const current = state.key === key;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current || (state.data === undefined && state.error === undefined),
    reload: run,
  };
}

export function toApiError(err: unknown): ApiError {
  return err instanceof ApiError ? err : new ApiError(0, 'network', null, null, String(err));
}

/** Session-wide cache of rarely changing data (agencies, fields, rules, calendar). */
const cache = new Map<string, Promise<unknown>>();

export function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let p = cache.get(key) as Promise<T> | undefined;
  if (!p) {
    p = load();
    cache.set(key, p);
    // A failed load is retried next time rather than cached.
    p.catch(() => cache.delete(key));
  }
  return p;
}

export function clearCache() {
  cache.clear();
}

/** Forgets cached entries (after an administrator changed them): the next use loads again. */
export function invalidateCached(...keys: string[]) {
  for (const k of keys) cache.delete(k);
}

/** Cached reference data as a resource. */
export function useCached<T>(key: string, load: () => Promise<T>): Resource<T> {
  return useResource(() => cached(key, load), key);
}
