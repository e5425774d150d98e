import { sql } from 'kysely';
import type { Q } from '../../../db/helpers.ts';
import type { AgencyKind } from '../../../contract/enums.ts';

/** SQL of the sample organisation the sample articles name (tests and the bench). */
export const samplesRepository = {
  /** An agency, unless the tenant has one with that code. */
  async ensureAgency(q: Q, tenantId: string, a: { code: string; name: string; kind: AgencyKind }) {
    await q
      .insertInto('agency')
      .values({
        tenant_id: tenantId,
        code: a.code,
        name: a.name,
        kind: a.kind,
        parent_id: null,
        org_unit_id: null,
        calendar_id: null,
        phone: null,
        email: null,
      })
      .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
      .execute();
  },

  /** The tenant's first field group, after creating five when it has none. */
  async firstFieldGroup(q: Q, tenantId: string) {
    await sql`
      INSERT INTO field_group (tenant_id, number, name)
      SELECT ${tenantId}, n, 'Nhóm ' || n FROM generate_series(1, 5) AS n
      WHERE NOT EXISTS (SELECT 1 FROM field_group WHERE tenant_id = ${tenantId})`.execute(q);
    return q
      .selectFrom('field_group')
      .select('id')
      .where('tenant_id', '=', tenantId)
      .orderBy('number')
      .executeTakeFirstOrThrow();
  },

  /** A field named by its code, unless the tenant has one with that code. */
  async ensureField(q: Q, tenantId: string, groupId: string, code: string) {
    await q
      .insertInto('field')
      .values({ tenant_id: tenantId, group_id: groupId, code, name: code, default_agency_id: null })
      .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
      .execute();
  },

  agencyCodes(q: Q, tenantId: string) {
    return q
      .selectFrom('agency')
      .select(['id', 'code'])
      .where('tenant_id', '=', tenantId)
      .execute();
  },

  fieldCodes(q: Q, tenantId: string) {
    return q.selectFrom('field').select(['id', 'code']).where('tenant_id', '=', tenantId).execute();
  },
};
