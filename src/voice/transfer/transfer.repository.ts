import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { CallCommandKind } from '../../db/schema.ts';
import { publish } from '../../realtime/events.ts';
import type { ServerEvents } from '../../contract/events.ts';

/** Wakes the telephony nodes: a command waits for the node holding its call. */
export const CALL_COMMAND_CHANNEL = 'open1022_call_command';

export interface CommandResult {
  ok: boolean;
  /** An error code of `src/core/errors/codes.ts` when not ok. */
  code?: string;
  state?: string;
}

/**
 * A transfer's progress as call control reports it (the ACD's `TransferEvent`): what is sent
 * to the screens, plus who was on the call and when the attempt started and moved.
 */
export type TransferProgress = Omit<ServerEvents['call.transfer'], 'callId'> & {
  callRecordId: string;
  /** The operator on the call when the transfer started. */
  operatorId: string | null;
  startedAt: Date;
  at: Date;
};

/** A command for a live call, as the API writes it. */
export interface CommandIssue {
  tenantId: string;
  callId: string;
  kind: CallCommandKind;
  args: Record<string, unknown>;
  actorId: string;
  actorRole: string;
}

/**
 * Every SQL statement about live-call commands and transfer attempts. Each function takes the
 * database or the caller's transaction first.
 */
export const transferRepository = {
  /**
   * Housekeeping: commands written before `before`. A command lives seconds (the API waits
   * 5 s for its result); the transfer itself stays in `call_transfer` and the audit trail.
   */
  async purgeCommands(q: Q, before: Date): Promise<number> {
    const r = await q.deleteFrom('call_command').where('created_at', '<', before).execute();
    return Number(r[0]?.numDeletedRows ?? 0);
  },

  /**
   * Where the call with this record stands: `missing` (no such call in the tenant), `live`
   * (its record is still in progress) or `ended`. Calls have their record from the start.
   */
  async callState(q: Q, tenantId: string, callId: string): Promise<'missing' | 'live' | 'ended'> {
    const r = await q
      .selectFrom('call_record')
      .select('outcome')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', callId)
      .executeTakeFirst();
    if (!r) return 'missing';
    return r.outcome === 'in-progress' ? 'live' : 'ended';
  },

  /** Writes a command and wakes every telephony node (the NOTIFY goes out at commit). */
  async issue(q: Q, c: CommandIssue): Promise<string> {
    const row = await q
      .insertInto('call_command')
      .values({
        tenant_id: c.tenantId,
        call_id: c.callId,
        kind: c.kind,
        args: JSON.stringify(c.args),
        actor_id: c.actorId,
        actor_role: c.actorRole,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const payload = JSON.stringify({ id: row.id, callId: c.callId });
    await sql`SELECT pg_notify(${CALL_COMMAND_CHANNEL}, ${payload})`.execute(q);
    return row.id;
  },

  state(q: Q, id: string) {
    return q
      .selectFrom('call_command')
      .select(['state', 'result'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Nobody took it in time: it must not run later. True if it was still pending. */
  async expire(q: Q, id: string): Promise<boolean> {
    const r = await q
      .updateTable('call_command')
      .set({ state: 'failed', result: JSON.stringify({ ok: false, code: 'call_not_live' }) })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  /** The node holding the call takes the command (once: other nodes find it taken). */
  take(q: Q, id: string) {
    return q
      .updateTable('call_command')
      .set({ state: 'taken' })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .returning(['id', 'tenant_id', 'call_id', 'kind', 'args', 'actor_id', 'actor_role'])
      .executeTakeFirst();
  },

  async done(q: Q, id: string, result: CommandResult, at: Date): Promise<void> {
    await q
      .updateTable('call_command')
      .set({ state: result.ok ? 'done' : 'failed', result: JSON.stringify(result), done_at: at })
      .where('id', '=', id)
      .execute();
  },

  /**
   * A transfer's progress: the final states are stored (and written on the ticket's timeline
   * if the call is already bound to one); every state goes to the screens of the operator
   * and of whoever asked. In a transaction.
   */
  async record(trx: Q, tenantId: string, e: TransferProgress): Promise<void> {
    const final = e.state === 'completed' || e.state === 'failed' || e.state === 'cancelled';
    const data: ServerEvents['call.transfer'] = {
      callId: e.callRecordId,
      target: e.target,
      mode: e.mode,
      via: e.via,
      state: e.state,
      sipStatus: e.sipStatus,
      byUserId: e.byUserId,
    };
    const rooms = [
      ...new Set([e.operatorId, e.byUserId].filter((u): u is string => u !== null)),
    ].map((u) => `user:${u}` as const);
    if (final) {
      await trx
        .insertInto('call_transfer')
        .values({
          tenant_id: tenantId,
          call_id: e.callRecordId,
          target: e.target,
          mode: e.mode,
          via: e.via,
          by_user_id: e.byUserId,
          result: e.state as 'completed' | 'failed' | 'cancelled',
          sip_status: e.sipStatus,
          started_at: e.startedAt,
          ended_at: e.at,
        })
        .execute();
      const bound = await trx
        .selectFrom('call_record')
        .select('ticket_id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', e.callRecordId)
        .executeTakeFirst();
      if (bound?.ticket_id)
        await transferRepository.insertTransferEvents(
          trx,
          tenantId,
          bound.ticket_id,
          e.callRecordId,
        );
    }
    if (rooms.length) await publish(trx, 'call.transfer', rooms, data);
  },

  /**
   * The `call_transferred` lines of a ticket's timeline for the transfers of a call: written
   * when a call is bound to a ticket (its transfers happened before, while it was live), or
   * when a transfer of a call already bound ends. One line per attempt, never twice.
   */
  async insertTransferEvents(
    trx: Q,
    tenantId: string,
    ticketId: string,
    callId: string,
  ): Promise<void> {
    const transfers = await trx
      .selectFrom('call_transfer as x')
      .leftJoin('app_user as u', 'u.id', 'x.by_user_id')
      .selectAll('x')
      .select('u.role as by_role')
      .where('x.tenant_id', '=', tenantId)
      .where('x.call_id', '=', callId)
      .orderBy('x.started_at')
      .execute();
    if (!transfers.length) return;
    const seen = await trx
      .selectFrom('ticket_event')
      .select(sql<string>`data->>'transferId'`.as('tid'))
      .where('ticket_id', '=', ticketId)
      .where('action', '=', 'call_transferred')
      .execute();
    const have = new Set(seen.map((r) => r.tid));
    const t = await trx
      .selectFrom('ticket')
      .select('status')
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    for (const x of transfers) {
      if (have.has(x.id)) continue;
      await trx
        .insertInto('ticket_event')
        .values({
          ticket_id: ticketId,
          tenant_id: tenantId,
          action: 'call_transferred',
          from_status: t.status,
          to_status: t.status,
          actor_id: x.by_user_id,
          actor_role: x.by_role ?? null,
          agency_id: null,
          note: null,
          data: JSON.stringify({
            transferId: x.id,
            callId,
            target: x.target,
            mode: x.mode,
            via: x.via,
            result: x.result,
            sipStatus: x.sip_status,
          }),
          at: x.ended_at,
        })
        .execute();
    }
  },
};
