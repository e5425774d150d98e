import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { ROLES } from '../../core/access/roles.ts';
import { can } from '../../core/access/permissions.ts';
import { requirePermission } from '../../core/access/check.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import { writeAudited } from '../../modules/audit/audited-write.ts';
import type { AgentStateBody, QueueBody, SipAccountBody } from '../../contract/agents.ts';
import { ha1 } from '../sip/digest.ts';
import { publishAgentState } from './agents.events.ts';
import { agentsRepository as repo } from './agents.repository.ts';

/** Who answers calls: the roles that set their own phone state. */
const ANSWERING_ROLES = ROLES.filter((r) => can(r, 'agent.state'));

/** Operators' phones (R-TEL-6), their availability and the queues (R-TEL-3). */
export class AgentsService {
  constructor(private readonly ctx: Pick<AppContext, 'db' | 'env' | 'clock'>) {}

  async list(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'agent.read');
    return repo.agents(this.ctx.db, actor.tenantId, ANSWERING_ROLES, this.ctx.clock.now());
  }

  /** Sets an operator's SIP user name and password (stored as HA1 only); audited. */
  async setSipAccount(actorIn: Actor | undefined, userId: string, body: SipAccountBody) {
    const actor = requirePermission(actorIn, 'agent.manage');
    const user = await repo.userInTenant(this.ctx.db, actor.tenantId, userId);
    if (!user) throw new AppError('not_found');
    // Only someone who answers calls has a phone.
    if (!can(user.role, 'agent.state')) throw new AppError('bad_request');
    const realm = this.ctx.env.SIP_REALM;
    await writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'sip_account.set',
        entityType: 'user',
        data: { sipUsername: body.username, realm },
        at: this.ctx.clock.now(),
      },
      async (trx) => {
        await repo.setAccount(trx, actor.tenantId, {
          userId,
          username: body.username,
          realm,
          ha1Md5: ha1('MD5', body.username, realm, body.password),
          ha1Sha256: ha1('SHA-256', body.username, realm, body.password),
        });
        return { id: userId };
      },
    );
    return { userId, sipUsername: body.username, realm };
  }

  async deleteSipAccount(actorIn: Actor | undefined, userId: string): Promise<void> {
    const actor = requirePermission(actorIn, 'agent.manage');
    await writeAudited(
      this.ctx.db,
      actor,
      { action: 'sip_account.delete', entityType: 'user', data: {}, at: this.ctx.clock.now() },
      async (trx) => {
        if (!(await repo.deleteAccount(trx, actor.tenantId, userId)))
          throw new AppError('not_found');
        return { id: userId };
      },
    );
  }

  /** The operator says they are available, on a break or gone. A call in progress wins. */
  async setMyState(actorIn: Actor | undefined, body: AgentStateBody) {
    const actor = requirePermission(actorIn, 'agent.state');
    const now = this.ctx.clock.now();
    const cur = await repo.state(this.ctx.db, actor.userId);
    if (cur && (cur.state === 'ringing' || cur.state === 'on-call'))
      throw new AppError('agent_busy');
    await repo.setState(this.ctx.db, actor.tenantId, actor.userId, body.state, now, {
      // Back from a break or from wrap-up: the idle clock starts now.
      idle: body.state === 'available' && cur?.state !== 'available',
      queues: body.queues,
    });
    await publishAgentState(this.ctx.db, actor.tenantId, {
      userId: actor.userId,
      state: body.state,
      reason: null,
      missedCalls: null,
    });
    return { state: body.state, since: now.toISOString() };
  }

  /** Callers waiting in the queues right now (every node), for the hotline's wallboard. */
  async waiting(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'agent.read');
    return repo.waiting(this.ctx.db, actor.tenantId, this.ctx.clock.now());
  }

  async queues(actorIn: Actor | undefined) {
    const actor = requirePermission(actorIn, 'agent.read');
    return repo.queues(this.ctx.db, actor.tenantId);
  }

  async putQueue(actorIn: Actor | undefined, code: string, body: QueueBody) {
    const actor = requirePermission(actorIn, 'agent.manage');
    const q = { code, ...body };
    await writeAudited(
      this.ctx.db,
      actor,
      {
        action: 'call_queue.put',
        entityType: 'call_queue',
        data: { ...body },
        at: this.ctx.clock.now(),
      },
      async (trx) => {
        await repo.putQueue(trx, actor.tenantId, q);
        return { id: code };
      },
    );
    return q;
  }
}
