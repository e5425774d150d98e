import type { AppContext } from '../../app/context.ts';
import { AppError, ERRORS, type ErrorCode } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { CallCommandKind } from '../../db/schema.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import type { TransferBody, TransferStarted, TransferStep } from '../../contract/transfers.ts';
import { normalizeNumber } from '../trunk/dialing.ts';
import { transferRepository as repo, type CommandResult } from './transfer.repository.ts';

/**
 * Transfers of live calls, asked through the API (any node) and carried out by the telephony
 * node holding the call: a `call_command` row, a NOTIFY, the node's answer awaited here.
 */
export class TransferService {
  constructor(
    private readonly ctx: Pick<AppContext, 'db'>,
    /** How long a command may wait for the node holding its call. */
    private readonly waitMs = 5000,
  ) {}

  async transfer(
    actorIn: Actor | undefined,
    callId: string,
    body: TransferBody,
  ): Promise<TransferStarted> {
    const actor = requirePermission(actorIn, 'call.transfer');
    const target = normalizeNumber(body.target);
    if (!target) throw new AppError('transfer_bad_number');
    const r = await this.command(actor, callId, 'transfer', { target, mode: body.mode });
    return { callId, target, mode: body.mode, state: stateOf(r, 'dialing') };
  }

  async complete(actorIn: Actor | undefined, callId: string): Promise<TransferStep> {
    const actor = requirePermission(actorIn, 'call.transfer');
    const r = await this.command(actor, callId, 'complete', {});
    return { callId, state: stateOf(r, 'completed') };
  }

  async cancel(actorIn: Actor | undefined, callId: string): Promise<TransferStep> {
    const actor = requirePermission(actorIn, 'call.transfer');
    const r = await this.command(actor, callId, 'cancel', {});
    return { callId, state: stateOf(r, 'cancelled') };
  }

  private async command(
    actor: Actor,
    callId: string,
    kind: CallCommandKind,
    args: Record<string, unknown>,
  ): Promise<CommandResult> {
    const db = this.ctx.db;
    // Every call has its record from the start: with none there is no call, and a completed
    // one has ended. Either way no node would take the command: answer now, write nothing.
    const state = await repo.callState(db, actor.tenantId, callId);
    if (state === 'missing') throw new AppError('call_not_found');
    if (state === 'ended') throw new AppError('call_not_live');
    const id = await db.transaction().execute((trx) =>
      repo.issue(trx, {
        tenantId: actor.tenantId,
        callId,
        kind,
        args,
        actorId: actor.userId,
        actorRole: actor.role,
      }),
    );
    const until = Date.now() + this.waitMs;
    for (;;) {
      const row = await repo.state(db, id);
      if (row && (row.state === 'done' || row.state === 'failed')) {
        const result = (row.result ?? { ok: false }) as unknown as CommandResult;
        if (result.ok) return result;
        const code = (
          result.code && result.code in ERRORS ? result.code : 'call_not_live'
        ) as ErrorCode;
        throw new AppError(code);
      }
      if (Date.now() >= until && (await repo.expire(db, id))) throw new AppError('call_not_live');
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The state the node reported, or what the command means when it reported none. */
function stateOf(r: CommandResult, otherwise: TransferStep['state']): TransferStep['state'] {
  return (r.state as TransferStep['state'] | undefined) ?? otherwise;
}
