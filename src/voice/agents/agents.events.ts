import type { DB } from '../../db/database.ts';
import type { ServerEvents } from '../../contract/events.ts';
import { publish } from '../../realtime/events.ts';

/**
 * Tells the hotline (the operator's own screen and the supervisors' wallboard, every node)
 * that an operator's call state moved. Sent after the change is committed.
 */
export async function publishAgentState(
  db: DB,
  tenantId: string,
  c: ServerEvents['agent.state'],
): Promise<void> {
  await publish(db, 'agent.state', [`tenant:${tenantId}`], c);
}

/** A caller joined or left a queue (the hotline's wallboard keeps its waiting list). */
export async function publishQueueChange(
  db: DB,
  tenantId: string,
  e: ServerEvents['call.queue'],
): Promise<void> {
  await publish(db, 'call.queue', [`tenant:${tenantId}`], e);
}
