import { sql, type Transaction } from 'kysely';
import { preparedText } from '../../db/database.ts';
import { isUniqueViolation, type Q } from '../../db/helpers.ts';
import type { Database, NewTicket, TicketRow, TicketUpdate } from '../../db/schema.ts';
import { auditColumns } from '../audit/audit.repository.ts';
import type { AcknowledgementRoute } from '../../core/template/acknowledgement.ts';
import type { Channel, Escalation, TicketStatus } from '../../contract/enums.ts';

export interface TicketFilter {
  tenantId: string;
  /** Restricts to tickets held by (or routed to) this agency: agency staff scope. */
  agencyScope?: string;
  status?: TicketStatus[];
  escalation?: Escalation[];
  agencyId?: string;
  fieldId?: string;
  assigneeId?: string;
  createdBy?: string;
  channel?: Channel;
  q?: string;
  /** Which rows the viewer sees masked: `q` matches only the code of those (R-PUB-2). */
  qMasked?: 'all' | 'confidential' | 'none';
  phone?: string;
  email?: string;
  limit: number;
  offset: number;
  order?: 'created_desc' | 'deadline_asc';
}

/** A timeline event to record. */
export interface NewEvent {
  ticketId: string;
  tenantId: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actorId: string | null;
  actorRole: string | null;
  agencyId: string | null;
  note: string | null;
  data: Record<string, unknown>;
  at: Date;
}

/** The `ticket_event` row of an event: one mapping for every insert of events. */
const eventRow = (e: NewEvent) => ({
  ticket_id: e.ticketId,
  tenant_id: e.tenantId,
  action: e.action,
  from_status: e.fromStatus,
  to_status: e.toStatus,
  actor_id: e.actorId,
  actor_role: e.actorRole,
  agency_id: e.agencyId,
  note: e.note,
  data: JSON.stringify(e.data),
  at: e.at,
});

/** Select lists used by more than one statement below. */
const columns = {
  /** A timeline entry with who acted and for which agency (joined). */
  timeline: [
    'ticket_event.id',
    'ticket_event.action',
    'ticket_event.from_status',
    'ticket_event.to_status',
    'ticket_event.actor_role',
    'ticket_event.note',
    'ticket_event.data',
    'ticket_event.at',
    'app_user.display_name as actor_name',
    'agency.name as agency_name',
  ],
  /** An attachment as a ticket's detail lists it. */
  attachment: ['id', 'event_id', 'filename', 'content_type', 'size', 'sha256', 'created_at'],
  /** A file just stored, as the upload answers it. */
  uploaded: ['id', 'filename', 'content_type', 'size', 'sha256', 'created_at'],
} as const;

/**
 * The number sequences known to exist, per database (a test process may hold several): a
 * sequence is created once, then only drawn from.
 */
const knownSequences = new WeakMap<object, Set<string>>();

/** The ticket columns intake writes, in the order of `INTAKE_SQL`'s first parameters. */
const INTAKE_COLUMNS = [
  'id',
  'tenant_id',
  'channel',
  'status',
  'subject',
  'content',
  'urgency',
  'field_id',
  'agency_id',
  'subunit_id',
  'assignee_id',
  'citizen_name',
  'citizen_phone',
  'citizen_email',
  'citizen_address',
  'citizen_org',
  'citizen_language',
  'confidential',
  'latitude',
  'longitude',
  'org_unit_id',
  'resume_status',
  'promised_date',
  'answer',
  'agency_answer',
  'reject_reason',
  'reject_guidance',
  'created_by',
  'idempotency_key',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof NewTicket)[];

/** A new ticket as intake writes it: every column of `INTAKE_COLUMNS`, none left out. */
export type IntakeTicket = Pick<TicketRow, (typeof INTAKE_COLUMNS)[number]>;

/**
 * What intake reads back: the columns the database fills (the code, the defaults) and the ids
 * it normalises (a client's uuid in capitals comes back in the canonical form). Every other
 * column is what was written, so it is not sent back and parsed again: reading the whole row
 * was a third of intake's Node time. `tests/api/intake-row.test.ts` checks the result against
 * the row as stored.
 */
const INTAKE_RETURNED = [
  'code',
  'escalation',
  'kind',
  'supplement_requested',
  'reopen_count',
  'paused_ms',
  'version',
  'forwarded_at',
  'answered_at',
  'closed_at',
  'field_id',
  'org_unit_id',
] as const satisfies readonly (keyof TicketRow)[];

const n = INTAKE_COLUMNS.length;
/** `$k` for the k-th parameter after the ticket's columns. */
const p = (k: number) => `$${n + k}`;

/**
 * One intake: the ticket (its code = prefix || the year's sequence, zero-padded to 6 digits,
 * in a scalar subquery so that nextval runs once), its creation event, its audit record and —
 * R-CH-11 — the citizen's acknowledgement in the outbox when the channel sends one, so an
 * accepted message is never left unacknowledged, at no extra round trip. The acknowledgement's
 * text is the channel's active template (else the default one) in the citizen's language; the
 * dispatcher fills its placeholders. No NOTIFY here (see LivePublisher): the caller wakes the
 * dispatchers after commit.
 */
const INTAKE_SQL = `WITH t AS (
  INSERT INTO ticket (${INTAKE_COLUMNS.join(', ')}, code)
  VALUES (${INTAKE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')},
    (SELECT ${p(1)}::text || lpad(s.n, greatest(6, length(s.n)), '0')
     FROM (SELECT nextval(${p(2)}::regclass)::text AS n) AS s))
  RETURNING *
), e AS (
  INSERT INTO ticket_event (ticket_id, tenant_id, action, from_status, to_status, actor_id,
    actor_role, agency_id, note, data, at)
  SELECT t.id, t.tenant_id, 'create', NULL, t.status, ${p(3)}::uuid, ${p(4)}::text, NULL::uuid,
    NULL, ${p(5)}::jsonb, ${p(6)}::timestamptz
  FROM t
  RETURNING id
), a AS (
  INSERT INTO audit_log (${auditColumns.written.join(', ')})
  SELECT ${p(7)}::text, t.tenant_id, ${p(6)}::timestamptz, ${p(3)}::uuid, ${p(8)}::text,
    'ticket.create', 'ticket', t.id::text,
    jsonb_build_object('code', t.code, 'channel', t.channel, 'eventId', e.id::text)
  FROM t, e
  RETURNING seq
), k AS (
  INSERT INTO outbox (tenant_id, channel, recipient, user_id, template, payload,
    idempotency_key, created_at, next_attempt_at)
  SELECT t.tenant_id, ${p(9)}::text, ${p(10)}::text, NULL::uuid, 'citizen_acknowledgement',
    jsonb_build_object('ticketId', t.id, 'ticketCode', t.code,
      'citizenName', t.citizen_name, 'locale', t.citizen_language,
      'receivedAt', t.created_at,
      'hotline', (SELECT COALESCE(settings->>'hotline', '1022') FROM tenant
        WHERE id = t.tenant_id),
      'text', CASE WHEN t.citizen_language = 'en' AND m.body_en <> ''
        THEN m.body_en ELSE m.body_vi END),
    'ack:' || t.id::text, t.created_at, t.created_at
  FROM t, LATERAL (
    SELECT body_vi, body_en FROM message_template
    WHERE tenant_id = t.tenant_id AND kind = 'acknowledgement' AND active
      AND (channel = t.channel OR channel IS NULL)
    ORDER BY channel NULLS LAST LIMIT 1) m
  WHERE ${p(9)}::text IS NOT NULL
  RETURNING id
)
SELECT ${INTAKE_RETURNED.join(', ')}, e.id AS event_id, (SELECT count(*)::int FROM k) AS acks
FROM t, e, a`;

/** All SQL about tickets, their events and attachments. */
export const ticketRepository = {
  /**
   * The PostgreSQL sequence that numbers a tenant's tickets of one year, created on first use.
   * A sequence takes no lock, so concurrent intakes never queue behind each other's commits
   * (a counter row did, capping intake at one commit at a time). The price: a submission that
   * fails after drawing its number leaves a gap in the numbering.
   */
  async numberSequence(q: Q, tenantId: string, year: number): Promise<string> {
    const name = `ticket_no_${tenantId.replaceAll('-', '')}_${year}`;
    let known = knownSequences.get(q);
    if (!known) knownSequences.set(q, (known = new Set()));
    if (!known.has(name)) {
      try {
        await sql`CREATE SEQUENCE IF NOT EXISTS ${sql.id(name)}`.execute(q);
      } catch (err) {
        // Two nodes creating the first sequence of a year at once: the loser's catalog insert
        // collides; the sequence exists either way.
        if (!isUniqueViolation(err)) throw err;
      }
      known.add(name);
    }
    return name;
  },

  /**
   * Records a new ticket — its code drawn from the year's sequence — with its creation event
   * and its audit record in ONE statement (data-modifying CTEs): atomic without an explicit
   * transaction, and one round trip instead of five — intake is the hottest write path.
   * The code is `prefix` + the number, zero-padded to at least 6 digits.
   *
   * The statement is SQL text written once (`INTAKE_SQL`), run as a prepared statement:
   * building it with the query builder cost more Node CPU per ticket than everything else
   * intake does (profiled: a fifth of the server's time).
   */
  async insertCreated(
    q: Q,
    values: IntakeTicket,
    event: { actorId: string | null; actorRole: string; data: Record<string, unknown>; at: Date },
    audit: { chainId: string; actorLabel: string | null },
    code: { prefix: string; sequence: string },
    /** Where the R-CH-11 acknowledgement goes, if the channel sends one (acknowledgementRoute). */
    ack: AcknowledgementRoute | null = null,
  ) {
    const params: unknown[] = INTAKE_COLUMNS.map((c) => values[c]);
    params.push(
      code.prefix,
      code.sequence,
      event.actorId,
      event.actorRole,
      JSON.stringify(event.data),
      event.at,
      audit.chainId,
      audit.actorLabel,
      ack?.channel ?? null,
      ack?.recipient ?? null,
    );
    const { rows } = await q.executeQuery(
      preparedText<
        Pick<TicketRow, (typeof INTAKE_RETURNED)[number]> & { event_id: string; acks: number }
      >(INTAKE_SQL, params),
    );
    const { event_id: eventId, acks, ...filled } = rows[0]!;
    const ticket: TicketRow = { ...values, ...filled };
    return { ticket, eventId, acknowledged: acks > 0 };
  },

  findByIdempotencyKey(q: Q, tenantId: string, key: string) {
    return q
      .selectFrom('ticket')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  },

  findById(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('ticket')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  findByCode(q: Q, tenantId: string, code: string) {
    return q
      .selectFrom('ticket')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .executeTakeFirst();
  },

  lockById(trx: Transaction<Database>, tenantId: string, id: string) {
    return trx
      .selectFrom('ticket')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  async update(trx: Q, id: string, patch: TicketUpdate): Promise<TicketRow> {
    return trx
      .updateTable('ticket')
      .set((eb) => ({ ...patch, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /**
   * Many timeline events in one statement (changes that touch many tickets at once); returns
   * their ids in the order given (PostgreSQL returns a VALUES list's rows in order).
   */
  async insertEvents(trx: Q, es: NewEvent[]): Promise<string[]> {
    if (es.length === 0) return [];
    const rows = await trx
      .insertInto('ticket_event')
      .values(es.map(eventRow))
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  },

  /**
   * A timeline event and its audit record in one statement (the audit data gets the new
   * event's id as `eventId`): one round trip less on every transition.
   */
  async insertEventAudited(
    trx: Q,
    e: NewEvent,
    audit: {
      chainId: string;
      actorLabel: string | null;
      action: string;
      data: Record<string, unknown>;
    },
  ): Promise<{ id: string; at: Date }> {
    return trx
      .with('e', (db) => db.insertInto('ticket_event').values(eventRow(e)).returning(['id', 'at']))
      .with('a', (db) =>
        db
          .insertInto('audit_log')
          .columns(auditColumns.written)
          .expression((eb) =>
            eb
              .selectFrom('e')
              .select([
                sql<string>`${audit.chainId}`.as('chain_id'),
                sql<string>`${e.tenantId}::uuid`.as('tenant_id'),
                'e.at',
                sql<string | null>`${e.actorId}::uuid`.as('actor_id'),
                sql<string | null>`${audit.actorLabel}`.as('actor_label'),
                sql<string>`${audit.action}`.as('action'),
                sql<string>`'ticket'`.as('entity_type'),
                sql<string>`${e.ticketId}`.as('entity_id'),
                sql<string>`${JSON.stringify(audit.data)}::jsonb || jsonb_build_object('eventId', e.id::text)`.as(
                  'data',
                ),
              ]),
          )
          .returning(['seq']),
      )
      .selectFrom(['e', 'a'])
      .select(['e.id', 'e.at'])
      .executeTakeFirstOrThrow();
  },

  async list(q: Q, f: TicketFilter) {
    let query = q.selectFrom('ticket').where('ticket.tenant_id', '=', f.tenantId);
    if (f.agencyScope) {
      const scope = f.agencyScope;
      query = query.where((eb) =>
        eb.or([eb('ticket.agency_id', '=', scope), eb('ticket.subunit_id', '=', scope)]),
      );
    }
    if (f.status?.length) query = query.where('ticket.status', 'in', f.status);
    if (f.escalation?.length) query = query.where('ticket.escalation', 'in', f.escalation);
    if (f.agencyId) query = query.where('ticket.agency_id', '=', f.agencyId);
    if (f.fieldId) query = query.where('ticket.field_id', '=', f.fieldId);
    if (f.assigneeId) query = query.where('ticket.assignee_id', '=', f.assigneeId);
    if (f.createdBy) query = query.where('ticket.created_by', '=', f.createdBy);
    if (f.channel) query = query.where('ticket.channel', '=', f.channel);
    if (f.phone) query = query.where('ticket.citizen_phone', '=', f.phone);
    if (f.email) query = query.where(sql`lower(ticket.citizen_email)`, '=', f.email.toLowerCase());
    if (f.q) {
      const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      // A viewer who sees rows masked (R-PUB-2) finds them by their code only: matching the
      // texts would confirm a guessed name or number the response hides.
      const masked = f.qMasked ?? 'none';
      query = query.where((eb) =>
        masked === 'all'
          ? eb('ticket.code', 'ilike', like)
          : eb.or([
              eb('ticket.code', 'ilike', like),
              eb.and([
                ...(masked === 'confidential' ? [eb('ticket.confidential', '=', false)] : []),
                eb.or([eb('ticket.subject', 'ilike', like), eb('ticket.content', 'ilike', like)]),
              ]),
            ]),
      );
    }
    const total = await query
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    let rows = query
      .leftJoin('deadline', (join) =>
        join
          .onRef('deadline.ticket_id', '=', 'ticket.id')
          // Only a running clock has a due time to show (a paused one resumes with a new one).
          .on('deadline.status', '=', 'pending'),
      )
      .leftJoin('ticket_flag', 'ticket_flag.ticket_id', 'ticket.id')
      .selectAll('ticket')
      .select([
        'ticket_flag.reasons as flag_reasons',
        'deadline.due_at as current_due_at',
        'deadline.kind as current_deadline_kind',
        'deadline.warn_at as current_warn_at',
      ]);
    rows =
      f.order === 'deadline_asc'
        ? rows.orderBy(sql`deadline.due_at ASC NULLS LAST`).orderBy('ticket.created_at', 'desc')
        : rows.orderBy('ticket.created_at', 'desc');
    const items = await rows.limit(f.limit).offset(f.offset).execute();
    return { total: Number(total.n), items };
  },

  events(q: Q, ticketId: string) {
    return q
      .selectFrom('ticket_event')
      .leftJoin('app_user', 'app_user.id', 'ticket_event.actor_id')
      .leftJoin('agency', 'agency.id', 'ticket_event.agency_id')
      .select(columns.timeline)
      .where('ticket_event.ticket_id', '=', ticketId)
      .orderBy('ticket_event.id')
      .execute();
  },

  deadlines(q: Q, ticketId: string) {
    return q
      .selectFrom('deadline')
      .selectAll()
      .where('ticket_id', '=', ticketId)
      .orderBy('id')
      .execute();
  },

  attachments(q: Q, ticketId: string) {
    return q
      .selectFrom('attachment')
      .select(columns.attachment)
      .where('ticket_id', '=', ticketId)
      .orderBy('created_at')
      .execute();
  },

  insertAttachment(
    q: Q,
    a: {
      tenantId: string;
      ticketId: string | null;
      eventId: string | null;
      storageKey: string;
      filename: string;
      contentType: string;
      size: number;
      sha256: string;
      createdBy: string | null;
    },
  ) {
    return q
      .insertInto('attachment')
      .values({
        tenant_id: a.tenantId,
        ticket_id: a.ticketId,
        event_id: a.eventId,
        storage_key: a.storageKey,
        filename: a.filename,
        content_type: a.contentType,
        size: a.size,
        sha256: a.sha256,
        created_by: a.createdBy,
      })
      .returning(columns.uploaded)
      .executeTakeFirstOrThrow();
  },

  findAttachment(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('attachment')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  async linkAttachments(
    trx: Q,
    tenantId: string,
    ids: string[],
    ticketId: string,
    eventId: string,
  ) {
    if (ids.length === 0) return 0;
    const res = await trx
      .updateTable('attachment')
      .set({ ticket_id: ticketId, event_id: eventId })
      .where('tenant_id', '=', tenantId)
      .where('id', 'in', ids)
      .where((eb) => eb.or([eb('ticket_id', 'is', null), eb('ticket_id', '=', ticketId)]))
      .where('event_id', 'is', null)
      .executeTakeFirst();
    return Number(res.numUpdatedRows);
  },

  /** A knowledge-base article an answer cites: its published version, title and code. */
  kbArticleRef(trx: Q, tenantId: string, id: string) {
    return trx
      .selectFrom('kb_article')
      .select(['id', 'version', 'title', 'code', 'status'])
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** Why a ticket was flagged for review (R-AB-1: offensive language…), or null. */
  async flagReasons(q: Q, ticketId: string): Promise<string[] | null> {
    const r = await q
      .selectFrom('ticket_flag')
      .select('reasons')
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
    return r?.reasons ?? null;
  },
};
