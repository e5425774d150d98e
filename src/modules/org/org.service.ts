import type { z } from 'zod';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../core/errors/codes.ts';
import { ALL_ROLES, requireRole, requireActor, type Actor } from '../auth/actor.ts';
import { auditBy } from '../audit/audit.repository.ts';
import { hashPassword } from '../auth/password.ts';
import { matchScopeRule } from '../../core/routing/routing.ts';
import { OrgRepository } from './org.repository.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { DeadlineRescheduler, MovedDeadline } from '../sla/deadline.rescheduler.ts';
import type {
  agencyBody,
  agencyPatch,
  delegationBody,
  fieldBody,
  fieldGroupBody,
  fieldPatch,
  orgUnitBody,
  scopeRuleBody,
  scopeRulePatch,
  tenantSettingsBody,
  userBody,
  userPatch,
} from './org.schema.ts';

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/**
 * The organisation as data (R-SC-2, R-AD-1, R-AG-2): agencies, fields and their default
 * agency, out-of-scope rules, users. Reads are open to staff; every write is the
 * administrator's and is audited.
 */
export class OrgService {
  readonly repo: OrgRepository;
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
    private readonly calendars: CalendarService,
    private readonly rescheduler: DeadlineRescheduler,
  ) {
    this.repo = new OrgRepository(ctx.db);
  }

  private async write<T>(
    actor: Actor,
    action: string,
    entityType: string,
    fn: (trx: Transaction<Database>) => Promise<T & { id: string }>,
    data: Record<string, unknown>,
  ) {
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const row = await fn(trx);
        await auditBy(trx, actor, {
          action,
          entityType,
          entityId: row.id,
          data,
          at: this.ctx.clock.now(),
        });
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict');
      throw err;
    }
  }

  async agencies(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ALL_ROLES);
    return this.repo.agencies(actor.tenantId);
  }

  private async checkAgencyRef(tenantId: string, id: string | null | undefined) {
    if (id && !(await this.repo.agency(this.ctx.db, tenantId, id)))
      throw new AppError('agency_not_found');
  }

  async createAgency(actorIn: Actor | undefined, b: z.infer<typeof agencyBody>) {
    const actor = requireRole(actorIn, ['admin']);
    await this.checkAgencyRef(actor.tenantId, b.parentId);
    return this.write(
      actor,
      'agency.create',
      'agency',
      (trx) =>
        trx
          .insertInto('agency')
          .values({
            tenant_id: actor.tenantId,
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
          .executeTakeFirstOrThrow(),
      b,
    );
  }

  async updateAgency(actorIn: Actor | undefined, id: string, b: z.infer<typeof agencyPatch>) {
    const actor = requireRole(actorIn, ['admin']);
    if (b.parentId === id)
      throw new AppError('validation_failed', [
        { path: 'parentId', message: 'an agency cannot be its own parent' },
      ]);
    await this.checkAgencyRef(actor.tenantId, b.parentId);
    if (b.calendarId) {
      const cal = await this.ctx.db
        .selectFrom('calendar')
        .select('id')
        .where('tenant_id', '=', actor.tenantId)
        .where('id', '=', b.calendarId)
        .executeTakeFirst();
      if (!cal)
        throw new AppError('validation_failed', [
          { path: 'calendarId', message: 'unknown calendar' },
        ]);
    }
    let moved: MovedDeadline[] = [];
    let calendar: { id: string; isDefault: boolean } | undefined;
    const row = await this.write(
      actor,
      'agency.update',
      'agency',
      async (trx) => {
        const old = await trx
          .selectFrom('agency')
          .select('calendar_id')
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        const r = await trx
          .updateTable('agency')
          .set({
            ...(b.code !== undefined && { code: b.code }),
            ...(b.name !== undefined && { name: b.name }),
            ...(b.nameEn !== undefined && { name_en: b.nameEn }),
            ...(b.kind !== undefined && { kind: b.kind }),
            ...(b.parentId !== undefined && { parent_id: b.parentId }),
            ...(b.orgUnitId !== undefined && { org_unit_id: b.orgUnitId }),
            ...(b.phone !== undefined && { phone: b.phone }),
            ...(b.email !== undefined && { email: b.email }),
            ...(b.requiresApproval !== undefined && { requires_approval: b.requiresApproval }),
            ...(b.calendarId !== undefined && { calendar_id: b.calendarId }),
            ...(b.active !== undefined && { active: b.active }),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!r || !old) throw new AppError('not_found');
        if (old.calendar_id !== r.calendar_id) {
          // Another calendar: the agency's running deadlines are laid out on it (R-SLA-4).
          const fallback = await this.config.defaultCalendarId(actor.tenantId, trx);
          const before = await this.calendars.load(old.calendar_id ?? fallback, trx);
          const after = await this.calendars.load(r.calendar_id ?? fallback, trx);
          moved = await this.rescheduler.reschedule(trx, actor, { agencyId: id }, before, after);
          // Screens counting this agency's hours load its calendar again.
          const now = r.calendar_id ?? fallback;
          if (now) calendar = { id: now, isDefault: r.calendar_id === null };
        }
        return r;
      },
      { id, ...b },
    );
    this.config.invalidateAgency(id);
    this.rescheduler.announce(actor.tenantId, moved, calendar);
    return row;
  }

  async fields(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ALL_ROLES);
    const [groups, fields] = await Promise.all([
      this.repo.fieldGroups(actor.tenantId),
      this.repo.fields(actor.tenantId),
    ]);
    return { groups, fields };
  }

  async createField(actorIn: Actor | undefined, b: z.infer<typeof fieldBody>) {
    const actor = requireRole(actorIn, ['admin']);
    await this.checkAgencyRef(actor.tenantId, b.defaultAgencyId);
    const group = (await this.repo.fieldGroups(actor.tenantId)).find(
      (g) => g.number === b.groupNumber,
    );
    if (!group)
      throw new AppError('validation_failed', [{ path: 'groupNumber', message: 'unknown group' }]);
    return this.write(
      actor,
      'field.create',
      'field',
      (trx) =>
        trx
          .insertInto('field')
          .values({
            tenant_id: actor.tenantId,
            group_id: group.id,
            code: b.code,
            name: b.name,
            name_en: b.nameEn,
            default_agency_id: b.defaultAgencyId,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      b,
    );
  }

  async updateField(actorIn: Actor | undefined, id: string, b: z.infer<typeof fieldPatch>) {
    const actor = requireRole(actorIn, ['admin']);
    await this.checkAgencyRef(actor.tenantId, b.defaultAgencyId);
    return this.write(
      actor,
      'field.update',
      'field',
      async (trx) => {
        const r = await trx
          .updateTable('field')
          .set({
            ...(b.name !== undefined && { name: b.name }),
            ...(b.nameEn !== undefined && { name_en: b.nameEn }),
            ...(b.defaultAgencyId !== undefined && { default_agency_id: b.defaultAgencyId }),
            ...(b.active !== undefined && { active: b.active }),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!r) throw new AppError('not_found');
        return r;
      },
      { id, ...b },
    );
  }

  async scopeRules(actorIn: Actor | undefined, includeInactive = false) {
    const actor = requireRole(actorIn, ALL_ROLES);
    if (includeInactive && actor.role !== 'admin') throw new AppError('forbidden');
    return this.repo.scopeRules(actor.tenantId, includeInactive);
  }

  /** Names one of the subject groups (R-SC-1), creating it on first use. */
  async upsertFieldGroup(
    actorIn: Actor | undefined,
    number: number,
    b: z.infer<typeof fieldGroupBody>,
  ) {
    const actor = requireRole(actorIn, ['admin']);
    return this.write(
      actor,
      'field_group.upsert',
      'field_group',
      (trx) =>
        trx
          .insertInto('field_group')
          .values({ tenant_id: actor.tenantId, number, name: b.name, name_en: b.nameEn })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'number']).doUpdateSet({ name: b.name, name_en: b.nameEn }),
          )
          .returningAll()
          .executeTakeFirstOrThrow(),
      { number, ...b },
    );
  }

  /** Edits an out-of-scope rule (R-SC-3): keywords, guidance, redirect, or switches it off. */
  async updateScopeRule(actorIn: Actor | undefined, id: string, b: z.infer<typeof scopeRulePatch>) {
    const actor = requireRole(actorIn, ['admin']);
    return this.write(
      actor,
      'scope_rule.update',
      'scope_rule',
      async (trx) => {
        const r = await trx
          .updateTable('scope_rule')
          .set({
            ...(b.name !== undefined && { name: b.name }),
            ...(b.nameEn !== undefined && { name_en: b.nameEn }),
            ...(b.action !== undefined && { action: b.action }),
            ...(b.redirectTo !== undefined && { redirect_to: b.redirectTo }),
            ...(b.keywords !== undefined && { keywords: b.keywords }),
            ...(b.guidanceVi !== undefined && { guidance_vi: b.guidanceVi }),
            ...(b.guidanceEn !== undefined && { guidance_en: b.guidanceEn }),
            ...(b.active !== undefined && { active: b.active }),
          })
          .where('tenant_id', '=', actor.tenantId)
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirst();
        if (!r) throw new AppError('not_found');
        return r;
      },
      { id, ...b },
    );
  }

  /** Screens a contact's text against the out-of-scope rules (R-SC-3). */
  async screen(actorIn: Actor | undefined, text: string) {
    const actor = requireActor(actorIn);
    const rules = await this.repo.scopeRules(actor.tenantId);
    const hit = matchScopeRule(
      text,
      rules.map((r) => ({
        code: r.code,
        action: r.action,
        redirectTo: r.redirect_to,
        keywords: r.keywords,
        guidanceVi: r.guidance_vi,
        guidanceEn: r.guidance_en,
      })),
    );
    return hit ? (rules.find((r) => r.code === hit.code) ?? null) : null;
  }

  async createScopeRule(actorIn: Actor | undefined, b: z.infer<typeof scopeRuleBody>) {
    const actor = requireRole(actorIn, ['admin']);
    return this.write(
      actor,
      'scope_rule.create',
      'scope_rule',
      (trx) =>
        trx
          .insertInto('scope_rule')
          .values({
            tenant_id: actor.tenantId,
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
          .executeTakeFirstOrThrow(),
      b,
    );
  }

  async users(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ['admin', 'supervisor', 'coordinator']);
    return this.ctx.db
      .selectFrom('app_user')
      .select([
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
      ])
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('username')
      .execute();
  }

  private async checkUserAgency(
    tenantId: string,
    role: string | undefined,
    agencyId: string | null | undefined,
  ) {
    await this.checkAgencyRef(tenantId, agencyId);
    if ((role === 'focal_point' || role === 'agency_head') && !agencyId) {
      throw new AppError('validation_failed', [
        { path: 'agencyId', message: 'agency staff need an agency' },
      ]);
    }
  }

  async createUser(actorIn: Actor | undefined, b: z.infer<typeof userBody>) {
    const actor = requireRole(actorIn, ['admin']);
    await this.checkUserAgency(actor.tenantId, b.role, b.agencyId);
    const hash = await hashPassword(b.password);
    const { password: _pw, ...logged } = b;
    return this.write(
      actor,
      'user.create',
      'user',
      (trx) =>
        trx
          .insertInto('app_user')
          .values({
            tenant_id: actor.tenantId,
            username: b.username,
            display_name: b.displayName,
            email: b.email,
            phone: b.phone,
            role: b.role,
            agency_id: b.agencyId,
            title: b.title,
            is_deputy: b.isDeputy,
            password_hash: hash,
            locale: b.locale,
          })
          .returning([
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
          ])
          .executeTakeFirstOrThrow(),
      logged,
    );
  }

  async updateUser(actorIn: Actor | undefined, id: string, b: z.infer<typeof userPatch>) {
    const actor = requireRole(actorIn, ['admin']);
    const current = await this.repo.user(this.ctx.db, id);
    if (!current || current.tenant_id !== actor.tenantId) throw new AppError('not_found');
    await this.checkUserAgency(
      actor.tenantId,
      b.role ?? current.role,
      b.agencyId === undefined ? current.agency_id : b.agencyId,
    );
    const hash = b.password ? await hashPassword(b.password) : undefined;
    const { password: _pw, ...logged } = b;
    const row = await this.write(
      actor,
      'user.update',
      'user',
      async (trx) => {
        const r = await trx
          .updateTable('app_user')
          .set({
            ...(b.displayName !== undefined && { display_name: b.displayName }),
            ...(b.email !== undefined && { email: b.email }),
            ...(b.phone !== undefined && { phone: b.phone }),
            ...(b.role !== undefined && { role: b.role }),
            ...(b.agencyId !== undefined && { agency_id: b.agencyId }),
            ...(b.title !== undefined && { title: b.title }),
            ...(b.isDeputy !== undefined && { is_deputy: b.isDeputy }),
            ...(b.locale !== undefined && { locale: b.locale }),
            ...(b.active !== undefined && { active: b.active }),
            ...(hash && { password_hash: hash }),
          })
          .where('id', '=', id)
          .returning([
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
          ])
          .executeTakeFirstOrThrow();
        // A changed role or password ends the user's sessions everywhere.
        if (b.role !== undefined || hash || b.active === false || b.agencyId !== undefined) {
          await trx.deleteFrom('session').where('user_id', '=', id).execute();
        }
        return r;
      },
      { id, ...logged, passwordChanged: Boolean(hash) },
    );
    // Token authentication caches users briefly: a changed or deactivated user must not be.
    this.config.invalidateUsers();
    return row;
  }

  /** A user hands their duties to a colleague for a period (leave, sickness). */
  async delegate(actorIn: Actor | undefined, b: z.infer<typeof delegationBody>) {
    const actor = requireRole(actorIn, ['focal_point', 'agency_head', 'admin']);
    const to = await this.repo.user(this.ctx.db, b.toUserId);
    if (!to || to.tenant_id !== actor.tenantId) throw new AppError('not_found');
    if (actor.role !== 'admin' && to.agency_id !== actor.agencyId) throw new AppError('forbidden');
    if (new Date(b.endsAt) <= new Date(b.startsAt)) {
      throw new AppError('validation_failed', [
        { path: 'endsAt', message: 'must be after startsAt' },
      ]);
    }
    return this.write(
      actor,
      'delegation.create',
      'delegation',
      (trx) =>
        trx
          .insertInto('delegation')
          .values({
            from_user_id: actor.userId,
            to_user_id: b.toUserId,
            starts_at: b.startsAt,
            ends_at: b.endsAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      b,
    );
  }

  async orgUnits(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ALL_ROLES);
    return this.ctx.db
      .selectFrom('org_unit')
      .selectAll()
      .where('tenant_id', '=', actor.tenantId)
      .orderBy('code')
      .execute();
  }

  async createOrgUnit(actorIn: Actor | undefined, b: z.infer<typeof orgUnitBody>) {
    const actor = requireRole(actorIn, ['admin']);
    for (const ref of [b.parentId, b.successorId]) {
      if (ref && !(await this.repo.orgUnit(this.ctx.db, actor.tenantId, ref))) {
        throw new AppError('validation_failed', [
          { path: ref === b.parentId ? 'parentId' : 'successorId', message: 'unknown unit' },
        ]);
      }
    }
    return this.write(
      actor,
      'org_unit.create',
      'org_unit',
      (trx) =>
        trx
          .insertInto('org_unit')
          .values({
            tenant_id: actor.tenantId,
            code: b.code,
            name: b.name,
            level: b.level,
            parent_id: b.parentId,
            valid_from: b.validFrom,
            valid_to: b.validTo,
            successor_id: b.successorId,
          })
          .returningAll()
          .executeTakeFirstOrThrow(),
      b,
    );
  }

  async tenant(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ALL_ROLES);
    const t = await this.repo.tenant(actor.tenantId);
    if (!t) throw new AppError('not_found');
    return t;
  }

  /** Deadline durations and the ticket code prefix (R-SLA-1/2: 8 h and 48 h are defaults). */
  async updateTenantSettings(actorIn: Actor | undefined, b: z.infer<typeof tenantSettingsBody>) {
    const actor = requireRole(actorIn, ['admin']);
    const row = await this.write(
      actor,
      'tenant.settings',
      'tenant',
      async (trx) => {
        const t = await trx
          .selectFrom('tenant')
          .selectAll()
          .where('id', '=', actor.tenantId)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const settings = { ...t.settings, ...b };
        return trx
          .updateTable('tenant')
          .set({ settings: JSON.stringify(settings) })
          .where('id', '=', t.id)
          .returningAll()
          .executeTakeFirstOrThrow();
      },
      b,
    );
    this.config.invalidateTenant(actor.tenantId);
    return row;
  }
}
