import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';
import type { AbuseBlockKind, AbuseOutcome, MatchLevel } from '../../contract/abuse.ts';

export interface Identity {
  phone?: string | undefined;
  email?: string | undefined;
  ip?: string | undefined;
}

export interface EventValues {
  tenantId: string;
  at: Date;
  channel: string;
  outcome: AbuseOutcome;
  reasons: string[];
  terms: string[];
  phone: string | null;
  email: string | null;
  ip: string | null;
  excerpt: string | null;
  ticketId: string | null;
}

/** SQL of the abuse controls: blocklist, word list, event record, ticket flags, challenges. */
export const abuseRepository = {
  /** Blocks in force that match any of the sender's identifiers. */
  matchBlocks(q: Q, tenantId: string, id: Identity, now: Date) {
    const domain = id.email?.includes('@') ? `@${id.email.split('@')[1]}` : undefined;
    const isIp = id.ip !== undefined && /^[0-9a-fA-F:.]+$/.test(id.ip);
    return q
      .selectFrom('abuse_block')
      .select(['id', 'kind', 'value'])
      .where('tenant_id', '=', tenantId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
      .where((eb) =>
        eb.or([
          ...(id.phone ? [eb.and([eb('kind', '=', 'phone'), eb('value', '=', id.phone)])] : []),
          ...(id.email
            ? [
                eb.and([
                  eb('kind', '=', 'email'),
                  eb('value', 'in', domain ? [id.email, domain] : [id.email]),
                ]),
              ]
            : []),
          ...(isIp
            ? [eb.and([eb('kind', '=', 'ip'), sql<boolean>`ip_net >>= ${id.ip}::inet`])]
            : []),
          sql<boolean>`false`,
        ]),
      )
      .execute();
  },

  blocks(q: Q, tenantId: string) {
    return q
      .selectFrom('abuse_block')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .orderBy('id')
      .execute();
  },

  block(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('abuse_block')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Inserts a block; an address or range is stored as PostgreSQL normalises it. */
  insertBlock(
    q: Q,
    v: {
      tenantId: string;
      kind: AbuseBlockKind;
      value: string;
      reason: string;
      expiresAt: Date | null;
      createdBy: string;
      at: Date;
    },
  ) {
    const net = v.kind === 'ip' ? sql<string>`network(${v.value}::inet)` : null;
    return q
      .insertInto('abuse_block')
      .values({
        tenant_id: v.tenantId,
        kind: v.kind,
        value: net ? sql<string>`network(${v.value}::inet)::text` : v.value,
        ip_net: net,
        reason: v.reason,
        expires_at: v.expiresAt,
        created_by: v.createdBy,
        created_at: v.at,
        updated_at: v.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  updateBlock(
    q: Q,
    tenantId: string,
    id: string,
    p: { reason?: string | undefined; expiresAt?: Date | null | undefined },
    at: Date,
  ) {
    return q
      .updateTable('abuse_block')
      .set({
        ...(p.reason !== undefined ? { reason: p.reason } : {}),
        ...(p.expiresAt !== undefined ? { expires_at: p.expiresAt } : {}),
        updated_at: at,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  deleteBlock(q: Q, tenantId: string, id: string) {
    return q
      .deleteFrom('abuse_block')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** The tenant's settings (its `abuse` limits are read from them). */
  async tenantSettings(q: Q, tenantId: string) {
    const t = await q
      .selectFrom('tenant')
      .select('settings')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    return t?.settings;
  },

  // ------------------------------------------------------------------------ words

  words(q: Q, tenantId: string) {
    return q
      .selectFrom('abuse_word')
      .select(['id', 'term', 'level', 'enabled', 'created_at'])
      .where('tenant_id', '=', tenantId)
      .orderBy('term')
      .execute();
  },

  upsertWord(
    q: Q,
    v: {
      tenantId: string;
      term: string;
      level: MatchLevel;
      enabled: boolean;
      by: string;
      at: Date;
    },
  ) {
    return q
      .insertInto('abuse_word')
      .values({
        tenant_id: v.tenantId,
        term: v.term,
        level: v.level,
        enabled: v.enabled,
        created_by: v.by,
        created_at: v.at,
      })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'term']).doUpdateSet({ level: v.level, enabled: v.enabled }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  deleteWord(q: Q, tenantId: string, term: string) {
    return q
      .deleteFrom('abuse_word')
      .where('tenant_id', '=', tenantId)
      .where('term', '=', term)
      .returningAll()
      .executeTakeFirst();
  },

  // ------------------------------------------------------------------------ events, flags

  async insertEvent(q: Q, v: EventValues): Promise<string> {
    const r = await q
      .insertInto('abuse_event')
      .values({
        tenant_id: v.tenantId,
        at: v.at,
        channel: v.channel,
        outcome: v.outcome,
        reasons: v.reasons,
        terms: v.terms,
        phone: v.phone,
        email: v.email,
        ip: v.ip,
        excerpt: v.excerpt,
        ticket_id: v.ticketId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return r.id;
  },

  events(
    q: Q,
    f: {
      tenantId: string;
      outcome?: AbuseOutcome | undefined;
      channel?: string | undefined;
      limit: number;
      offset: number;
    },
  ) {
    let s = q
      .selectFrom('abuse_event as e')
      .leftJoin('ticket as t', 't.id', 'e.ticket_id')
      .where('e.tenant_id', '=', f.tenantId);
    if (f.outcome) s = s.where('e.outcome', '=', f.outcome);
    if (f.channel) s = s.where('e.channel', '=', f.channel);
    return Promise.all([
      s.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
      s
        .selectAll('e')
        .select('t.code as ticket_code')
        .orderBy('e.at', 'desc')
        .orderBy('e.id', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
    ]).then(([c, items]) => ({ total: Number(c.n), items }));
  },

  insertFlag(
    q: Q,
    v: {
      ticketId: string;
      tenantId: string;
      reasons: string[];
      terms: string[];
      eventId: string;
      at: Date;
    },
  ) {
    return q
      .insertInto('ticket_flag')
      .values({
        ticket_id: v.ticketId,
        tenant_id: v.tenantId,
        reasons: v.reasons,
        terms: v.terms,
        abuse_event_id: v.eventId,
        created_at: v.at,
      })
      .onConflict((oc) => oc.column('ticket_id').doNothing())
      .execute();
  },

  flag(q: Q, ticketId: string) {
    return q
      .selectFrom('ticket_flag')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
  },

  /** The flag's line on the ticket's timeline (the ticket keeps its status). */
  async insertFlagEvent(
    q: Q,
    v: {
      ticketId: string;
      tenantId: string;
      status: string;
      note: string;
      data: Record<string, unknown>;
      at: Date;
    },
  ) {
    await q
      .insertInto('ticket_event')
      .values({
        ticket_id: v.ticketId,
        tenant_id: v.tenantId,
        action: 'abuse_flag',
        from_status: v.status,
        to_status: v.status,
        actor_id: null,
        actor_role: 'system',
        agency_id: null,
        note: v.note,
        data: JSON.stringify(v.data),
        at: v.at,
      })
      .execute();
  },

  // ------------------------------------------------------------------------ challenges

  /** Spends a challenge: true the first time on any node, false on every replay. */
  async spendChallenge(q: Q, id: string, expiresAt: Date): Promise<boolean> {
    const r = await q
      .insertInto('challenge_spent')
      .values({ id, expires_at: expiresAt })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  },

  async sweepChallenges(q: Q, now: Date): Promise<number> {
    const r = await q
      .deleteFrom('challenge_spent')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};

/** SQL of the shared rate counters (`rate-counter.ts` decides; this counts). */
export const rateCounterRepository = {
  /**
   * One hit in the current fixed window (one upsert; the row lock is held for that statement
   * only), and the previous window's count.
   */
  async hit(
    q: Q,
    c: { scope: string; keyHash: string; current: Date; previous: Date },
  ): Promise<{ cur: number; prev: number }> {
    const r = await sql<{ cur: number; prev: number }>`
      WITH up AS (
        INSERT INTO rate_counter (scope, key_hash, window_start, count)
        VALUES (${c.scope}, ${c.keyHash}, ${c.current}, 1)
        ON CONFLICT (scope, key_hash, window_start)
        DO UPDATE SET count = rate_counter.count + 1
        RETURNING count
      )
      SELECT (SELECT count FROM up) AS cur,
             COALESCE((SELECT count FROM rate_counter
                        WHERE scope = ${c.scope} AND key_hash = ${c.keyHash}
                          AND window_start = ${c.previous}), 0) AS prev
    `.execute(q);
    return r.rows[0]!;
  },

  async sweep(q: Q, before: Date): Promise<number> {
    const r = await q
      .deleteFrom('rate_counter')
      .where('window_start', '<', before)
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  },
};
