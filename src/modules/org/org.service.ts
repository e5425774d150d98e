import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { Database } from '../../db/schema.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import { isAgencyRole, type Role } from '../../core/access/roles.ts';
import { matchScopeRule } from '../../core/routing/routing.ts';
import type { Actor } from '../auth/actor.ts';
import { hashPassword } from '../auth/password.ts';
import { assertPasswordAccepted } from '../auth/password-policy.ts';
import { authRepository } from '../auth/auth.repository.ts';
import { writeAudited } from '../audit/audited-write.ts';
import { calendarRepository } from '../calendar/calendar.repository.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import { orgRepository as repo } from './org.repository.ts';
import type {
  AgencyBody,
  AgencyPatch,
  DelegationBody,
  FieldBody,
  FieldGroupBody,
  FieldPatch,
  OrgUnitBody,
  ScopeRuleBody,
  ScopeRulePatch,
  SettingsPatch,
  UserBody,
  UserPatch,
} from '../../contract/org.ts';

/**
 * The organisation as data (R-SC-2, R-AD-1, R-AG-2): agencies, fields and their default
 * agency, out-of-scope rules, users. Reads are open to staff; every write is the
 * administrator's and is audited.
 */
export class OrgService {
  constructor(
    private readonly ctx: AppContext,
    private readonly config: ConfigCache,
    private readonly calendars: CalendarService,
  ) {}

  /** One audited write at the clock's now; a unique index refusing it is a `conflict`. */
  private write<T extends { id: string }>(
    actor: Actor,
    action: string,
    entityType: string,
    data: Record<string, unknown>,
    fn: (trx: Transaction<Database>) => Promise<T>,
  ) {
    const at = this.ctx.clock.now();
    return writeAudited(this.ctx.db, actor, { action, entityType, data, at }, fn);
  }

  async agencies(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'org.read');
    return repo.agencies(this.ctx.db, actor.tenantId);
  }

  private async checkAgencyRef(tenantId: string, id: string | null | undefined) {
    if (id && !(await repo.agency(this.ctx.db, tenantId, id)))
      throw new AppError('agency_not_found');
  }

  async createAgency(actorIn: Actor | undefined, b: AgencyBody) {
    const actor = requirePermission(actorIn, 'org.manage');
    await this.checkAgencyRef(actor.tenantId, b.parentId);
    return this.write(actor, 'agency.create', 'agency', b, (trx) =>
      repo.insertAgency(trx, actor.tenantId, b),
    );
  }

  async updateAgency(actorIn: Actor | undefined, id: string, b: AgencyPatch) {
    const actor = requirePermission(actorIn, 'org.manage');
    if (b.parentId === id)
      throw new AppError('validation_failed', [
        { path: 'parentId', message: 'an agency cannot be its own parent' },
      ]);
    await this.checkAgencyRef(actor.tenantId, b.parentId);
    if (b.calendarId && !(await calendarRepository.get(this.ctx.db, actor.tenantId, b.calendarId)))
      throw new AppError('validation_failed', [
        { path: 'calendarId', message: 'unknown calendar' },
      ]);
    let announce = () => {};
    const row = await this.write(actor, 'agency.update', 'agency', { id, ...b }, async (trx) => {
      const old = await repo.agencyCalendarForUpdate(trx, actor.tenantId, id);
      const r = await repo.updateAgency(trx, actor.tenantId, id, b);
      if (!r || !old) throw new AppError('not_found');
      // Another calendar: the agency's running deadlines are laid out on it (R-SLA-4).
      if (old.calendar_id !== r.calendar_id)
        announce = await this.calendars.agencyMoved(trx, actor, id, old.calendar_id, r.calendar_id);
      return r;
    });
    this.config.invalidateAgency(id);
    announce();
    return row;
  }

  async fields(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'org.read');
    const [groups, fields] = await Promise.all([
      repo.fieldGroups(this.ctx.db, actor.tenantId),
      repo.fields(this.ctx.db, actor.tenantId),
    ]);
    return { groups, fields };
  }

  async createField(actorIn: Actor | undefined, b: FieldBody) {
    const actor = requirePermission(actorIn, 'org.manage');
    await this.checkAgencyRef(actor.tenantId, b.defaultAgencyId);
    const group = (await repo.fieldGroups(this.ctx.db, actor.tenantId)).find(
      (g) => g.number === b.groupNumber,
    );
    if (!group)
      throw new AppError('validation_failed', [{ path: 'groupNumber', message: 'unknown group' }]);
    return this.write(actor, 'field.create', 'field', b, (trx) =>
      repo.insertField(trx, actor.tenantId, group.id, b),
    );
  }

  async updateField(actorIn: Actor | undefined, id: string, b: FieldPatch) {
    const actor = requirePermission(actorIn, 'org.manage');
    await this.checkAgencyRef(actor.tenantId, b.defaultAgencyId);
    return this.write(actor, 'field.update', 'field', { id, ...b }, async (trx) => {
      const r = await repo.updateField(trx, actor.tenantId, id, b);
      if (!r) throw new AppError('not_found');
      return r;
    });
  }

  /** Names one of the subject groups (R-SC-1), creating it on first use. */
  async upsertFieldGroup(actorIn: Actor | undefined, number: number, b: FieldGroupBody) {
    const actor = requirePermission(actorIn, 'org.manage');
    return this.write(actor, 'field_group.upsert', 'field_group', { number, ...b }, (trx) =>
      repo.upsertFieldGroup(trx, actor.tenantId, number, b),
    );
  }

  async scopeRules(actorIn: Actor | undefined, includeInactive = false) {
    const actor = requirePermission(actorIn, 'org.read');
    // Switched-off rules are for the administrator, who may switch them back on.
    if (includeInactive) requirePermission(actor, 'org.manage');
    return repo.scopeRules(this.ctx.db, actor.tenantId, includeInactive);
  }

  async createScopeRule(actorIn: Actor | undefined, b: ScopeRuleBody) {
    const actor = requirePermission(actorIn, 'org.manage');
    return this.write(actor, 'scope_rule.create', 'scope_rule', b, (trx) =>
      repo.insertScopeRule(trx, actor.tenantId, b),
    );
  }

  /** Edits an out-of-scope rule (R-SC-3): keywords, guidance, redirect, or switches it off. */
  async updateScopeRule(actorIn: Actor | undefined, id: string, b: ScopeRulePatch) {
    const actor = requirePermission(actorIn, 'org.manage');
    return this.write(actor, 'scope_rule.update', 'scope_rule', { id, ...b }, async (trx) => {
      const r = await repo.updateScopeRule(trx, actor.tenantId, id, b);
      if (!r) throw new AppError('not_found');
      return r;
    });
  }

  /** Screens a contact's text against the out-of-scope rules (R-SC-3). */
  async screen(actorIn: Actor | undefined, text: string) {
    const actor = requirePermission(actorIn, 'scope_rule.screen');
    const rules = await repo.scopeRules(this.ctx.db, actor.tenantId);
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

  async users(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'user.list');
    return repo.users(this.ctx.db, actor.tenantId);
  }

  private async checkUserAgency(tenantId: string, role: Role, agencyId: string | null | undefined) {
    await this.checkAgencyRef(tenantId, agencyId);
    if (isAgencyRole(role) && !agencyId) {
      throw new AppError('validation_failed', [
        { path: 'agencyId', message: 'agency staff need an agency' },
      ]);
    }
  }

  async createUser(actorIn: Actor | undefined, b: UserBody) {
    const actor = requirePermission(actorIn, 'user.manage');
    await this.checkUserAgency(actor.tenantId, b.role, b.agencyId);
    assertPasswordAccepted(b.password, { username: b.username, displayName: b.displayName });
    const hash = await hashPassword(b.password);
    const { password: _pw, ...logged } = b;
    return this.write(actor, 'user.create', 'user', logged, (trx) =>
      repo.insertUser(trx, actor.tenantId, b, hash),
    );
  }

  async updateUser(actorIn: Actor | undefined, id: string, b: UserPatch) {
    const actor = requirePermission(actorIn, 'user.manage');
    const current = await repo.user(this.ctx.db, id);
    if (!current || current.tenant_id !== actor.tenantId) throw new AppError('not_found');
    await this.checkUserAgency(
      actor.tenantId,
      b.role ?? current.role,
      b.agencyId === undefined ? current.agency_id : b.agencyId,
    );
    if (b.password) {
      assertPasswordAccepted(b.password, {
        username: current.username,
        displayName: b.displayName ?? current.display_name,
      });
    }
    const hash = b.password ? await hashPassword(b.password) : undefined;
    const { password: _pw, ...logged } = b;
    const data = { id, ...logged, passwordChanged: Boolean(hash) };
    const row = await this.write(actor, 'user.update', 'user', data, async (trx) => {
      const r = await repo.updateUser(trx, id, b, hash);
      // A changed role or password ends the user's sessions everywhere.
      if (b.role !== undefined || hash || b.active === false || b.agencyId !== undefined) {
        await authRepository.deleteUserSessions(trx, id);
      }
      // A reset password or a deactivated account also ends its API tokens (issue #12
      // finding 3): whoever held the old password may have made one.
      if (hash || b.active === false) {
        await authRepository.revokeUserTokens(
          trx,
          id,
          actor.userId,
          b.active === false ? 'deactivated' : 'password_reset',
          this.ctx.clock.now(),
        );
      }
      return r;
    });
    // Token authentication caches users briefly: a changed or deactivated user must not be.
    this.config.invalidateUsers();
    return row;
  }

  /** A user hands their duties to a colleague for a period (leave, sickness). */
  async delegate(actorIn: Actor | undefined, b: DelegationBody) {
    const actor = requirePermission(actorIn, 'delegation.create');
    const to = await repo.user(this.ctx.db, b.toUserId);
    if (!to || to.tenant_id !== actor.tenantId) throw new AppError('not_found');
    // Agency staff delegate within their agency only.
    requirePermission(actor, 'delegation.create', { agencyId: to.agency_id }, 'forbidden');
    if (new Date(b.endsAt) <= new Date(b.startsAt)) {
      throw new AppError('validation_failed', [
        { path: 'endsAt', message: 'must be after startsAt' },
      ]);
    }
    return this.write(actor, 'delegation.create', 'delegation', b, (trx) =>
      repo.insertDelegation(trx, { fromUserId: actor.userId, ...b }),
    );
  }

  async orgUnits(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'org.read');
    return repo.orgUnits(this.ctx.db, actor.tenantId);
  }

  async createOrgUnit(actorIn: Actor | undefined, b: OrgUnitBody) {
    const actor = requirePermission(actorIn, 'org.manage');
    for (const ref of [b.parentId, b.successorId]) {
      if (ref && !(await repo.orgUnit(this.ctx.db, actor.tenantId, ref))) {
        throw new AppError('validation_failed', [
          { path: ref === b.parentId ? 'parentId' : 'successorId', message: 'unknown unit' },
        ]);
      }
    }
    return this.write(actor, 'org_unit.create', 'org_unit', b, (trx) =>
      repo.insertOrgUnit(trx, actor.tenantId, b),
    );
  }

  async tenant(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'org.read');
    const t = await repo.tenant(this.ctx.db, actor.tenantId);
    if (!t) throw new AppError('not_found');
    return t;
  }

  /** Deadline durations and the ticket code prefix (R-SLA-1/2: 8 h and 48 h are defaults). */
  async updateTenantSettings(actorIn: Actor | undefined, b: SettingsPatch) {
    const actor = requirePermission(actorIn, 'org.manage');
    const row = await this.write(actor, 'tenant.settings', 'tenant', b, async (trx) => {
      const t = await repo.tenantForUpdate(trx, actor.tenantId);
      return repo.setTenantSettings(trx, t.id, { ...t.settings, ...b });
    });
    this.config.invalidateTenant(actor.tenantId);
    return row;
  }
}
