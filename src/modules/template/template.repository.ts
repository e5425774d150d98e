import type { Transaction } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import type { TemplateBody, TemplatePatch } from './template.schema.ts';

type Q = DB | Transaction<Database>;

/** SQL of message templates (reply templates and acknowledgements). */
export class TemplateRepository {
  constructor(private readonly db: DB) {}

  list(tenantId: string, opts: { kind?: 'reply' | 'acknowledgement'; activeOnly: boolean }) {
    let q = this.db.selectFrom('message_template').selectAll().where('tenant_id', '=', tenantId);
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    if (opts.activeOnly) q = q.where('active', '=', true);
    return q.orderBy('kind').orderBy('title').execute();
  }

  insert(q: Q, tenantId: string, b: TemplateBody, now: Date) {
    return q
      .insertInto('message_template')
      .values({
        tenant_id: tenantId,
        kind: b.kind,
        code: b.code,
        title: b.title,
        channel: b.channel,
        body_vi: b.bodyVi,
        body_en: b.bodyEn,
        active: b.active,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  get(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('message_template')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  update(q: Q, tenantId: string, id: string, b: TemplatePatch, now: Date) {
    return q
      .updateTable('message_template')
      .set({
        ...(b.title !== undefined && { title: b.title }),
        ...(b.channel !== undefined && { channel: b.channel }),
        ...(b.bodyVi !== undefined && { body_vi: b.bodyVi }),
        ...(b.bodyEn !== undefined && { body_en: b.bodyEn }),
        ...(b.active !== undefined && { active: b.active }),
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** The hotline number the tenant announces (`{hotline}`); its settings, else 1022. */
  async hotline(tenantId: string): Promise<string> {
    const t = await this.db
      .selectFrom('tenant')
      .select('settings')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    const h = (t?.settings as { hotline?: unknown } | undefined)?.hotline;
    return typeof h === 'string' && h ? h : '1022';
  }
}
