import type { Q } from '../../db/helpers.ts';

const ANSWERED = ['answered', 'closed'] as const;

/** The columns of a list entry (candidates and published answers alike). */
const listColumns = [
  't.id',
  't.code',
  't.status',
  't.channel',
  't.answered_at',
  'f.name as field_name',
  'a.name as agency_name',
  'p.published_at',
  'p.unpublished_at',
] as const;

/** All SQL of the publication workflow (R-PUB-1/2). */
/** A publication as written: the approved texts and what the public list shows beside them. */
export interface NewPublication {
  ticketId: string;
  tenantId: string;
  title: string;
  question: string;
  answer: string;
  fieldId: string | null;
  agencyId: string | null;
  by: string;
  at: Date;
  receivedAt: Date;
  answeredAt: Date | null;
}

export const publicationRepository = {
  /** Answered tickets that may be published (not confidential, consent not refused) and are not. */
  candidates(q: Q, tenantId: string, limit: number, offset: number) {
    return q
      .selectFrom('ticket as t')
      .leftJoin('public_request as pr', 'pr.ticket_id', 't.id')
      .leftJoin('publication as p', 'p.ticket_id', 't.id')
      .leftJoin('field as f', 'f.id', 't.field_id')
      .leftJoin('agency as a', 'a.id', 't.agency_id')
      .select([...listColumns, 't.subject'])
      .where('t.tenant_id', '=', tenantId)
      .where('t.status', 'in', [...ANSWERED])
      .where('t.answer', 'is not', null)
      .where('t.confidential', '=', false)
      .where((eb) =>
        eb.or([
          eb('pr.publish_consent', '=', true),
          // Other channels: the operator asked the citizen; the web form asks for itself.
          eb.and([eb('pr.ticket_id', 'is', null), eb('t.channel', '<>', 'web')]),
        ]),
      )
      .where((eb) => eb.or([eb('p.ticket_id', 'is', null), eb('p.unpublished_at', 'is not', null)]))
      .orderBy('t.answered_at', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  },

  published(q: Q, tenantId: string, limit: number, offset: number) {
    return q
      .selectFrom('publication as p')
      .innerJoin('ticket as t', 't.id', 'p.ticket_id')
      .leftJoin('field as f', 'f.id', 'p.field_id')
      .leftJoin('agency as a', 'a.id', 'p.agency_id')
      .select([...listColumns, 'p.title as subject'])
      .where('p.tenant_id', '=', tenantId)
      .where('p.unpublished_at', 'is', null)
      .orderBy('p.published_at', 'desc')
      .limit(limit)
      .offset(offset)
      .execute();
  },

  ticket(q: Q, tenantId: string, id: string, lock = false) {
    let s = q
      .selectFrom('ticket as t')
      .leftJoin('field as f', 'f.id', 't.field_id')
      .leftJoin('agency as a', 'a.id', 't.agency_id')
      .select([
        't.id',
        't.tenant_id',
        't.code',
        't.channel',
        't.status',
        't.subject',
        't.content',
        't.answer',
        't.confidential',
        't.citizen_name',
        't.citizen_phone',
        't.citizen_email',
        't.citizen_address',
        't.field_id',
        't.agency_id',
        't.created_at',
        't.answered_at',
        'f.name as field_name',
        'a.name as agency_name',
      ])
      .where('t.tenant_id', '=', tenantId)
      .where('t.id', '=', id);
    if (lock) s = s.forUpdate('t');
    return s.executeTakeFirst();
  },

  consent(q: Q, ticketId: string) {
    return q
      .selectFrom('public_request')
      .select('publish_consent')
      .where('ticket_id', '=', ticketId)
      .executeTakeFirst();
  },

  publication(q: Q, ticketId: string) {
    return q
      .selectFrom('publication as p')
      .leftJoin('app_user as u', 'u.id', 'p.published_by')
      .selectAll('p')
      .select('u.display_name as published_by_name')
      .where('p.ticket_id', '=', ticketId)
      .executeTakeFirst();
  },

  upsert(trx: Q, p: NewPublication) {
    const values = {
      ticket_id: p.ticketId,
      tenant_id: p.tenantId,
      title: p.title,
      question: p.question,
      answer: p.answer,
      field_id: p.fieldId,
      agency_id: p.agencyId,
      published_by: p.by,
      published_at: p.at,
      unpublished_by: null,
      unpublished_at: null,
      received_at: p.receivedAt,
      answered_at: p.answeredAt,
    };
    return trx
      .insertInto('publication')
      .values(values)
      .onConflict((oc) =>
        oc.column('ticket_id').doUpdateSet({
          title: p.title,
          question: p.question,
          answer: p.answer,
          field_id: p.fieldId,
          agency_id: p.agencyId,
          published_by: p.by,
          published_at: p.at,
          unpublished_by: null,
          unpublished_at: null,
          answered_at: p.answeredAt,
        }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  unpublish(trx: Q, tenantId: string, ticketId: string, by: string, at: Date) {
    return trx
      .updateTable('publication')
      .set({ unpublished_by: by, unpublished_at: at })
      .where('tenant_id', '=', tenantId)
      .where('ticket_id', '=', ticketId)
      .where('unpublished_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

  // ---- demo data (src/demo) ----------------------------------------------------------------

  /** The operator the demo's publications are signed by: the first by username. */
  demoOperator(q: Q) {
    return q
      .selectFrom('app_user')
      .select(['id', 'tenant_id', 'username'])
      .where('role', '=', 'operator')
      .orderBy('username')
      .executeTakeFirst();
  },

  /** Answered, not confidential tickets, latest first. */
  demoAnswered(q: Q, tenantId: string, limit: number) {
    return q
      .selectFrom('ticket')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('status', 'in', [...ANSWERED])
      .where('confidential', '=', false)
      .where('answer', 'is not', null)
      .orderBy('answered_at', 'desc')
      .limit(limit)
      .execute();
  },

  /** A citizen's rating of an answer, as the website records it (once per round). */
  async insertDemoRating(
    q: Q,
    r: {
      tenantId: string;
      ticketId: string;
      agencyId: string;
      round: number;
      rating: number;
      at: Date;
    },
  ) {
    await q
      .insertInto('satisfaction')
      .values({
        tenant_id: r.tenantId,
        ticket_id: r.ticketId,
        agency_id: r.agencyId,
        round: r.round,
        rating: r.rating,
        comment: null,
        at: r.at,
      })
      .onConflict((oc) => oc.columns(['ticket_id', 'round']).doNothing())
      .execute();
  },

  /** An answer published once (a second load of the demo leaves it as it is). */
  async insertDemoPublication(q: Q, p: NewPublication) {
    await q
      .insertInto('publication')
      .values({
        ticket_id: p.ticketId,
        tenant_id: p.tenantId,
        title: p.title,
        question: p.question,
        answer: p.answer,
        field_id: p.fieldId,
        agency_id: p.agencyId,
        published_by: p.by,
        published_at: p.at,
        received_at: p.receivedAt,
        answered_at: p.answeredAt,
      })
      .onConflict((oc) => oc.column('ticket_id').doNothing())
      .execute();
  },
};
