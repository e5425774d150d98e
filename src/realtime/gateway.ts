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

/**
 * Fans PostgreSQL notifications out to this node's WebSocket clients by room. One LISTEN
 * connection per node; no polling.
 */
export class Gateway {
  private readonly rooms = new Map<string, Set<WebSocket>>();
  private client: pg.Client | undefined;

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

  join(ws: WebSocket, rooms: Room[]) {
    for (const r of rooms) {
      let set = this.rooms.get(r);
      if (!set) this.rooms.set(r, (set = new Set()));
      set.add(ws);
    }
    ws.on('close', () => {
      for (const r of rooms) {
        const set = this.rooms.get(r);
        set?.delete(ws);
        if (set?.size === 0) this.rooms.delete(r);
      }
    });
  }

  async stop() {
    await this.client?.end().catch(() => undefined);
  }
}
