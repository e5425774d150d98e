import type { AppContext } from '../../app/context.ts';
import { chainOf, latestCheckpoint } from './audit.repository.ts';
import { checkpointJson } from './checkpoint.ts';

/**
 * What the rest of the application asks of the audit trail. The latest signed checkpoint of
 * a tenant's chain is public (the citizens' site shows it): it holds a sequence number, a hash,
 * a time and a signature, no personal data; publishing it is what makes a later rewrite of the
 * chain visible to anyone who kept a copy.
 */
export class AuditService {
  constructor(private readonly ctx: Pick<AppContext, 'db'>) {}

  async latestCheckpoint(tenantId: string): Promise<ReturnType<typeof checkpointJson> | null> {
    const c = await latestCheckpoint(this.ctx.db, chainOf(tenantId));
    return c ? checkpointJson(c) : null;
  }
}
