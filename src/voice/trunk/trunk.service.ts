import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import { writeAudited } from '../../modules/audit/audited-write.ts';
import { secretBoxFrom, type SecretBox } from '../../config/secret-box.ts';
import type { TrunkBody } from '../../contract/trunks.ts';
import { isAddressOrCidr } from './dialing.ts';
import { sealTrunkPassword } from './secret.ts';
import { trunkRepository as repo } from './trunk.repository.ts';

/** The carrier's SIP trunks (R-TEL-4), configured by the administrator. */
export class TrunkService {
  private readonly box: SecretBox | null;
  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock' | 'env'>) {
    this.box = secretBoxFrom(ctx.env.SECRETS_KEY);
  }

  async list(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'trunk.manage');
    return repo.list(this.ctx.db, actor.tenantId);
  }

  /** Creates or changes a trunk; audited without its password (only whether it changed). */
  async put(actorIn: Actor | undefined, name: string, body: TrunkBody) {
    const actor = requirePermission(actorIn, 'trunk.manage');
    checkAllowList(body.allowFrom);
    const { password, ...rest } = body;
    // Sealed before anything is written: no key, no change at all.
    const stored =
      typeof password === 'string'
        ? sealTrunkPassword(this.box, actor.tenantId, name, password)
        : password;
    return writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'sip_trunk.put',
        entityType: 'sip_trunk',
        data: {
          name,
          ...rest,
          password: password === undefined ? 'kept' : password === null ? 'removed' : 'set',
        },
        at: this.ctx.clock.now(),
      },
      (trx) => repo.put(trx, actor.tenantId, name, { ...body, password: stored }),
    );
  }

  async delete(actorIn: Actor | undefined, name: string): Promise<void> {
    const actor = requirePermission(actorIn, 'trunk.manage');
    await writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'sip_trunk.delete',
        entityType: 'sip_trunk',
        data: { name },
        at: this.ctx.clock.now(),
      },
      async (trx) => {
        if (!(await repo.delete(trx, actor.tenantId, name))) throw new AppError('not_found');
        return { id: name };
      },
    );
  }
}

/**
 * Each allow-list entry must read as an address or CIDR range the way the inbound check
 * (`dialing.ts`) reads it; refused as the request's own validation would be.
 */
function checkAllowList(entries: readonly string[]): void {
  const bad = entries.flatMap((e, i) =>
    isAddressOrCidr(e)
      ? []
      : [{ path: `allowFrom.${i}`, message: 'an IP address or CIDR range', in: 'body' }],
  );
  if (bad.length) throw new AppError('validation_failed', bad);
}
