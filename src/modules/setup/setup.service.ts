import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { isUniqueViolation, type Q } from '../../db/helpers.ts';
import type { SetupBody, SetupResult, SetupStatus } from '../../contract/setup.ts';
import { appendAuditMany } from '../audit/audit.repository.ts';
import { assertPasswordAccepted } from '../auth/password-policy.ts';
import { hashPassword } from '../auth/password.ts';
import { orgRepository } from '../org/org.repository.ts';
import { demoRepository, SEED_LOCK } from '../../demo/demo.repository.ts';
import { setupRepository as repo } from './setup.repository.ts';

/** The hotline agency every deployment starts with (the demo's code). */
export const HOTLINE_AGENCY = {
  code: 'TD1022',
  name: 'Tổng đài Thông tin dịch vụ công 1022',
  nameEn: '1022 Public Service Hotline',
} as const;

/** Who ran the set-up, as the audit trail names it. */
export interface SetupOrigin {
  via: 'cli' | 'web';
  ip?: string;
}

/**
 * The first run of a deployment without the demo (issue #14 item 1): one tenant, its default
 * working calendar (office hours and Vietnam's statutory holidays computed by the calendar
 * engine, as the demo's), the hotline agency and the first administrator, written in one
 * transaction and audited.
 *
 * The no-takeover guard: once an administrator exists in any tenant, `initialize` refuses
 * (`setup_done`), checked again under the first-start advisory lock inside the transaction, so
 * two concurrent set-ups (or a set-up and a demo seed) never both win. The command line asks
 * for `idempotent`: the same tenant code and administrator a second time is `unchanged`.
 *
 * Public by design (nobody can sign in before it ran): no actor, like sign-in; the routes are
 * rate limited.
 */
export class SetupService {
  constructor(private readonly ctx: AppContext) {}

  async status(): Promise<SetupStatus> {
    return { needsSetup: !(await repo.firstAdmin(this.ctx.db)) };
  }

  async initialize(
    b: SetupBody,
    origin: SetupOrigin,
    opts: { idempotent?: boolean } = {},
  ): Promise<SetupResult> {
    const done = await this.alreadyDone(this.ctx.db, b, opts);
    if (done) return done;
    assertPasswordAccepted(
      b.admin.password,
      { username: b.admin.username, displayName: b.admin.displayName },
      'admin.password',
    );
    // argon2id (~100 ms) outside the transaction: the lock is held only for the inserts.
    const passwordHash = await hashPassword(b.admin.password);
    const at = this.ctx.clock.now();
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        await demoRepository.lockSeed(trx, SEED_LOCK);
        const again = await this.alreadyDone(trx, b, opts);
        if (again) return again;
        if (await repo.tenantByCode(trx, b.tenant.code)) throw new AppError('setup_tenant_exists');

        const { id: tenantId } = await demoRepository.insertTenant(
          trx,
          {
            code: b.tenant.code,
            name: b.tenant.name,
            kind: b.tenant.kind,
            settings: { ticketPrefix: 'PA', hotline: b.tenant.hotline },
          },
          at,
        );
        // Office hours, statutory holidays, Art. 111 compensation days and the published
        // notices come from the calendar engine's defaults, as the demo province's calendar.
        const calendarConfig = { timezone: 'Asia/Ho_Chi_Minh' };
        const calendarName = `Giờ hành chính ${b.tenant.name}`;
        const calendar = await demoRepository.insertDefaultCalendar(
          trx,
          tenantId,
          calendarName,
          calendarConfig,
          at,
        );
        const agencyBody = {
          ...HOTLINE_AGENCY,
          kind: 'hotline' as const,
          parentId: null,
          orgUnitId: null,
          phone: b.tenant.hotline,
          email: null,
          requiresApproval: false,
        };
        const agency = await orgRepository.insertAgency(trx, tenantId, agencyBody);
        const userBody = {
          username: b.admin.username,
          displayName: b.admin.displayName,
          email: null,
          phone: null,
          role: 'admin' as const,
          agencyId: agency.id,
          title: null,
          isDeputy: false,
          password: b.admin.password,
          locale: 'vi' as const,
        };
        const admin = await orgRepository.insertUser(trx, tenantId, userBody, passwordHash);

        const { password: _pw, ...loggedUser } = userBody;
        const by = {
          tenantId,
          actorId: null,
          actorLabel: origin.via === 'cli' ? 'setup (command line)' : 'setup (web)',
          at,
        };
        await appendAuditMany(trx, [
          {
            ...by,
            action: 'tenant.create',
            entityType: 'tenant',
            entityId: tenantId,
            data: { ...b.tenant },
          },
          {
            ...by,
            action: 'calendar.create',
            entityType: 'calendar',
            entityId: calendar.id,
            data: { name: calendarName, config: calendarConfig, officeHours: b.officeHours },
          },
          {
            ...by,
            action: 'agency.create',
            entityType: 'agency',
            entityId: agency.id,
            data: agencyBody,
          },
          {
            ...by,
            action: 'user.create',
            entityType: 'user',
            entityId: admin.id,
            data: loggedUser,
          },
          {
            ...by,
            action: 'setup.complete',
            entityType: 'tenant',
            entityId: tenantId,
            data: { via: origin.via, ...(origin.ip ? { ip: origin.ip } : {}) },
          },
        ]);
        return {
          outcome: 'created' as const,
          tenantId,
          tenantCode: b.tenant.code,
          calendarId: calendar.id,
          hotlineAgencyId: agency.id,
          adminId: admin.id,
          adminUsername: admin.username,
        };
      });
    } catch (err) {
      // The username is taken by an account of another kind (usernames are installation-wide).
      if (isUniqueViolation(err)) throw new AppError('conflict');
      throw err;
    }
  }

  /**
   * Null while no administrator exists; the same deployment again when `idempotent` and the
   * tenant code and administrator match; `setup_done` otherwise.
   */
  private async alreadyDone(
    q: Q,
    b: SetupBody,
    opts: { idempotent?: boolean },
  ): Promise<SetupResult | null> {
    if (!(await repo.firstAdmin(q))) return null;
    const same = opts.idempotent ? await repo.adminOf(q, b.tenant.code, b.admin.username) : null;
    if (!same) throw new AppError('setup_done');
    return {
      outcome: 'unchanged',
      tenantId: same.tenant_id,
      tenantCode: same.code,
      calendarId: null,
      hotlineAgencyId: null,
      adminId: same.id,
      adminUsername: same.username,
    };
  }
}
