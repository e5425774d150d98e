import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { notifyRepository } from './notify.repository.ts';
import type { Envelope, Room, ServerEventType, ServerEvents } from '../contract/events.ts';

export const EVENTS_CHANNEL = 'open1022_events';
/** Wakes the outbox dispatchers (src/app/workers.ts LISTENs on it). */
export const OUTBOX_CHANNEL = 'open1022_outbox';

/**
 * Who hears of a change to a ticket: the whole hotline of its tenant, and every agency that
 * holds or held it (a transfer tells both sides).
 */
export function ticketRooms(tenantId: string, agencyIds: (string | null)[]): Room[] {
  const rooms: Room[] = [`tenant:${tenantId}`];
  for (const a of new Set(agencyIds)) if (a) rooms.push(`agency:${a}`);
  return rooms;
}

/**
 * Publishes through every node's gateway. Inside a transaction PostgreSQL delivers the NOTIFY
 * only at commit, so nobody hears of a change that rolled back; on the database itself (a
 * state that is not a row change, e.g. a phone ringing) it goes out at once.
 */
export async function publish<T extends ServerEventType>(
  trx: Kysely<Database>,
  type: T,
  rooms: Room[],
  data: ServerEvents[T],
) {
  await notifyRepository.notify(trx, EVENTS_CHANNEL, envelopeText(type, rooms, data));
}

/** The NOTIFY payload of an event, for statements that notify as part of a larger query. */
export function envelopeText<T extends ServerEventType>(
  type: T,
  rooms: Room[],
  data: ServerEvents[T],
): string {
  const envelope: Envelope<T> = { type, rooms, data };
  return JSON.stringify(envelope);
}
