import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { findRedactions, redact, type KnownPersonalData } from '../../core/publication/redact.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { Q } from '../../db/helpers.ts';
import { auditBy } from '../audit/audit.repository.ts';
import type { Actor } from '../auth/actor.ts';
import { publicationRepository as repo } from './publication.repository.ts';
import type { Ineligible, PublicationQuery, PublishBody } from '../../contract/publication.ts';

type TicketForPublication = NonNullable<Awaited<ReturnType<typeof repo.ticket>>>;

/**
 * The publication workflow (R-PUB-1/2): an operator, supervisor or coordinator reviews the
 * automatically redacted texts of an answered ticket, adjusts them and publishes them on the
 * public website, or withdraws them. A ticket whose citizen asked for confidentiality or did
 * not consent is never published; the citizen's own name, phone, email and address must not
 * remain in what is published. Every publish and unpublish is audited.
 */
export class PublicationService {
  constructor(private readonly ctx: AppContext) {}

  async list(actorIn: Actor | undefined, q: PublicationQuery) {
    const actor = requirePermission(actorIn, 'publication.manage');
    const db = this.ctx.db;
    return q.state === 'published'
      ? repo.published(db, actor.tenantId, q.limit, q.offset)
      : repo.candidates(db, actor.tenantId, q.limit, q.offset);
  }

  private async ineligible(q: Q, t: TicketForPublication): Promise<Ineligible | null> {
    if ((t.status !== 'answered' && t.status !== 'closed') || !t.answer) return 'not_answered';
    if (t.confidential) return 'confidential';
    const consent = await repo.consent(q, t.id);
    // The web form asks; a web ticket without its answer is treated as a refusal.
    if (consent ? !consent.publish_consent : t.channel === 'web') return 'no_consent';
    return null;
  }

  private known(t: TicketForPublication): KnownPersonalData {
    return {
      names: [t.citizen_name],
      phones: [t.citizen_phone],
      emails: [t.citizen_email],
      addresses: [t.citizen_address],
    };
  }

  /** The ticket, whether it may be published, the proposed redactions and what is published. */
  async draft(actorIn: Actor | undefined, ticketId: string) {
    const actor = requirePermission(actorIn, 'publication.manage');
    const t = await repo.ticket(this.ctx.db, actor.tenantId, ticketId);
    if (!t) throw new AppError('ticket_not_found');
    const known = this.known(t);
    const proposal = (text: string) => ({ original: text, ...redact(text, known) });
    return {
      ticket: t,
      ineligible: await this.ineligible(this.ctx.db, t),
      proposal: {
        title: proposal(t.subject),
        question: proposal(t.content),
        answer: proposal(t.answer ?? ''),
      },
      publication: (await repo.publication(this.ctx.db, t.id)) ?? null,
    };
  }

  async publish(actorIn: Actor | undefined, ticketId: string, b: PublishBody) {
    const actor = requirePermission(actorIn, 'publication.manage');
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const t = await repo.ticket(trx, actor.tenantId, ticketId, true);
      if (!t) throw new AppError('ticket_not_found');
      const why = await this.ineligible(trx, t);
      if (why) throw new AppError('publication_not_allowed', { reason: why });
      const left = [b.title, b.question, b.answer].flatMap((text, i) =>
        findRedactions(text, this.known(t), false).map((r) => ({
          path: ['title', 'question', 'answer'][i]!,
          kind: r.kind,
        })),
      );
      if (left.length) throw new AppError('publication_personal_data', left);
      const row = await repo.upsert(trx, {
        ticketId: t.id,
        tenantId: t.tenant_id,
        title: b.title,
        question: b.question,
        answer: b.answer,
        fieldId: t.field_id,
        agencyId: t.agency_id,
        by: actor.userId,
        at: now,
        receivedAt: t.created_at,
        answeredAt: t.answered_at,
      });
      await auditBy(trx, actor, {
        action: 'publication.publish',
        entityType: 'ticket',
        entityId: t.id,
        data: { code: t.code, title: b.title, question: b.question, answer: b.answer },
        at: now,
      });
      return row;
    });
  }

  async unpublish(actorIn: Actor | undefined, ticketId: string) {
    const actor = requirePermission(actorIn, 'publication.manage');
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const t = await repo.ticket(trx, actor.tenantId, ticketId, true);
      if (!t) throw new AppError('ticket_not_found');
      const row = await repo.unpublish(trx, actor.tenantId, ticketId, actor.userId, now);
      if (!row) throw new AppError('not_found');
      await auditBy(trx, actor, {
        action: 'publication.unpublish',
        entityType: 'ticket',
        entityId: t.id,
        data: { code: t.code },
        at: now,
      });
      return row;
    });
  }
}
