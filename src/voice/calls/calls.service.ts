import type { AppContext } from '../../app/context.ts';
import type { Role } from '../../core/ticket/state-machine.ts';
import { requireRole, type Actor } from '../../modules/auth/actor.ts';
import { CallsRepository } from './calls.repository.ts';
import type { ListQuery } from './calls.schema.ts';

/** Who reads the call log: the hotline (operators, supervisors) and leaders (masked). */
export const CALL_LOG_ROLES: readonly Role[] = ['operator', 'supervisor', 'leader'];

export class CallsService {
  readonly repo: CallsRepository;
  constructor(ctx: Pick<AppContext, 'db'>) {
    this.repo = new CallsRepository(ctx.db);
  }

  async list(actorIn: Actor | undefined, q: ListQuery) {
    const actor = requireRole(actorIn, CALL_LOG_ROLES);
    const page = await this.repo.list(actor.tenantId, q);
    return { actor, ...page };
  }
}
