import type { AppContext } from '../../app/context.ts';
import { AppError, ERRORS, type ErrorCode } from '../../core/errors/codes.ts';
import type { CallCommandKind } from '../../db/schema.ts';
import { requireRole, type Actor } from '../../modules/auth/actor.ts';
import { normalizeNumber } from '../trunk/dialing.ts';
import { TransferRepository, type CommandResult } from './transfer.repository.ts';
import type { TransferBody } from './transfer.schema.ts';

/**
 * Transfers of live calls, asked through the API (any node) and carried out by the telephony
 * node holding the call: a `call_command` row, a NOTIFY, the node's answer awaited here.
 */
export class TransferService {
  readonly repo: TransferRepository;
  constructor(
    private readonly ctx: Pick<AppContext, 'db'>,
    /** How long a command may wait for the node holding its call. */
    private readonly waitMs = 5000,
  ) {
    this.repo = new TransferRepository(ctx.db);
  }

  async transfer(actorIn: Actor | undefined, callId: string, body: TransferBody) {
    const actor = requireRole(actorIn, ['operator', 'supervisor']);
    const target = normalizeNumber(body.target);
    if (!target) throw new AppError('transfer_bad_number');
    const r = await this.command(actor, callId, 'transfer', { target, mode: body.mode });
    return { callId, target, mode: body.mode, state: r.state ?? 'dialing' };
  }

  async complete(actorIn: Actor | undefined, callId: string) {
    const actor = requireRole(actorIn, ['operator', 'supervisor']);
    const r = await this.command(actor, callId, 'complete', {});
    return { callId, state: r.state ?? 'completed' };
  }

  async cancel(actorIn: Actor | undefined, callId: string) {
    const actor = requireRole(actorIn, ['operator', 'supervisor']);
    const r = await this.command(actor, callId, 'cancel', {});
    return { callId, state: r.state ?? 'cancelled' };
  }

  private async command(
    actor: Actor,
    callId: string,
    kind: CallCommandKind,
    args: Record<string, unknown>,
  ): Promise<CommandResult> {
    // A stored record means the call has ended: no need to wait for a node to say so.
    if (await this.repo.ended(actor.tenantId, callId)) throw new AppError('call_not_live');
    const id = await this.repo.issue({
      tenantId: actor.tenantId,
      callId,
      kind,
      args,
      actorId: actor.userId,
      actorRole: actor.role,
    });
    const until = Date.now() + this.waitMs;
    for (;;) {
      const row = await this.repo.state(id);
      if (row && (row.state === 'done' || row.state === 'failed')) {
        const result = (row.result ?? { ok: false }) as unknown as CommandResult;
        if (result.ok) return result;
        const code = (
          result.code && result.code in ERRORS ? result.code : 'call_not_live'
        ) as ErrorCode;
        throw new AppError(code);
      }
      if (Date.now() >= until && (await this.repo.expire(id))) throw new AppError('call_not_live');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
