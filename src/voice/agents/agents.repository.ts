import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { AgentStateName, Database } from '../../db/schema.ts';
import type { Binding, RegisterPlan } from '../sip/registrar.ts';

export interface SipAccount {
  userId: string;
  username: string;
  realm: string;
  ha1Md5: string;
  ha1Sha256: string;
}

export interface QueueConfig {
  code: string;
  name: string;
  fieldId: string | null;
  maxWaitSeconds: number;
  announceSeconds: number;
  ringSeconds: number;
  wrapUpSeconds: number;
  overflow: 'voicemail' | 'callback';
}

/** A queue nobody has configured yet still works, with these settings. */
export const DEFAULT_QUEUE: Omit<QueueConfig, 'code' | 'name'> = {
  fieldId: null,
  maxWaitSeconds: 180,
  announceSeconds: 30,
  ringSeconds: 20,
  wrapUpSeconds: 30,
  overflow: 'voicemail',
};

/** Every SQL statement about operators' phones, their states and the queues. */
export class AgentsRepository {
  constructor(private readonly db: DB) {}

  // --- SIP accounts --------------------------------------------------------------------------

  async setAccount(trx: Transaction<Database>, tenantId: string, a: SipAccount): Promise<void> {
    await trx
      .insertInto('sip_account')
      .values({
        user_id: a.userId,
        tenant_id: tenantId,
        username: a.username,
        realm: a.realm,
        ha1_md5: a.ha1Md5,
        ha1_sha256: a.ha1Sha256,
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          username: a.username,
          realm: a.realm,
          ha1_md5: a.ha1Md5,
          ha1_sha256: a.ha1Sha256,
          updated_at: sql<Date>`now()`,
        }),
      )
      .execute();
    // A new password ends the registrations made with the old one.
    await trx.deleteFrom('sip_binding').where('user_id', '=', a.userId).execute();
  }

  async deleteAccount(trx: Transaction<Database>, tenantId: string, userId: string) {
    await trx.deleteFrom('sip_binding').where('user_id', '=', userId).execute();
    const r = await trx
      .deleteFrom('sip_account')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async accountByUsername(tenantId: string, username: string): Promise<SipAccount | null> {
    const r = await this.db
      .selectFrom('sip_account')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('username', '=', username)
      .executeTakeFirst();
    return r
      ? {
          userId: r.user_id,
          username: r.username,
          realm: r.realm,
          ha1Md5: r.ha1_md5,
          ha1Sha256: r.ha1_sha256,
        }
      : null;
  }

  /**
   * Applies a REGISTER to a user's bindings in one transaction, the user's account row locked
   * so that two nodes handling two REGISTERs of the same phone apply them in turn.
   */
  async register(
    tenantId: string,
    userId: string,
    plan: (bindings: Binding[]) => RegisterPlan,
  ): Promise<RegisterPlan> {
    return this.db.transaction().execute(async (trx) => {
      await trx
        .selectFrom('sip_account')
        .select('user_id')
        .where('user_id', '=', userId)
        .forUpdate()
        .executeTakeFirst();
      const rows = await trx
        .selectFrom('sip_binding')
        .selectAll()
        .where('user_id', '=', userId)
        .execute();
      const p = plan(
        rows.map((r) => ({
          contact: r.contact,
          callId: r.call_id,
          cseq: r.cseq,
          expiresAt: r.expires_at.getTime(),
          source: r.source,
          userAgent: r.user_agent,
        })),
      );
      if (p.status !== 200) return p;
      if (p.remove.length)
        await trx
          .deleteFrom('sip_binding')
          .where('user_id', '=', userId)
          .where('contact', 'in', p.remove)
          .execute();
      for (const b of p.upsert) {
        const values = {
          call_id: b.callId,
          cseq: b.cseq,
          expires_at: new Date(b.expiresAt),
          source: b.source,
          user_agent: b.userAgent,
        };
        await trx
          .insertInto('sip_binding')
          .values({ user_id: userId, tenant_id: tenantId, contact: b.contact, ...values })
          .onConflict((oc) =>
            oc.columns(['user_id', 'contact']).doUpdateSet({ ...values, updated_at: sql`now()` }),
          )
          .execute();
      }
      return p;
    });
  }

  /**
   * Removes the bindings registered over one flow (a WebSocket that closed: the browser behind
   * it can no longer be reached). Returns the users whose bindings went.
   */
  async removeBindingsFrom(tenantId: string, source: string): Promise<string[]> {
    const rows = await this.db
      .deleteFrom('sip_binding')
      .where('tenant_id', '=', tenantId)
      .where('source', '=', source)
      .returning('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** Live registrations of a user, newest first. */
  async bindings(userId: string, now: Date): Promise<Binding[]> {
    const rows = await this.db
      .selectFrom('sip_binding')
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .orderBy('updated_at', 'desc')
      .execute();
    return rows.map((r) => ({
      contact: r.contact,
      callId: r.call_id,
      cseq: r.cseq,
      expiresAt: r.expires_at.getTime(),
      source: r.source,
      userAgent: r.user_agent,
    }));
  }

  // --- agents --------------------------------------------------------------------------------

  /** Hotline staff with their phone, state and registrations. */
  async agents(tenantId: string, now: Date) {
    return this.db
      .selectFrom('app_user as u')
      .leftJoin('sip_account as s', 's.user_id', 'u.id')
      .leftJoin('agent_state as a', 'a.user_id', 'u.id')
      .where('u.tenant_id', '=', tenantId)
      .where('u.role', 'in', ['operator', 'supervisor'])
      .where('u.active', '=', true)
      .select((eb) => [
        'u.id',
        'u.username',
        'u.display_name',
        'u.role',
        's.username as sip_username',
        // A wrap-up that has run out is available (the claim treats it so too).
        sql<AgentStateName | null>`CASE WHEN a.state = 'wrap-up' AND a.wrap_up_until <= ${now}
          THEN 'available' ELSE a.state END`.as('state'),
        sql<Date | null>`CASE WHEN a.state = 'wrap-up' AND a.wrap_up_until <= ${now}
          THEN a.wrap_up_until ELSE a.since END`.as('since'),
        sql<Date | null>`CASE WHEN a.wrap_up_until > ${now} THEN a.wrap_up_until END`.as(
          'wrap_up_until',
        ),
        'a.queues',
        'a.reason',
        'a.missed_calls',
        eb
          .selectFrom('sip_binding as b')
          .whereRef('b.user_id', '=', 'u.id')
          .where('b.expires_at', '>', now)
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('registrations'),
      ])
      .orderBy('u.display_name')
      .execute();
  }

  async userInTenant(tenantId: string, userId: string) {
    return this.db
      .selectFrom('app_user')
      .select(['id', 'role', 'username'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .executeTakeFirst();
  }

  /**
   * Sets an agent's state (creating the row); `idle` moves idle_since (a call just ended),
   * `reason` says why the system set it, `missed` counts a call that rang out and `answered`
   * clears that count. Returns the count of calls missed in a row.
   */
  async setState(
    tenantId: string,
    userId: string,
    state: AgentStateName,
    now: Date,
    opts: {
      wrapUpUntil?: Date | null;
      callId?: string | null;
      idle?: boolean;
      queues?: string[];
      reason?: string | null;
      missed?: boolean;
      answered?: boolean;
    } = {},
  ): Promise<number> {
    const values = {
      state,
      since: now,
      wrap_up_until: opts.wrapUpUntil ?? null,
      call_id: opts.callId ?? null,
      reason: opts.reason ?? null,
      ...(opts.idle ? { idle_since: now } : {}),
      ...(opts.queues ? { queues: opts.queues } : {}),
      ...(opts.answered ? { missed_calls: 0 } : {}),
    };
    const r = await this.db
      .insertInto('agent_state')
      .values({
        user_id: userId,
        tenant_id: tenantId,
        idle_since: now,
        missed_calls: opts.missed ? 1 : 0,
        ...values,
      })
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          ...values,
          ...(opts.missed ? { missed_calls: sql<number>`agent_state.missed_calls + 1` } : {}),
        }),
      )
      .returning('missed_calls')
      .executeTakeFirstOrThrow();
    return r.missed_calls;
  }

  async state(userId: string) {
    return this.db
      .selectFrom('agent_state')
      .selectAll()
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /**
   * The agent who has been idle longest among those available for `queue` with a live
   * registration, marked `ringing` in the same statement (SKIP LOCKED: two nodes never offer
   * one agent two calls). Agents whose wrap-up has run out count as available.
   */
  async claimLongestIdle(
    tenantId: string,
    queue: string,
    now: Date,
    exclude: readonly string[] = [],
    /** The queued call asking: nothing is claimed unless it is first in the queue (all nodes). */
    forCall?: string,
  ): Promise<{ userId: string; bindings: Binding[] } | null> {
    const picked = await this.db.transaction().execute(async (trx) => {
      if (forCall !== undefined && !(await this.isHead(trx, tenantId, queue, forCall, now)))
        return null;
      const row = await trx
        .selectFrom('agent_state as a')
        .select('a.user_id')
        .where('a.tenant_id', '=', tenantId)
        .where((eb) =>
          eb.or([
            eb('a.state', '=', 'available'),
            eb.and([eb('a.state', '=', 'wrap-up'), eb('a.wrap_up_until', '<=', now)]),
          ]),
        )
        .where(sql<boolean>`(cardinality(a.queues) = 0 OR ${queue} = ANY(a.queues))`)
        .$if(exclude.length > 0, (q) => q.where('a.user_id', 'not in', exclude))
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('sip_binding as b')
              .select('b.user_id')
              .whereRef('b.user_id', '=', 'a.user_id')
              .where('b.expires_at', '>', now),
          ),
        )
        .orderBy('a.idle_since')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!row) return null;
      await trx
        .updateTable('agent_state')
        .set({ state: 'ringing', since: now, wrap_up_until: null })
        .where('user_id', '=', row.user_id)
        .execute();
      return row.user_id;
    });
    if (!picked) return null;
    return { userId: picked, bindings: await this.bindings(picked, now) };
  }

  // --- callers waiting (every node) ----------------------------------------------------------

  /** A caller joins a queue on `node`; alive until `aliveUntil` unless refreshed. */
  async enterQueue(
    tenantId: string,
    e: { callId: string; queue: string; node: string; enteredAt: Date; aliveUntil: Date },
  ): Promise<void> {
    await this.db
      .insertInto('call_queue_entry')
      .values({
        call_id: e.callId,
        tenant_id: tenantId,
        queue: e.queue,
        node: e.node,
        entered_at: e.enteredAt,
        alive_until: e.aliveUntil,
      })
      .onConflict((oc) => oc.column('call_id').doNothing())
      .execute();
  }

  async leaveQueue(callId: string): Promise<void> {
    await this.db.deleteFrom('call_queue_entry').where('call_id', '=', callId).execute();
  }

  /**
   * 1 + the callers ahead of `callId` in its queue, on every node (entries whose node stopped
   * refreshing them do not count). Null when the call is not in the queue.
   */
  async queuePosition(
    tenantId: string,
    queue: string,
    callId: string,
    now: Date,
  ): Promise<number | null> {
    const r = await this.db
      .selectFrom('call_queue_entry as me')
      .where('me.call_id', '=', callId)
      .select((eb) =>
        eb
          .selectFrom('call_queue_entry as e')
          .where('e.tenant_id', '=', tenantId)
          .where('e.queue', '=', queue)
          .where('e.alive_until', '>', now)
          .where(sql<boolean>`(e.entered_at, e.call_id) < (me.entered_at, me.call_id)`)
          .select((e) => e.fn.countAll<string>().as('n'))
          .as('ahead'),
      )
      .executeTakeFirst();
    return r ? Number(r.ahead ?? 0) + 1 : null;
  }

  /** Nobody alive is ahead of `callId` in its queue. */
  private async isHead(
    trx: Transaction<Database>,
    tenantId: string,
    queue: string,
    callId: string,
    now: Date,
  ): Promise<boolean> {
    const ahead = await trx
      .selectFrom('call_queue_entry as me')
      .innerJoin('call_queue_entry as e', (j) =>
        j
          .on('e.tenant_id', '=', tenantId)
          .on('e.queue', '=', queue)
          .on('e.alive_until', '>', now)
          .on(sql<boolean>`(e.entered_at, e.call_id) < (me.entered_at, me.call_id)`),
      )
      .where('me.call_id', '=', callId)
      .select('e.call_id')
      .limit(1)
      .executeTakeFirst();
    return ahead === undefined;
  }

  /**
   * Keeps a node's waiting callers alive, and forgets callers left by nodes that stopped
   * (dead for a minute). One statement per node every few seconds.
   */
  async refreshQueueEntries(node: string, aliveUntil: Date, now: Date): Promise<void> {
    await sql`
      WITH kept AS (
        UPDATE call_queue_entry SET alive_until = ${aliveUntil} WHERE node = ${node}
      )
      DELETE FROM call_queue_entry
       WHERE node <> ${node} AND alive_until < ${new Date(now.getTime() - 60_000)}
    `.execute(this.db);
  }

  /** Callers waiting now, every queue and node, earliest first. */
  async waiting(tenantId: string, now: Date) {
    return this.db
      .selectFrom('call_queue_entry')
      .select(['call_id', 'queue', 'entered_at'])
      .where('tenant_id', '=', tenantId)
      .where('alive_until', '>', now)
      .orderBy('entered_at')
      .orderBy('call_id')
      .limit(1000)
      .execute();
  }

  /** A node starting again: the callers it had waiting are gone. */
  async clearQueueEntries(node: string): Promise<void> {
    await this.db.deleteFrom('call_queue_entry').where('node', '=', node).execute();
  }

  // --- queues --------------------------------------------------------------------------------

  async queues(tenantId: string): Promise<QueueConfig[]> {
    const rows = await this.db
      .selectFrom('call_queue')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('code')
      .execute();
    return rows.map(queueOf);
  }

  async queue(tenantId: string, code: string): Promise<QueueConfig | null> {
    const r = await this.db
      .selectFrom('call_queue')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .executeTakeFirst();
    return r ? queueOf(r) : null;
  }

  async putQueue(trx: Transaction<Database>, tenantId: string, q: QueueConfig): Promise<void> {
    const values = {
      name: q.name,
      field_id: q.fieldId,
      max_wait_seconds: q.maxWaitSeconds,
      announce_seconds: q.announceSeconds,
      ring_seconds: q.ringSeconds,
      wrap_up_seconds: q.wrapUpSeconds,
      overflow: q.overflow,
    };
    await trx
      .insertInto('call_queue')
      .values({ tenant_id: tenantId, code: q.code, ...values })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'code']).doUpdateSet({ ...values, updated_at: sql`now()` }),
      )
      .execute();
  }
}

function queueOf(r: {
  code: string;
  name: string;
  field_id: string | null;
  max_wait_seconds: number;
  announce_seconds: number;
  ring_seconds: number;
  wrap_up_seconds: number;
  overflow: 'voicemail' | 'callback';
}): QueueConfig {
  return {
    code: r.code,
    name: r.name,
    fieldId: r.field_id,
    maxWaitSeconds: r.max_wait_seconds,
    announceSeconds: r.announce_seconds,
    ringSeconds: r.ring_seconds,
    wrapUpSeconds: r.wrap_up_seconds,
    overflow: r.overflow,
  };
}
