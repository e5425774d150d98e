import type { AppContext } from '../../app/context.ts';
import { redact } from '../../core/publication/redact.ts';
import { auditBy, chainOf } from '../audit/audit.repository.ts';
import { ticketRepository } from '../ticket/ticket.repository.ts';
import { publicationRepository as repo } from './publication.repository.ts';

/**
 * The demo province's citizens' website with something to show: a few answered tickets
 * published as an operator would after accepting the proposed redactions, and citizens'
 * ratings of some answers (recorded like the website records them). Fictional data, loaded
 * once with the demo province. Returns how many answers were published.
 */
export async function publishDemoAnswers(ctx: AppContext, max = 8): Promise<number> {
  const db = ctx.db;
  const operator = await repo.demoOperator(db);
  if (!operator) return 0;
  const actor = { tenantId: operator.tenant_id, userId: operator.id, username: operator.username };
  const answered = await repo.demoAnswered(db, operator.tenant_id, max * 2);
  const now = ctx.clock.now();
  const tickets = ticketRepository;
  let published = 0;
  await db.transaction().execute(async (trx) => {
    for (const [i, t] of answered.entries()) {
      // Every other answered ticket is rated: mostly satisfied, some not.
      const rating = [5, 4, 2, 5, 3, 4, 1, 5][i % 8]!;
      if (i % 2 === 0 && t.agency_id) {
        await repo.insertDemoRating(trx, {
          tenantId: t.tenant_id,
          ticketId: t.id,
          agencyId: t.agency_id,
          round: t.reopen_count,
          rating,
          at: now,
        });
        await tickets.insertEventAudited(
          trx,
          {
            ticketId: t.id,
            tenantId: t.tenant_id,
            action: 'citizen_rating',
            fromStatus: t.status,
            toStatus: t.status,
            actorId: null,
            actorRole: 'system',
            agencyId: t.agency_id,
            note: `Mức độ hài lòng / Satisfaction: ${rating}/5`,
            data: { rating, comment: null, round: t.reopen_count },
            at: now,
          },
          {
            chainId: chainOf(t.tenant_id),
            actorLabel: 'citizen:web',
            action: 'ticket.citizen_rating',
            data: { code: t.code, rating },
          },
        );
      }
      if (published >= max || t.channel === 'web') continue;
      const known = {
        names: [t.citizen_name],
        phones: [t.citizen_phone],
        emails: [t.citizen_email],
        addresses: [t.citizen_address],
      };
      const texts = {
        title: redact(t.subject, known).text,
        question: redact(t.content, known).text,
        answer: redact(t.answer ?? '', known).text,
      };
      await repo.insertDemoPublication(trx, {
        ticketId: t.id,
        tenantId: t.tenant_id,
        ...texts,
        fieldId: t.field_id,
        agencyId: t.agency_id,
        by: operator.id,
        at: now,
        receivedAt: t.created_at,
        answeredAt: t.answered_at,
      });
      await auditBy(trx, actor, {
        action: 'publication.publish',
        entityType: 'ticket',
        entityId: t.id,
        data: { code: t.code, ...texts, demo: true },
        at: now,
      });
      published++;
    }
  });
  return published;
}
