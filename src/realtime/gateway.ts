import pg from 'pg';
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import { EVENTS_CHANNEL } from './events.ts';
import type { Envelope, Room } from '../contract/events.ts';
import type { Actor } from '../modules/auth/actor.ts';

/** The rooms a signed-in user listens to. Agency staff never join the tenant-wide room. */
export function roomsFor(actor: Actor): Room[] {
  const rooms: Room[] = [`user:${actor.userId}`, `all:${actor.tenantId}`];
  if (actor.role === 'focal_point' || actor.role === 'agency_head') {
    if (actor.agencyId) rooms.push(`agency:${actor.agencyId}`);
  } else {
    rooms.push(`tenant:${actor.tenantId}`);
  }
  if (actor.role === 'operator' || actor.role === 'supervisor')
    rooms.push(`chatdesk:${actor.tenantId}`);
  return rooms;
}

/** Whether the session or token a socket joined with still holds (not ended, expired, idle). */
export type StillValid = () => Promise<boolean>;

/** How often open sockets' sessions and tokens are checked again (issue #12). */
export const RECHECK_MS = 60_000;

/**
 * Fans PostgreSQL notifications out to this node's WebSocket clients by room. One LISTEN
 * connection per node; no polling of events. Once a minute each socket's session or token
 * is checked again: a socket whose session ended (sign-out, password change, sign out
 * everywhere, deactivation, a role or agency change) or expired (idle or absolute timeout),
 * or whose token was revoked, is closed with 4401 — events carry callers' numbers and
 * chat messages, so a revoked credential must stop hearing them.
 */
export class Gateway {
  private readonly rooms = new Map<string, Set<WebSocket>>();
  private readonly checks = new Map<WebSocket, StillValid>();
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly dbUrl: string,
    private readonly log: Logger,
  ) {}

  async start() {
    this.client = new pg.Client({ connectionString: this.dbUrl });
    this.client.on('error', (err) => this.log.warn({ err }, 'event listener error'));
    this.client.on('notification', (msg) => {
      if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
      try {
        this.dispatch(JSON.parse(msg.payload) as Envelope);
      } catch (err) {
        this.log.warn({ err }, 'bad event payload');
      }
    });
    await this.client.connect();
    await this.client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.timer = setInterval(() => void this.recheck(), RECHECK_MS);
    this.timer.unref();
  }

  /** Closes the sockets whose credentials no longer hold; returns how many. */
  async recheck(): Promise<number> {
    let closed = 0;
    for (const [ws, stillValid] of [...this.checks]) {
      // A failed check (the database unreachable for a moment) closes nobody.
      const ok = await stillValid().catch(() => true);
      if (ok || !this.checks.has(ws)) continue;
      this.checks.delete(ws);
      ws.close(4401, 'unauthenticated');
      closed++;
    }
    return closed;
  }

  private dispatch(e: Envelope) {
    const sent = new Set<WebSocket>();
    const text = JSON.stringify({ type: e.type, data: e.data });
    for (const room of e.rooms) {
      for (const ws of this.rooms.get(room) ?? []) {
        if (sent.has(ws)) continue;
        sent.add(ws);
        ws.send(text);
      }
    }
  }

  join(ws: WebSocket, rooms: Room[], stillValid?: StillValid) {
    if (stillValid) this.checks.set(ws, stillValid);
    for (const r of rooms) {
      let set = this.rooms.get(r);
      if (!set) this.rooms.set(r, (set = new Set()));
      set.add(ws);
    }
    ws.on('close', () => {
      this.checks.delete(ws);
      for (const r of rooms) {
        const set = this.rooms.get(r);
        set?.delete(ws);
        if (set?.size === 0) this.rooms.delete(r);
      }
    });
  }

  async stop() {
    clearInterval(this.timer);
    await this.client?.end().catch(() => undefined);
  }
}
