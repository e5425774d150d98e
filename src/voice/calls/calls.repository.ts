import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { CallRecordRow } from '../../db/schema.ts';
import type { CallListQuery } from '../../contract/calls.ts';
import type { CallRecord, LiveCall } from '../service.ts';
import { transferRepository } from '../transfer/transfer.repository.ts';

/** The call log's filters and page. */
export type ListFilters = CallListQuery;

/** No call lasts a day: an unfinished record this old was left by a node that died. */
const STALE_CALL_MS = 24 * 3600_000;

/** How binding a call to a ticket went: done now, done before (a retry), or another's. */
export type BindResult = 'bound' | 'already' | 'taken';

/** What the timeline line of a binding records of who bound it. */
export interface BindEvent {
  actorId: string | null;
  actorRole: string;
  at: Date;
  data: Record<string, unknown>;
}

/**
 * Every SQL statement about call records: the log telephony writes, the API's list, and the
 * binding of a call to a ticket (one ticket per call, with its line on the ticket's timeline).
 */
export const callsRepository = {
  /**
   * Writes the record of a call that has just arrived (outcome `in-progress`), so the call
   * can be bound to a ticket while it lasts. A second call of it changes nothing.
   */
  async start(q: Q, tenantId: string, r: LiveCall, node: string): Promise<void> {
    await q
      .insertInto('call_record')
      .values({
        id: r.id,
        tenant_id: tenantId,
        sip_call_id: r.sipCallId,
        caller: r.caller,
        caller_name: r.callerName,
        called: r.called,
        started_at: r.startedAt,
        ended_at: null,
        wait_ms: 0,
        talk_ms: 0,
        outcome: 'in-progress',
        node,
      })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  },

  /**
   * Stores a finished call: completes the row written when it arrived (or writes it whole if
   * that write never happened). A retry of a finished call changes nothing; the ticket the
   * call was bound to meanwhile stays bound.
   */
  async insert(
    q: Q,
    tenantId: string,
    r: CallRecord,
    recordingFile: string | null,
    node: string | null = null,
  ): Promise<void> {
    const ended = {
      caller_name: r.callerName,
      answered_at: r.answeredAt,
      ended_at: r.endedAt,
      wait_ms: Math.round(r.waitSeconds * 1000),
      talk_ms: Math.round(r.talkSeconds * 1000),
      digits: r.digits,
      ivr_path: r.ivrPath,
      queue: r.queue,
      agent_id: r.agentId,
      queue_wait_ms: r.queueWaitSeconds === null ? null : Math.round(r.queueWaitSeconds * 1000),
      transfer_to: r.transferTo,
      recording_channels: r.recordingChannels,
      outcome: r.outcome,
      end_reason: r.endReason,
      recording_file: recordingFile,
      recording_ms: r.recordingSeconds === null ? null : Math.round(r.recordingSeconds * 1000),
      codec: r.media?.codec ?? null,
      media: r.media
        ? JSON.stringify({
            packetsReceived: r.media.packetsReceived,
            packetsSent: r.media.packetsSent,
            packetsLost: r.media.packetsLost,
            jitterMs: Math.round(r.media.jitterMs * 10) / 10,
            dtmf: r.media.dtmf,
          })
        : null,
    };
    await q
      .insertInto('call_record')
      .values({
        id: r.id,
        tenant_id: tenantId,
        sip_call_id: r.sipCallId,
        caller: r.caller,
        called: r.called,
        started_at: r.startedAt,
        node,
        ...ended,
      })
      .onConflict((oc) =>
        oc
          .column('id')
          .doUpdateSet(ended)
          .where('call_record.outcome', '=', 'in-progress')
          .where('call_record.tenant_id', '=', tenantId),
      )
      .execute();
  },

  /**
   * Closes the calls a node left unfinished (it stopped without hanging them up: a crash or
   * a kill): they end now as `interrupted`. Run by the node itself when it starts; calls
   * older than a day, whatever their node, are closed too (a node that never came back).
   */
  async interruptNode(q: Q, node: string, now: Date): Promise<number> {
    const r = await q
      .updateTable('call_record')
      .set((eb) => ({
        outcome: 'interrupted',
        ended_at: sql<Date>`greatest(${now}::timestamptz, ${eb.ref('started_at')})`,
        end_reason: 'node-restarted',
      }))
      .where('outcome', '=', 'in-progress')
      .where((eb) =>
        eb.or([
          eb('node', '=', node),
          eb('started_at', '<', new Date(now.getTime() - STALE_CALL_MS)),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async list(
    q: Q,
    tenantId: string,
    f: ListFilters,
  ): Promise<{ total: number; items: CallRecordRow[] }> {
    let s = q.selectFrom('call_record').where('tenant_id', '=', tenantId);
    if (f.from) s = s.where('started_at', '>=', new Date(f.from));
    if (f.to) s = s.where('started_at', '<', new Date(f.to));
    if (f.caller) s = s.where('caller', '=', f.caller);
    if (f.outcome) s = s.where('outcome', '=', f.outcome);
    if (f.ticketId) s = s.where('ticket_id', '=', f.ticketId);
    const [items, count] = await Promise.all([
      s
        .selectAll()
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      s.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { total: Number(count.n), items };
  },

  get(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('call_record')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** The agency currently holding a ticket (for agency staff's access to its call). */
  ticketAgency(q: Q, tenantId: string, ticketId: string) {
    return q
      .selectFrom('ticket')
      .select(['agency_id', 'subunit_id', 'status', 'code', 'confidential'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', ticketId)
      .executeTakeFirst();
  },

  /**
   * Ended calls that left a voicemail or asked to be called back and have no ticket yet,
   * oldest first, with their queue's name: the work the overflow sweeper turns into tickets.
   */
  overflowWithoutTicket(q: Q, since: Date, limit: number) {
    return q
      .selectFrom('call_record as c')
      .leftJoin('call_queue as q', (j) =>
        j.onRef('q.tenant_id', '=', 'c.tenant_id').onRef('q.code', '=', 'c.queue'),
      )
      .select([
        'c.id',
        'c.tenant_id',
        'c.caller',
        'c.caller_name',
        'c.outcome',
        'c.started_at',
        'c.recording_ms',
        'c.queue',
        'q.name as queue_name',
      ])
      .where('c.outcome', 'in', ['voicemail', 'callback'])
      .where('c.ticket_id', 'is', null)
      .where('c.ended_at', 'is not', null)
      .where('c.started_at', '>=', since)
      .orderBy('c.started_at')
      .limit(limit)
      .execute();
  },

  /**
   * Binds when still unbound (and writes the timeline line); `already` when this ticket has it
   * (a retry: no second line), `taken` when another ticket has it. In a transaction.
   */
  async bind(
    trx: Q,
    tenantId: string,
    callId: string,
    ticketId: string,
    event: BindEvent,
  ): Promise<BindResult> {
    // Only an unbound row is updated: a concurrent binder waits for the row lock, then finds
    // it bound and writes no second line.
    const r = await trx
      .updateTable('call_record')
      .set({ ticket_id: ticketId })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', callId)
      .where('ticket_id', 'is', null)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) {
      const now = await trx
        .selectFrom('call_record')
        .select('ticket_id')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', callId)
        .executeTakeFirst();
      return now?.ticket_id === ticketId ? 'already' : 'taken';
    }
    const t = await trx
      .selectFrom('ticket')
      .select('status')
      .where('id', '=', ticketId)
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('ticket_event')
      .values({
        ticket_id: ticketId,
        tenant_id: tenantId,
        action: 'call_bound',
        from_status: t.status,
        to_status: t.status,
        actor_id: event.actorId,
        actor_role: event.actorRole,
        agency_id: null,
        note: null,
        data: JSON.stringify({ callId, ...event.data }),
        at: event.at,
      })
      .execute();
    // Transfers happened while the call was live, before it could be bound: their lines now.
    await transferRepository.insertTransferEvents(trx, tenantId, ticketId, callId);
    return 'bound';
  },

  /** The caller's earlier tickets (newest first), for the operator's screen when it rings. */
  ticketsOfPhone(q: Q, tenantId: string, phone: string, limit = 5) {
    return q
      .selectFrom('ticket')
      .select(['id', 'code', 'subject', 'status', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .where('citizen_phone', '=', phone)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  },
};
