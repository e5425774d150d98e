import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import type { Role } from '../../core/access/roles.ts';
import { auditBy } from '../../modules/audit/audit.repository.ts';
import { requireRole, type Actor } from '../../modules/auth/actor.ts';
import { ha1 } from '../sip/digest.ts';
import { publishAgentState } from './agents.events.ts';
import { AgentsRepository } from './agents.repository.ts';
import type { QueueBody, SipAccountBody, StateBody } from './agents.schema.ts';

/** Who sees the agents and queues: the hotline and its administrator. */
export const AGENT_VIEW_ROLES: readonly Role[] = ['operator', 'supervisor', 'admin'];
/** Who answers calls. */
export const AGENT_ROLES: readonly Role[] = ['operator', 'supervisor'];

const isUniqueViolation = (err: unknown) => (err as { code?: string }).code === '23505';

/** Operators' phones (R-TEL-6), their availability and the queues (R-TEL-3). */
export class AgentsService {
  readonly repo: AgentsRepository;
  constructor(private readonly ctx: Pick<AppContext, 'db' | 'env' | 'clock'>) {
    this.repo = new AgentsRepository(ctx.db);
  }

  async list(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, AGENT_VIEW_ROLES);
    return this.repo.agents(actor.tenantId, this.ctx.clock.now());
  }

  /** Sets an operator's SIP user name and password (stored as HA1 only); audited. */
  async setSipAccount(actorIn: Actor | undefined, userId: string, body: SipAccountBody) {
    const actor = requireRole(actorIn, ['admin']);
    const user = await this.repo.userInTenant(actor.tenantId, userId);
    if (!user) throw new AppError('not_found');
    if (!AGENT_ROLES.includes(user.role)) throw new AppError('bad_request');
    const realm = this.ctx.env.SIP_REALM;
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        await this.repo.setAccount(trx, actor.tenantId, {
          userId,
          username: body.username,
          realm,
          ha1Md5: ha1('MD5', body.username, realm, body.password),
          ha1Sha256: ha1('SHA-256', body.username, realm, body.password),
        });
        await auditBy(trx, actor, {
          action: 'sip_account.set',
          entityType: 'user',
          entityId: userId,
          data: { sipUsername: body.username, realm },
          at: this.ctx.clock.now(),
        });
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new AppError('conflict');
      throw err;
    }
    return { userId, sipUsername: body.username, realm };
  }

  async deleteSipAccount(actorIn: Actor | undefined, userId: string) {
    const actor = requireRole(actorIn, ['admin']);
    const deleted = await this.ctx.db.transaction().execute(async (trx) => {
      const ok = await this.repo.deleteAccount(trx, actor.tenantId, userId);
      if (ok)
        await auditBy(trx, actor, {
          action: 'sip_account.delete',
          entityType: 'user',
          entityId: userId,
          data: {},
          at: this.ctx.clock.now(),
        });
      return ok;
    });
    if (!deleted) throw new AppError('not_found');
  }

  /** The operator says they are available, on a break or gone. A call in progress wins. */
  async setMyState(actorIn: Actor | undefined, body: StateBody) {
    const actor = requireRole(actorIn, AGENT_ROLES);
    const now = this.ctx.clock.now();
    const cur = await this.repo.state(actor.userId);
    if (cur && (cur.state === 'ringing' || cur.state === 'on-call'))
      throw new AppError('agent_busy');
    await this.repo.setState(actor.tenantId, actor.userId, body.state, now, {
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
    const actor = requireRole(actorIn, AGENT_VIEW_ROLES);
    return this.repo.waiting(actor.tenantId, this.ctx.clock.now());
  }

  async queues(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, AGENT_VIEW_ROLES);
    return this.repo.queues(actor.tenantId);
  }

  async putQueue(actorIn: Actor | undefined, code: string, body: QueueBody) {
    const actor = requireRole(actorIn, ['admin']);
    const q = { code, ...body };
    await this.ctx.db.transaction().execute(async (trx) => {
      await this.repo.putQueue(trx, actor.tenantId, q);
      await auditBy(trx, actor, {
        action: 'call_queue.put',
        entityType: 'call_queue',
        entityId: code,
        data: { ...body },
        at: this.ctx.clock.now(),
      });
    });
    return q;
  }
}
