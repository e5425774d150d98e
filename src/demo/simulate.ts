import type { AppContext, ManualClock } from '../app/context.ts';
import type { Services } from '../app/services.ts';
import type { Q } from '../db/helpers.ts';
import type { TicketRow } from '../db/schema.ts';
import { AppError } from '../core/errors/codes.ts';
import { sweepDeadlines } from '../jobs/sla-sweeper.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { renderTemplate } from '../modules/notification/templates.ts';
import { deadlineRepository } from '../modules/sla/deadline.repository.ts';
import type { ActingAs } from '../modules/ticket/ticket.service.ts';
import type { Step, Story } from './stories.ts';
import { demoRepository as repo } from './demo.repository.ts';

export interface StepFailure {
  story: number;
  scenario: string;
  step: number;
  action: string;
  error: string;
}

const STARTS_CLOCK = new Set<string>([
  'forward',
  'transfer',
  'escalate',
  'request_verification',
  'supplement',
]);

/** The sweeper runs every few seconds in production: fire a deadline this long after it is due. */
const SWEEP_LAG_MS = 5_000;

/**
 * Plays the stories in time order through the real services on a simulated clock. Before
 * each step the clock walks through every deadline and warning due until then, running the
 * real sweeper at each, so escalations, warnings and overdue marks carry their true times.
 * A refused step (it should not happen) ends its story; a database error ends the seed.
 */
export async function playStories(
  sim: { ctx: AppContext; services: Services; clock: ManualClock },
  stories: Story[],
  actors: Map<string, Actor>,
  tenantId: string,
  end: Date,
): Promise<{ failures: StepFailure[]; sweeps: number; ticketIds: Map<number, string> }> {
  const { ctx, services, clock } = sim;
  const queue: { story: Story; i: number; step: Step }[] = stories.flatMap((story) =>
    story.steps.map((step, i) => ({ story, i, step })),
  );
  queue.sort(
    (a, b) =>
      a.step.at.getTime() - b.step.at.getTime() || a.story.index - b.story.index || a.i - b.i,
  );
  const ticketIds = new Map<number, string>();
  // The row each step returned; only the sweeper writes tickets behind our back, so a sweep
  // that fired something invalidates them all (one transaction, no other writer).
  const rows = new Map<number, TicketRow>();
  const failed = new Set<number>();
  const failures: StepFailure[] = [];
  let sweeps = 0;

  const nextDue = async (): Promise<number | null> =>
    (await deadlineRepository.nextFiring(ctx.db, tenantId))?.getTime() ?? null;
  // Only steps that start or resume a clock can bring the next due time forward; a cancelled
  // deadline can only make the cached value early, which costs one idle sweep.
  let cached: number | null | undefined;
  const advance = async (to: Date) => {
    for (;;) {
      if (cached === undefined) cached = await nextDue();
      if (cached === null || cached > to.getTime()) break;
      clock.set(new Date(Math.min(cached + SWEEP_LAG_MS, to.getTime())));
      const { fired } = await sweepDeadlines(ctx, services);
      if (fired > 0) rows.clear();
      cached = undefined;
      sweeps++;
    }
  };
  const actorOf = (by: string): ActingAs => {
    if (by.startsWith('system:'))
      return { system: true, tenantId, label: by.slice('system:'.length) };
    const a = actors.get(by);
    if (!a) throw new Error(`demo: unknown user ${by}`);
    return a;
  };

  for (const { story, i, step } of queue) {
    if (failed.has(story.index)) continue;
    await advance(step.at);
    clock.set(step.at);
    try {
      const actor = actorOf(step.by);
      if (step.kind === 'create') {
        const { ticket } = await services.tickets.createAs(actor, step.body);
        ticketIds.set(story.index, ticket.id);
        rows.set(story.index, ticket);
      } else {
        const id = ticketIds.get(story.index);
        if (!id) throw new Error('ticket not created');
        await ctx.db.transaction().execute(async (trx) => {
          const t =
            rows.get(story.index) ?? (await services.tickets.repo.lockById(trx, tenantId, id));
          if (!t) throw new Error('ticket not found');
          rows.set(
            story.index,
            await services.tickets.transition(trx, t, actor, step.action, step.body),
          );
        });
        if (STARTS_CLOCK.has(step.action)) cached = undefined;
      }
    } catch (err) {
      // A refused decision (AppError) wrote nothing: skip the rest of that story. Anything else
      // (a database error) has aborted the transaction: give up, nothing is kept.
      if (!(err instanceof AppError)) throw err;
      failed.add(story.index);
      failures.push({
        story: story.index,
        scenario: story.scenario,
        step: i,
        action: step.kind === 'create' ? 'create' : step.action,
        error: `${err.code}: ${err.message}`,
      });
    }
  }
  await advance(end);
  clock.set(end);
  await sweepDeadlines(ctx, services);
  return { failures, sweeps, ticketIds };
}

/**
 * The outbox of a simulated past must not be sent when the server starts: weeks-old SMS and
 * e-mails to fictional citizens would be absurd. Each message is settled as delivered at the
 * time of its event; in-app messages become the notifications users read (older ones read).
 */
export async function settleOutbox(trx: Q, tenantId: string, end: Date) {
  const messages = await repo.eventMessages(trx, tenantId);
  const readBefore = end.getTime() - 3 * 86_400_000;
  const notes = messages
    .filter((r) => r.channel === 'inapp' && r.user_id)
    .map((r) => {
      const { title, body } = renderTemplate(
        r.template,
        r.payload,
        r.payload.locale === 'en' ? 'en' : 'vi',
      );
      const at = new Date(r.at);
      return {
        userId: r.user_id!,
        outboxId: r.id,
        title,
        body,
        ticketId: typeof r.payload.ticketId === 'string' ? r.payload.ticketId : null,
        createdAt: at,
        readAt:
          at.getTime() < readBefore
            ? new Date(at.getTime() + ((Number(r.id) % 8) + 1) * 3_600_000)
            : null,
      };
    });
  await repo.insertNotifications(trx, notes);
  await repo.settleEventMessages(trx, tenantId);
  return { messages: messages.length, notifications: notes.length };
}
