import type { Q } from '../../db/helpers.ts';
import { patchColumns } from '../../db/helpers.ts';
import type { TemplateBody, TemplateKind, TemplatePatch } from '../../contract/template.ts';

/** SQL of message templates (reply templates and acknowledgements). */
export const templateRepository = {
  list(q: Q, tenantId: string, opts: { kind?: TemplateKind; activeOnly: boolean }) {
    let s = q.selectFrom('message_template').selectAll().where('tenant_id', '=', tenantId);
    if (opts.kind) s = s.where('kind', '=', opts.kind);
    if (opts.activeOnly) s = s.where('active', '=', true);
    return s.orderBy('kind').orderBy('title').execute();
  },

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
  },

  get(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('message_template')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  update(q: Q, tenantId: string, id: string, b: TemplatePatch, now: Date) {
    return q
      .updateTable('message_template')
      .set({
        ...patchColumns(b, {
          title: 'title',
          channel: 'channel',
          bodyVi: 'body_vi',
          bodyEn: 'body_en',
          active: 'active',
        }),
        updated_at: now,
      })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  /** The hotline number the tenant announces (`{hotline}`); its settings, else 1022. */
  async hotline(q: Q, tenantId: string): Promise<string> {
    const t = await q
      .selectFrom('tenant')
      .select('settings')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    const h = (t?.settings as { hotline?: unknown } | undefined)?.hotline;
    return typeof h === 'string' && h ? h : '1022';
  },
};
