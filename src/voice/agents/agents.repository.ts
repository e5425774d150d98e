import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { AgentStateName } from '../../db/schema.ts';
import type { Role } from '../../contract/enums.ts';
import type { CallQueue } from '../../contract/agents.ts';
import type { Binding, RegisterPlan } from '../sip/registrar.ts';

export interface SipAccount {
  userId: string;
  username: string;
  realm: string;
  ha1Md5: string;
  ha1Sha256: string;
}

/** A queue's settings, as the ACD reads them and the API writes them. */
export type QueueConfig = CallQueue;

/** A queue nobody has configured yet still works, with these settings. */
export const DEFAULT_QUEUE: Omit<QueueConfig, 'code' | 'name'> = {
  fieldId: null,
  maxWaitSeconds: 180,
  announceSeconds: 30,
  ringSeconds: 20,
  wrapUpSeconds: 30,
  overflow: 'voicemail',
};

/** Named column lists: each is read in more than one statement. */
const columns = {
  binding: ['contact', 'call_id', 'cseq', 'expires_at', 'source', 'user_agent'],
  queue: [
    'code',
    'name',
    'field_id',
    'max_wait_seconds',
    'announce_seconds',
    'ring_seconds',
    'wrap_up_seconds',
    'overflow',
  ],
} as const;

/** Optional changes `setState` makes beside the state itself. */
export interface StateOptions {
  wrapUpUntil?: Date | null;
  callId?: string | null;
  idle?: boolean;
  queues?: string[];
  reason?: string | null;
  missed?: boolean;
  answered?: boolean;
}

/**
 * Every SQL statement about operators' phones, their states and the queues. Each function
 * takes the database or the caller's transaction first; the ones that must run in one
 * transaction say so (call them inside `db.transaction()`).
 */
export const agentsRepository = {
  // --- SIP accounts --------------------------------------------------------------------------

  async setAccount(q: Q, tenantId: string, a: SipAccount): Promise<void> {
    await q
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
    await q.deleteFrom('sip_binding').where('user_id', '=', a.userId).execute();
  },

  async deleteAccount(q: Q, tenantId: string, userId: string): Promise<boolean> {
    await q.deleteFrom('sip_binding').where('user_id', '=', userId).execute();
    const r = await q
      .deleteFrom('sip_account')
      .where('tenant_id', '=', tenantId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  async accountByUsername(q: Q, tenantId: string, username: string): Promise<SipAccount | null> {
    const r = await q
      .selectFrom('sip_account')
      .select(['user_id', 'username', 'realm', 'ha1_md5', 'ha1_sha256'])
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
  },

  /**
   * Applies a REGISTER to a user's bindings, the user's account row locked so that two nodes
   * handling two REGISTERs of the same phone apply them in turn. In a transaction.
   */
  async register(
    trx: Q,
    tenantId: string,
    userId: string,
    plan: (bindings: Binding[]) => RegisterPlan,
  ): Promise<RegisterPlan> {
    await trx
      .selectFrom('sip_account')
      .select('user_id')
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    const rows = await trx
      .selectFrom('sip_binding')
      .select(columns.binding)
      .where('user_id', '=', userId)
      .execute();
    const p = plan(rows.map(bindingOf));
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
  },

  /**
   * Removes the bindings registered over one flow (a WebSocket that closed: the browser behind
   * it can no longer be reached). Returns the users whose bindings went.
   */
  async removeBindingsFrom(q: Q, tenantId: string, source: string): Promise<string[]> {
    const rows = await q
      .deleteFrom('sip_binding')
      .where('tenant_id', '=', tenantId)
      .where('source', '=', source)
      .returning('user_id')
      .execute();
    return rows.map((r) => r.user_id);
  },

  /** Live registrations of a user, newest first. */
  async bindings(q: Q, userId: string, now: Date): Promise<Binding[]> {
    const rows = await q
      .selectFrom('sip_binding')
      .select(columns.binding)
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .orderBy('updated_at', 'desc')
      .execute();
    return rows.map(bindingOf);
  },

  // --- agents --------------------------------------------------------------------------------

  /** Active staff of these roles (the ones who answer calls) with phone, state, registrations. */
  agents(q: Q, tenantId: string, roles: readonly Role[], now: Date) {
    return q
      .selectFrom('app_user as u')
      .leftJoin('sip_account as s', 's.user_id', 'u.id')
      .leftJoin('agent_state as a', 'a.user_id', 'u.id')
      .where('u.tenant_id', '=', tenantId)
      .where('u.role', 'in', roles)
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
  },

  userInTenant(q: Q, tenantId: string, userId: string) {
    return q
      .selectFrom('app_user')
      .select(['id', 'role', 'username'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', userId)
      .executeTakeFirst();
  },

  /**
   * Sets an agent's state (creating the row); `idle` moves idle_since (a call just ended),
   * `reason` says why the system set it, `missed` counts a call that rang out and `answered`
   * clears that count. Returns the count of calls missed in a row.
   */
  async setState(
    q: Q,
    tenantId: string,
    userId: string,
    state: AgentStateName,
    now: Date,
    opts: StateOptions = {},
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
    const r = await q
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
  },

  state(q: Q, userId: string) {
    return q.selectFrom('agent_state').selectAll().where('user_id', '=', userId).executeTakeFirst();
  },

  /**
   * The agent who has been idle longest among those available for `queue` with a live
   * registration, marked `ringing` in the same transaction (SKIP LOCKED: two nodes never offer
   * one agent two calls). Agents whose wrap-up has run out count as available. With `forCall`,
   * nothing is claimed unless that call is first in the queue (all nodes). In a transaction.
   */
  async claimLongestIdle(
    trx: Q,
    tenantId: string,
    queue: string,
    now: Date,
    exclude: readonly string[] = [],
    forCall?: string,
  ): Promise<string | null> {
    if (forCall !== undefined && !(await isHead(trx, tenantId, queue, forCall, now))) return null;
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
      .$if(exclude.length > 0, (s) => s.where('a.user_id', 'not in', exclude))
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
  },

  // --- callers waiting (every node) ----------------------------------------------------------

  /** A caller joins a queue on `node`; alive until `aliveUntil` unless refreshed. */
  async enterQueue(
    q: Q,
    tenantId: string,
    e: { callId: string; queue: string; node: string; enteredAt: Date; aliveUntil: Date },
  ): Promise<void> {
    await q
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
  },

  async leaveQueue(q: Q, callId: string): Promise<void> {
    await q.deleteFrom('call_queue_entry').where('call_id', '=', callId).execute();
  },

  /**
   * 1 + the callers ahead of `callId` in its queue, on every node (entries whose node stopped
   * refreshing them do not count). Null when the call is not in the queue.
   */
  async queuePosition(
    q: Q,
    tenantId: string,
    queue: string,
    callId: string,
    now: Date,
  ): Promise<number | null> {
    const r = await q
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
  },

  /**
   * Keeps a node's waiting callers alive, and forgets callers left by nodes that stopped
   * (dead for a minute). One statement per node every few seconds.
   */
  async refreshQueueEntries(q: Q, node: string, aliveUntil: Date, now: Date): Promise<void> {
    await sql`
      WITH kept AS (
        UPDATE call_queue_entry SET alive_until = ${aliveUntil} WHERE node = ${node}
      )
      DELETE FROM call_queue_entry
       WHERE node <> ${node} AND alive_until < ${new Date(now.getTime() - 60_000)}
    `.execute(q);
  },

  /** Callers waiting now, every queue and node, earliest first. */
  waiting(q: Q, tenantId: string, now: Date) {
    return q
      .selectFrom('call_queue_entry')
      .select(['call_id', 'queue', 'entered_at'])
      .where('tenant_id', '=', tenantId)
      .where('alive_until', '>', now)
      .orderBy('entered_at')
      .orderBy('call_id')
      .limit(1000)
      .execute();
  },

  /** A node starting again: the callers it had waiting are gone. */
  async clearQueueEntries(q: Q, node: string): Promise<void> {
    await q.deleteFrom('call_queue_entry').where('node', '=', node).execute();
  },

  // --- queues --------------------------------------------------------------------------------

  async queues(q: Q, tenantId: string): Promise<QueueConfig[]> {
    const rows = await q
      .selectFrom('call_queue')
      .select(columns.queue)
      .where('tenant_id', '=', tenantId)
      .orderBy('code')
      .execute();
    return rows.map(queueOf);
  },

  async queue(q: Q, tenantId: string, code: string): Promise<QueueConfig | null> {
    const r = await q
      .selectFrom('call_queue')
      .select(columns.queue)
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .executeTakeFirst();
    return r ? queueOf(r) : null;
  },

  async putQueue(q: Q, tenantId: string, c: QueueConfig): Promise<void> {
    const values = {
      name: c.name,
      field_id: c.fieldId,
      max_wait_seconds: c.maxWaitSeconds,
      announce_seconds: c.announceSeconds,
      ring_seconds: c.ringSeconds,
      wrap_up_seconds: c.wrapUpSeconds,
      overflow: c.overflow,
    };
    await q
      .insertInto('call_queue')
      .values({ tenant_id: tenantId, code: c.code, ...values })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'code']).doUpdateSet({ ...values, updated_at: sql`now()` }),
      )
      .execute();
  },
};

/** Nobody alive is ahead of `callId` in its queue. */
async function isHead(
  q: Q,
  tenantId: string,
  queue: string,
  callId: string,
  now: Date,
): Promise<boolean> {
  const ahead = await q
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

function bindingOf(r: {
  contact: string;
  call_id: string;
  cseq: number;
  expires_at: Date;
  source: string;
  user_agent: string | null;
}): Binding {
  return {
    contact: r.contact,
    callId: r.call_id,
    cseq: r.cseq,
    expiresAt: r.expires_at.getTime(),
    source: r.source,
    userAgent: r.user_agent,
  };
}

function queueOf(r: {
  code: string;
  name: string;
  field_id: string | null;
  max_wait_seconds: number;
  announce_seconds: number;
  ring_seconds: number;
  wrap_up_seconds: number;
  overflow: QueueConfig['overflow'];
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
