import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { auditBy } from '../../modules/audit/audit.repository.ts';
import { requireRole, type Actor } from '../../modules/auth/actor.ts';
import { secretBoxFrom, type SecretBox } from '../../config/secret-box.ts';
import { sealTrunkPassword } from './secret.ts';
import { TrunkRepository } from './trunk.repository.ts';
import type { TrunkBody } from './trunk.schema.ts';

/** The carrier's SIP trunks (R-TEL-4), configured by the administrator. */
export class TrunkService {
  readonly repo: TrunkRepository;
  private readonly box: SecretBox | null;
  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock' | 'env'>) {
    this.repo = new TrunkRepository(ctx.db);
    this.box = secretBoxFrom(ctx.env.SECRETS_KEY);
  }

  async list(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, ['admin']);
    return this.repo.list(actor.tenantId);
  }

  /** Creates or changes a trunk; audited without its password (only whether it changed). */
  async put(actorIn: Actor | undefined, name: string, body: TrunkBody) {
    const actor = requireRole(actorIn, ['admin']);
    const { password, ...rest } = body;
    // Sealed before anything is written: no key, no change at all.
    const stored =
      typeof password === 'string'
        ? sealTrunkPassword(this.box, actor.tenantId, name, password)
        : password;
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.put(trx, actor.tenantId, name, { ...body, password: stored });
      await auditBy(trx, actor, {
        action: 'sip_trunk.put',
        entityType: 'sip_trunk',
        entityId: row.id,
        data: {
          name,
          ...rest,
          password: password === undefined ? 'kept' : password === null ? 'removed' : 'set',
        },
        at: this.ctx.clock.now(),
      });
      return row;
    });
  }

  async delete(actorIn: Actor | undefined, name: string) {
    const actor = requireRole(actorIn, ['admin']);
    const ok = await this.ctx.db.transaction().execute(async (trx) => {
      const deleted = await this.repo.delete(trx, actor.tenantId, name);
      if (deleted)
        await auditBy(trx, actor, {
          action: 'sip_trunk.delete',
          entityType: 'sip_trunk',
          entityId: name,
          data: { name },
          at: this.ctx.clock.now(),
        });
      return deleted;
    });
    if (!ok) throw new AppError('not_found');
  }
}
