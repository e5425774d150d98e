import type { Selectable } from 'kysely';
import type { MessageTemplateTable } from '../../db/schema.ts';
import type { MessageTemplate } from '../../contract/template.ts';

export const presentTemplate = (t: Selectable<MessageTemplateTable>): MessageTemplate => ({
  id: t.id,
  kind: t.kind,
  code: t.code,
  title: t.title,
  channel: t.channel,
  bodyVi: t.body_vi,
  bodyEn: t.body_en,
  active: t.active,
  updatedAt: t.updated_at.toISOString(),
});
