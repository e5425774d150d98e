import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { can } from '../../core/access/permissions.ts';
import { requirePermission } from '../../core/access/check.ts';
import { messageDay, pickAcknowledgement, renderTemplate } from '../../core/template/render.ts';
import type { Actor } from '../auth/actor.ts';
import { writeAudited } from '../audit/audited-write.ts';
import { templateRepository as repo } from './template.repository.ts';
import type { TemplateBody, TemplateKind, TemplatePatch } from '../../contract/template.ts';

/**
 * Reply templates operators insert into answers, and the acknowledgement each message channel
 * sends on receipt (R-CH-11). Staff read the active ones; the administrator writes them, and
 * every change is audited. A second template with one code, or a second active
 * acknowledgement for one channel, is a `conflict` (unique indexes).
 */
export class TemplateService {
  constructor(private readonly ctx: AppContext) {}

  async list(actorIn: Actor | undefined, kind?: TemplateKind) {
    const actor = requirePermission(actorIn, 'template.read');
    // Inactive templates are the administrators' business only.
    const activeOnly = !can(actor.role, 'template.manage');
    return repo.list(this.ctx.db, actor.tenantId, { kind, activeOnly });
  }

  async create(actorIn: Actor | undefined, b: TemplateBody) {
    const actor = requirePermission(actorIn, 'template.manage');
    const at = this.ctx.clock.now();
    return writeAudited(
      this.ctx.db,
      actor,
      { action: 'template.create', entityType: 'message_template', data: b, at },
      (trx) => repo.insert(trx, actor.tenantId, b, at),
    );
  }

  async update(actorIn: Actor | undefined, id: string, b: TemplatePatch) {
    const actor = requirePermission(actorIn, 'template.manage');
    const at = this.ctx.clock.now();
    return writeAudited(
      this.ctx.db,
      actor,
      { action: 'template.update', entityType: 'message_template', data: b, at },
      async (trx) => {
        const current = await repo.get(trx, actor.tenantId, id);
        if (!current) throw new AppError('not_found');
        if (b.channel && current.kind !== 'acknowledgement') {
          throw new AppError('validation_failed', [
            { path: 'channel', message: 'only acknowledgements have a channel' },
          ]);
        }
        const row = await repo.update(trx, actor.tenantId, id, b, at);
        if (!row) throw new AppError('not_found');
        return row;
      },
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
    const db = this.ctx.db;
    const all = await repo.list(db, tenantId, { kind: 'acknowledgement', activeOnly: true });
    const t = pickAcknowledgement(all, channel);
    if (!t) return null;
    const text = lang === 'en' && t.body_en ? t.body_en : t.body_vi;
    return renderTemplate(text, {
      hotline: await repo.hotline(db, tenantId),
      date: messageDay(this.ctx.clock.now()),
      ...values,
    });
  }
}
