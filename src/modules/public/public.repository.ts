import { sql } from 'kysely';
import type { Q } from '../../db/helpers.ts';

/** Tickets whose answer the public may see (a reopened ticket's publication hides itself). */
export const ANSWERED = ['answered', 'closed'] as const;
const AGENCY_DONE = ['agency_answered', 'answered', 'closed'] as const;
const AGENCY_OPEN = ['forwarded', 'in_progress', 'verifying', 'pending_approval'] as const;

export interface PublishedFilter {
  tenantId: string;
  q?: string | undefined;
  fieldId?: string | undefined;
  agencyId?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
  offset: number;
}

/** A published answer as the site lists it (`answer` added for its own page). */
const publishedColumns = [
  'p.ticket_id',
  'p.title',
  'p.question',
  'p.received_at',
  'p.answered_at',
  'fi.name as field_name',
  'fi.name_en as field_name_en',
  'a.name as agency_name',
  'a.name_en as agency_name_en',
] as const;

/** Tickets whose answer the public may see, with the publication's filters. */
function published(q: Q, f: Omit<PublishedFilter, 'limit' | 'offset'>) {
  let s = q
    .selectFrom('publication as p')
    .innerJoin('ticket as t', 't.id', 'p.ticket_id')
    .where('p.tenant_id', '=', f.tenantId)
    .where('p.unpublished_at', 'is', null)
    .where('t.status', 'in', [...ANSWERED])
    // Confidentiality asked after publication (or set by staff) withdraws it at once.
    .where('t.confidential', '=', false);
  if (f.fieldId) s = s.where('p.field_id', '=', f.fieldId);
  if (f.agencyId) s = s.where('p.agency_id', '=', f.agencyId);
  if (f.from) s = s.where('p.received_at', '>=', f.from);
  if (f.to) s = s.where('p.received_at', '<', f.to);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    s = s.where((eb) =>
      eb.or([
        eb('p.title', 'ilike', like),
        eb('p.question', 'ilike', like),
        eb('p.answer', 'ilike', like),
      ]),
    );
  }
  return s;
}

/** All SQL of the public website. */
export const publicRepository = {
  tenants(q: Q) {
    return q
      .selectFrom('tenant')
      .select(['id', 'code', 'name', 'kind', 'settings'])
      .orderBy('created_at')
      .execute();
  },

  fields(q: Q, tenantId: string) {
    return q
      .selectFrom('field as f')
      .innerJoin('field_group as g', 'g.id', 'f.group_id')
      .select([
        'f.id',
        'f.code',
        'f.name',
        'f.name_en',
        'g.number as group_number',
        'g.name as group_name',
        'g.name_en as group_name_en',
      ])
      .where('f.tenant_id', '=', tenantId)
      .where('f.active', '=', true)
      .orderBy('g.number')
      .orderBy('f.name')
      .execute();
  },

  /** Agencies that answer citizens (not the hotline itself, not internal sub-units). */
  agencies(q: Q, tenantId: string) {
    return q
      .selectFrom('agency')
      .select(['id', 'code', 'name', 'name_en'])
      .where('tenant_id', '=', tenantId)
      .where('active', '=', true)
      .where('kind', 'not in', ['hotline', 'subunit'])
      .orderBy('name')
      .execute();
  },

  units(q: Q, tenantId: string) {
    return q
      .selectFrom('org_unit')
      .select(['id', 'parent_id', 'code', 'name', 'level', 'valid_to', 'successor_id'])
      .where('tenant_id', '=', tenantId)
      .orderBy('code')
      .execute();
  },

  /** A ticket with the names the citizen's page shows. */
  ticket(q: Q, tenantId: string, by: { id: string } | { code: string }) {
    const s = q
      .selectFrom('ticket as t')
      .leftJoin('field as f', 'f.id', 't.field_id')
      .leftJoin('agency as a', 'a.id', 't.agency_id')
      .select([
        't.id',
        't.tenant_id',
        't.code',
        't.status',
        't.subject',
        't.content',
        't.citizen_name',
        't.citizen_phone',
        't.citizen_email',
        't.answer',
        't.reject_reason',
        't.reject_guidance',
        't.reopen_count',
        't.agency_id',
        't.created_at',
        't.answered_at',
        'f.name as field_name',
        'f.name_en as field_name_en',
        'a.name as agency_name',
        'a.name_en as agency_name_en',
      ])
      .where('t.tenant_id', '=', tenantId);
    return (
      'id' in by ? s.where('t.id', '=', by.id) : s.where('t.code', '=', by.code)
    ).executeTakeFirst();
  },

  insertPublicRequest(q: Q, r: { ticketId: string; tenantId: string; consent: boolean; at: Date }) {
    return q
      .insertInto('public_request')
      .values({
        ticket_id: r.ticketId,
        tenant_id: r.tenantId,
        publish_consent: r.consent,
        created_at: r.at,
      })
      .onConflict((oc) => oc.column('ticket_id').doNothing())
      .execute();
  },

  rating(q: Q, ticketId: string, round: number) {
    return q
      .selectFrom('satisfaction')
      .select(['rating', 'comment', 'at'])
      .where('ticket_id', '=', ticketId)
      .where('round', '=', round)
      .executeTakeFirst();
  },

  /** Inserts a rating; false when this round was rated already. */
  async insertRating(
    q: Q,
    r: {
      tenantId: string;
      ticketId: string;
      agencyId: string | null;
      round: number;
      rating: number;
      comment: string | null;
      at: Date;
    },
  ): Promise<boolean> {
    const row = await q
      .insertInto('satisfaction')
      .values({
        tenant_id: r.tenantId,
        ticket_id: r.ticketId,
        agency_id: r.agencyId,
        round: r.round,
        rating: r.rating,
        comment: r.comment,
        at: r.at,
      })
      .onConflict((oc) => oc.columns(['ticket_id', 'round']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return !!row;
  },

  /**
   * Per agency: answers given (by the agency), of which on time (never marked overdue), still
   * open at the agency, and the citizens' ratings of the agency's answers.
   */
  async agencyStats(q: Q, tenantId: string) {
    const rows = await q
      .selectFrom('agency as a')
      .leftJoin('ticket as t', (j) => j.onRef('t.agency_id', '=', 'a.id'))
      .select((eb) => [
        'a.id',
        'a.name',
        'a.name_en',
        eb.fn
          .count<string>('t.id')
          .filterWhere('t.status', 'in', [...AGENCY_DONE])
          .as('answered'),
        eb.fn
          .count<string>('t.id')
          .filterWhere((w) =>
            w.and([w('t.status', 'in', [...AGENCY_DONE]), w('t.escalation', '<>', 'overdue')]),
          )
          .as('on_time'),
        eb.fn
          .count<string>('t.id')
          .filterWhere('t.status', 'in', [...AGENCY_OPEN])
          .as('open'),
      ])
      .where('a.tenant_id', '=', tenantId)
      .where('a.active', '=', true)
      .where('a.kind', 'not in', ['hotline', 'subunit'])
      .groupBy(['a.id', 'a.name', 'a.name_en'])
      .orderBy('a.name')
      .execute();
    const ratings = await q
      .selectFrom('satisfaction')
      .select((eb) => [
        'agency_id',
        eb.fn.count<string>('id').as('n'),
        sql<string>`avg(rating)`.as('avg'),
      ])
      .where('tenant_id', '=', tenantId)
      .where('agency_id', 'is not', null)
      .groupBy('agency_id')
      .execute();
    const byAgency = new Map(ratings.map((r) => [r.agency_id, r]));
    return rows.map((r) => {
      const s = byAgency.get(r.id);
      return {
        id: r.id,
        name: r.name,
        nameEn: r.name_en,
        answered: Number(r.answered),
        onTime: Number(r.on_time),
        open: Number(r.open),
        ratings: s ? Number(s.n) : 0,
        satisfaction: s ? Number(s.avg) : null,
      };
    });
  },

  async publishedList(q: Q, f: PublishedFilter) {
    const [rows, total] = await Promise.all([
      published(q, f)
        .leftJoin('field as fi', 'fi.id', 'p.field_id')
        .leftJoin('agency as a', 'a.id', 'p.agency_id')
        .select(publishedColumns)
        .orderBy('p.received_at', 'desc')
        .limit(f.limit)
        .offset(f.offset)
        .execute(),
      published(q, f)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(total.n) };
  },

  publishedOne(q: Q, tenantId: string, ticketId: string) {
    return published(q, { tenantId })
      .leftJoin('field as fi', 'fi.id', 'p.field_id')
      .leftJoin('agency as a', 'a.id', 'p.agency_id')
      .select([...publishedColumns, 'p.answer'])
      .where('p.ticket_id', '=', ticketId)
      .executeTakeFirst();
  },
};
