import type { DB } from '../../db/database.ts';
import { publish } from '../../realtime/events.ts';
import { callsRepository } from '../calls/calls.repository.ts';

/**
 * Tells the operator whose phone rings who is calling, with the caller's earlier tickets, on
 * their screen (`call.offered` to `user:<id>`, through every node's gateway).
 */
export async function publishCallOffered(
  db: DB,
  tenantId: string,
  o: {
    userId: string;
    callRecordId: string;
    caller: string;
    callerName?: string | null;
    queue: string;
  },
): Promise<void> {
  const earlier = /^\+?[0-9]{6,15}$/.test(o.caller)
    ? await callsRepository.ticketsOfPhone(db, tenantId, o.caller)
    : [];
  await publish(db, 'call.offered', [`user:${o.userId}`], {
    callId: o.callRecordId,
    caller: o.caller,
    callerName: o.callerName ?? null,
    queue: o.queue,
    earlierTickets: earlier.map((t) => ({
      id: t.id,
      code: t.code,
      subject: t.subject,
      status: t.status,
      createdAt: t.created_at.toISOString(),
    })),
  });
}
