import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { messageDay, pickAcknowledgement, renderTemplate } from '../../core/template/render.ts';
import { ALL_ROLES, requireRole, type Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import { TemplateRepository } from './template.repository.ts';
import type { TemplateBody, TemplatePatch } from './template.schema.ts';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * Reply templates operators insert into answers, and the acknowledgement each message channel
 * sends on receipt (R-CH-11). Staff read the active ones; the administrator writes them, and
 * every change is audited.
 */
export class TemplateService {
  readonly repo: TemplateRepository;
  constructor(private readonly ctx: AppContext) {
    this.repo = new TemplateRepository(ctx.db);
  }

  async list(actorIn: Actor | undefined, kind?: 'reply' | 'acknowledgement') {
    const actor = requireRole(actorIn, ALL_ROLES);
    return this.repo.list(actor.tenantId, { kind, activeOnly: actor.role !== 'admin' });
  }

  async create(actorIn: Actor | undefined, b: TemplateBody) {
    const actor = requireRole(actorIn, ['admin']);
    const now = this.ctx.clock.now();
    return this.guard(() =>
      this.ctx.db.transaction().execute(async (trx) => {
        const row = await this.repo.insert(trx, actor.tenantId, b, now);
        await auditBy(trx, actor, {
          action: 'template.create',
          entityType: 'message_template',
          entityId: row.id,
          data: b,
          at: now,
        });
        return row;
      }),
    );
  }

  async update(actorIn: Actor | undefined, id: string, b: TemplatePatch) {
    const actor = requireRole(actorIn, ['admin']);
    const now = this.ctx.clock.now();
    return this.guard(() =>
      this.ctx.db.transaction().execute(async (trx) => {
        const current = await this.repo.get(trx, actor.tenantId, id);
        if (!current) throw new AppError('not_found');
        if (b.channel && current.kind !== 'acknowledgement') {
          throw new AppError('validation_failed', [
            { path: 'channel', message: 'only acknowledgements have a channel' },
          ]);
        }
        const row = await this.repo.update(trx, actor.tenantId, id, b, now);
        if (!row) throw new AppError('not_found');
        await auditBy(trx, actor, {
          action: 'template.update',
          entityType: 'message_template',
          entityId: id,
          data: b,
          at: now,
        });
        return row;
      }),
    );
  }

  /**
   * The acknowledgement text for a message received on `channel` (R-CH-11), in the citizen's
   * language, or null when the deployment set none. For channel drivers.
   */
  async acknowledgement(
    tenantId: string,
    channel: string,
    lang: 'vi' | 'en',
    values: { code?: string; name?: string },
  ): Promise<string | null> {
    const all = await this.repo.list(tenantId, { kind: 'acknowledgement', activeOnly: true });
    const t = pickAcknowledgement(all, channel);
    if (!t) return null;
    const text = lang === 'en' && t.body_en ? t.body_en : t.body_vi;
    return renderTemplate(text, {
      hotline: await this.repo.hotline(tenantId),
      date: messageDay(this.ctx.clock.now()),
      ...values,
    });
  }

  private async guard<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      // Same code twice, or a second active acknowledgement for one channel.
      if (isUniqueViolation(err)) throw new AppError('conflict');
      throw err;
    }
  }
}
