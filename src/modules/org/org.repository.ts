import type { Role } from '../../core/access/roles.ts';
import { patchColumns, type Q } from '../../db/helpers.ts';
import type {
  AgencyBody,
  AgencyPatch,
  FieldBody,
  FieldGroupBody,
  FieldPatch,
  OrgUnitBody,
  ScopeRuleBody,
  ScopeRulePatch,
  UserBody,
  UserPatch,
} from '../../contract/org.ts';

/** Column lists more than one query reads. */
const columns = {
  /** A staff account as the administrator sees it (never the password hash). */
  user: [
    'id',
    'username',
    'display_name',
    'email',
    'phone',
    'role',
    'agency_id',
    'title',
    'is_deputy',
    'locale',
    'active',
    'created_at',
  ],
  /** Whom a notification reaches, and how. */
  contact: ['id', 'email', 'phone', 'locale', 'display_name'],
} as const;

/** SQL about the organisation: tenants, agencies, fields, scope rules, units and staff. */
export const orgRepository = {
  /** The deployment's first tenant (the command-line tools act on it). */
  firstTenant(q: Q) {
    return q.selectFrom('tenant').select('id').orderBy('created_at').limit(1).executeTakeFirst();
  },

  tenant(q: Q, id: string) {
    return q.selectFrom('tenant').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The tenant row, locked until the caller's transaction ends (settings are merged). */
  tenantForUpdate(q: Q, id: string) {
    return q
      .selectFrom('tenant')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  },

  setTenantSettings(q: Q, id: string, settings: Record<string, unknown>) {
    return q
      .updateTable('tenant')
      .set({ settings: JSON.stringify(settings) })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  // ---- agencies ----------------------------------------------------------------------------

  agency(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('agency')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  /** An agency by id alone, for callers that hold no tenant (the configuration cache). */
  agencyById(q: Q, id: string) {
    return q.selectFrom('agency').selectAll().where('id', '=', id).executeTakeFirst();
  },

  agencies(q: Q, tenantId: string) {
    return q
      .selectFrom('agency')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('code')
      .execute();
  },

  insertAgency(q: Q, tenantId: string, b: AgencyBody) {
    return q
      .insertInto('agency')
      .values({
        tenant_id: tenantId,
        code: b.code,
        name: b.name,
        name_en: b.nameEn,
        kind: b.kind,
        parent_id: b.parentId,
        org_unit_id: b.orgUnitId,
        phone: b.phone,
        email: b.email,
        requires_approval: b.requiresApproval,
        calendar_id: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /** The agency's calendar before a change, the row locked until the transaction ends. */
  agencyCalendarForUpdate(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('agency')
      .select('calendar_id')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  },

  updateAgency(q: Q, tenantId: string, id: string, b: AgencyPatch) {
    return q
      .updateTable('agency')
      .set(
        patchColumns(b, {
          code: 'code',
          name: 'name',
          nameEn: 'name_en',
          kind: 'kind',
          parentId: 'parent_id',
          orgUnitId: 'org_unit_id',
          phone: 'phone',
          email: 'email',
          requiresApproval: 'requires_approval',
          calendarId: 'calendar_id',
          active: 'active',
        }),
      )
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  // ---- staff -------------------------------------------------------------------------------

  /** Active staff of an agency in the given roles, plus whoever they delegated to now. */
  async agencyStaff(q: Q, agencyId: string, roles: readonly Role[], now: Date) {
    const direct = await q
      .selectFrom('app_user')
      .select(columns.contact)
      .where('agency_id', '=', agencyId)
      .where('role', 'in', [...roles])
      .where('active', '=', true)
      .execute();
    if (direct.length === 0) return direct;
    const delegates = await q
      .selectFrom('delegation')
      .innerJoin('app_user', 'app_user.id', 'delegation.to_user_id')
      .select(columns.contact.map((c) => `app_user.${c}` as const))
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
  },

  tenantStaff(q: Q, tenantId: string, roles: readonly Role[]) {
    return q
      .selectFrom('app_user')
      .select(columns.contact)
      .where('tenant_id', '=', tenantId)
      .where('role', 'in', [...roles])
      .where('active', '=', true)
      .execute();
  },

  user(q: Q, id: string) {
    return q
      .selectFrom('app_user')
      .select([...columns.contact, 'role', 'agency_id', 'tenant_id', 'username'])
      .where('id', '=', id)
      .executeTakeFirst();
  },

  users(q: Q, tenantId: string) {
    return q
      .selectFrom('app_user')
      .select(columns.user)
      .where('tenant_id', '=', tenantId)
      .orderBy('username')
      .execute();
  },

  insertUser(q: Q, tenantId: string, b: UserBody, passwordHash: string) {
    return q
      .insertInto('app_user')
      .values({
        tenant_id: tenantId,
        username: b.username,
        display_name: b.displayName,
        email: b.email,
        phone: b.phone,
        role: b.role,
        agency_id: b.agencyId,
        title: b.title,
        is_deputy: b.isDeputy,
        password_hash: passwordHash,
        locale: b.locale,
      })
      .returning(columns.user)
      .executeTakeFirstOrThrow();
  },

  updateUser(q: Q, id: string, b: UserPatch, passwordHash: string | undefined) {
    return q
      .updateTable('app_user')
      .set({
        ...patchColumns(b, {
          displayName: 'display_name',
          email: 'email',
          phone: 'phone',
          role: 'role',
          agencyId: 'agency_id',
          title: 'title',
          isDeputy: 'is_deputy',
          locale: 'locale',
          active: 'active',
        }),
        ...(passwordHash && { password_hash: passwordHash }),
      })
      .where('id', '=', id)
      .returning(columns.user)
      .executeTakeFirstOrThrow();
  },

  insertDelegation(
    q: Q,
    d: { fromUserId: string; toUserId: string; startsAt: string; endsAt: string },
  ) {
    return q
      .insertInto('delegation')
      .values({
        from_user_id: d.fromUserId,
        to_user_id: d.toUserId,
        starts_at: d.startsAt,
        ends_at: d.endsAt,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  // ---- subject groups and fields -----------------------------------------------------------

  field(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('field')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  fields(q: Q, tenantId: string) {
    return q
      .selectFrom('field')
      .innerJoin('field_group', 'field_group.id', 'field.group_id')
      .selectAll('field')
      .select(['field_group.number as group_number', 'field_group.name as group_name'])
      .where('field.tenant_id', '=', tenantId)
      .orderBy('field_group.number')
      .orderBy('field.code')
      .execute();
  },

  insertField(q: Q, tenantId: string, groupId: string, b: FieldBody) {
    return q
      .insertInto('field')
      .values({
        tenant_id: tenantId,
        group_id: groupId,
        code: b.code,
        name: b.name,
        name_en: b.nameEn,
        default_agency_id: b.defaultAgencyId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  updateField(q: Q, tenantId: string, id: string, b: FieldPatch) {
    return q
      .updateTable('field')
      .set(
        patchColumns(b, {
          name: 'name',
          nameEn: 'name_en',
          defaultAgencyId: 'default_agency_id',
          active: 'active',
        }),
      )
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  fieldGroups(q: Q, tenantId: string) {
    return q
      .selectFrom('field_group')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('number')
      .execute();
  },

  upsertFieldGroup(q: Q, tenantId: string, number: number, b: FieldGroupBody) {
    return q
      .insertInto('field_group')
      .values({ tenant_id: tenantId, number, name: b.name, name_en: b.nameEn })
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'number']).doUpdateSet({ name: b.name, name_en: b.nameEn }),
      )
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  // ---- out-of-scope rules ------------------------------------------------------------------

  scopeRules(q: Q, tenantId: string, includeInactive = false) {
    let s = q.selectFrom('scope_rule').selectAll().where('tenant_id', '=', tenantId);
    if (!includeInactive) s = s.where('active', '=', true);
    return s.orderBy('code').execute();
  },

  insertScopeRule(q: Q, tenantId: string, b: ScopeRuleBody) {
    return q
      .insertInto('scope_rule')
      .values({
        tenant_id: tenantId,
        code: b.code,
        name: b.name,
        name_en: b.nameEn,
        action: b.action,
        redirect_to: b.redirectTo,
        keywords: b.keywords,
        guidance_vi: b.guidanceVi,
        guidance_en: b.guidanceEn,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  updateScopeRule(q: Q, tenantId: string, id: string, b: ScopeRulePatch) {
    return q
      .updateTable('scope_rule')
      .set(
        patchColumns(b, {
          name: 'name',
          nameEn: 'name_en',
          action: 'action',
          redirectTo: 'redirect_to',
          keywords: 'keywords',
          guidanceVi: 'guidance_vi',
          guidanceEn: 'guidance_en',
          active: 'active',
        }),
      )
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  },

  // ---- administrative units ----------------------------------------------------------------

  orgUnit(q: Q, tenantId: string, id: string) {
    return q
      .selectFrom('org_unit')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .executeTakeFirst();
  },

  orgUnits(q: Q, tenantId: string) {
    return q
      .selectFrom('org_unit')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('code')
      .execute();
  },

  insertOrgUnit(q: Q, tenantId: string, b: OrgUnitBody) {
    return q
      .insertInto('org_unit')
      .values({
        tenant_id: tenantId,
        code: b.code,
        name: b.name,
        level: b.level,
        parent_id: b.parentId,
        valid_from: b.validFrom,
        valid_to: b.validTo,
        successor_id: b.successorId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },
};
