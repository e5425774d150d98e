/**
 * Live events over the WebSocket at /api/v1/ws, typed by the server's own event map. One
 * connection per tab; reconnects with backoff; after a reconnect, `onResync` listeners refetch
 * what they show, since events sent while disconnected are not replayed. No polling.
 */
import type { ServerEvents, ServerEventType } from '../../../src/contract/events.ts';
import { backoffDelay } from './backoff.ts';
import { API_BASE } from './client.ts';

export type { ServerEvents, ServerEventType };
export type LiveStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

type Wire = { type: ServerEventType | 'hello'; data: unknown };
type Listener = (data: never) => void;

/** Close code the server uses for a socket without a session. */
const UNAUTHENTICATED = 4401;

export class LiveClient {
  private ws: WebSocket | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly statusListeners = new Set<(s: LiveStatus) => void>();
  private readonly resyncListeners = new Set<() => void>();
  private attempt = 0;
  private everOpened = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = true;
  status: LiveStatus = 'closed';

  constructor(private readonly url: string = defaultUrl()) {}

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    window.addEventListener('online', this.reconnectNow);
    this.connect();
  }

  stop() {
    this.stopped = true;
    window.removeEventListener('online', this.reconnectNow);
    clearTimeout(this.timer);
    this.ws?.close(1000);
    this.ws = null;
    this.setStatus('closed');
  }

  /** Subscribes to one event type; returns the unsubscribe function. */
  on<K extends ServerEventType>(type: K, fn: (data: ServerEvents[K]) => void): () => void {
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(fn as Listener);
    return () => set.delete(fn as Listener);
  }

  onStatus(fn: (s: LiveStatus) => void): () => void {
    this.statusListeners.add(fn);
    return () => this.statusListeners.delete(fn);
  }

  /** Called after every reconnect: refetch, events may have been missed meanwhile. */
  onResync(fn: () => void): () => void {
    this.resyncListeners.add(fn);
    return () => this.resyncListeners.delete(fn);
  }

  private readonly reconnectNow = () => {
    if (this.stopped || this.status === 'open') return;
    clearTimeout(this.timer);
    this.attempt = 0;
    this.connect();
  };

  private setStatus(s: LiveStatus) {
    if (this.status === s) return;
    this.status = s;
    for (const fn of this.statusListeners) fn(s);
  }

  private connect() {
    this.setStatus(this.everOpened ? 'reconnecting' : 'connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setStatus('open');
      if (this.everOpened) for (const fn of this.resyncListeners) fn();
      this.everOpened = true;
    };
    ws.onmessage = (ev: MessageEvent<string>) => {
      let msg: Wire;
      try {
        msg = JSON.parse(ev.data) as Wire;
      } catch {
        return;
      }
      for (const fn of this.listeners.get(msg.type) ?? []) (fn as (d: unknown) => void)(msg.data);
    };
    ws.onclose = (ev: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      if (this.stopped) return;
      if (ev.code === UNAUTHENTICATED) {
        // The session is gone; the app returns to the sign-in screen.
        this.stopped = true;
        this.setStatus('closed');
        return;
      }
      this.setStatus('reconnecting');
      this.timer = setTimeout(() => this.connect(), backoffDelay(this.attempt++));
    };
  }
}

function defaultUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${API_BASE}/ws`;
}
