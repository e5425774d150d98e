import type { DB } from '../../db/database.ts';
import type { Role } from '../../core/access/roles.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

type Q = DB | Transaction<Database>;

/** SQL about the organisation: tenants, agencies, fields, scope rules and staff. */
export class OrgRepository {
  constructor(private readonly db: DB) {}

  tenant(id: string) {
    return this.db.selectFrom('tenant').selectAll().where('id', '=', id).executeTakeFirst();
  }

  firstTenant() {
    return this.db
      .selectFrom('tenant')
      .selectAll()
      .orderBy('created_at')
      .limit(1)
      .executeTakeFirst();
  }

  agency(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('agency')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  agencies(tenantId: string) {
    return this.db
      .selectFrom('agency')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('code')
      .execute();
  }

  /** Active staff of an agency in the given roles, plus whoever they delegated to now. */
  async agencyStaff(q: Q, agencyId: string, roles: readonly Role[], now: Date) {
    const direct = await q
      .selectFrom('app_user')
      .select(['id', 'email', 'phone', 'locale', 'display_name'])
      .where('agency_id', '=', agencyId)
      .where('role', 'in', [...roles])
      .where('active', '=', true)
      .execute();
    if (direct.length === 0) return direct;
    const delegates = await q
      .selectFrom('delegation')
      .innerJoin('app_user', 'app_user.id', 'delegation.to_user_id')
      .select([
        'app_user.id',
        'app_user.email',
        'app_user.phone',
        'app_user.locale',
        'app_user.display_name',
      ])
      .where(
        'delegation.from_user_id',
        'in',
        direct.map((d) => d.id),
      )
      .where('delegation.starts_at', '<=', now)
      .where('delegation.ends_at', '>', now)
      .where('app_user.active', '=', true)
      .execute();
    const seen = new Set(direct.map((d) => d.id));
    return [...direct, ...delegates.filter((d) => !seen.has(d.id) && seen.add(d.id))];
  }

  tenantStaff(q: Q, tenantId: string, roles: readonly Role[]) {
    return q
      .selectFrom('app_user')
      .select(['id', 'email', 'phone', 'locale', 'display_name'])
      .where('tenant_id', '=', tenantId)
      .where('role', 'in', [...roles])
      .where('active', '=', true)
      .execute();
  }

  user(q: Q, id: string) {
    return q
      .selectFrom('app_user')
      .select(['id', 'email', 'phone', 'locale', 'display_name', 'role', 'agency_id', 'tenant_id'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  field(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('field')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  fields(tenantId: string) {
    return this.db
      .selectFrom('field')
      .innerJoin('field_group', 'field_group.id', 'field.group_id')
      .selectAll('field')
      .select(['field_group.number as group_number', 'field_group.name as group_name'])
      .where('field.tenant_id', '=', tenantId)
      .orderBy('field_group.number')
      .orderBy('field.code')
      .execute();
  }

  fieldGroups(tenantId: string) {
    return this.db
      .selectFrom('field_group')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('number')
      .execute();
  }

  scopeRules(tenantId: string, includeInactive = false) {
    let q = this.db.selectFrom('scope_rule').selectAll().where('tenant_id', '=', tenantId);
    if (!includeInactive) q = q.where('active', '=', true);
    return q.orderBy('code').execute();
  }

  orgUnit(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('org_unit')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  }
}
