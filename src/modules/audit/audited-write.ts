import type { Transaction } from 'kysely';
import type { DB } from '../../db/database.ts';
import type { Database } from '../../db/schema.ts';
import { isUniqueViolation } from '../../db/helpers.ts';
import { AppError, type ErrorCode } from '../../core/errors/codes.ts';
import { auditBy } from './audit.repository.ts';

/**
 * One audited change (R-REC-1): `write` runs in a transaction and returns the row it changed;
 * the audit record of the change commits with it, or neither does. A unique index refusing
 * the row becomes `conflict` (or the code given), never a 500.
 *
 * ### Examples
 * ```ts
 * const row = await writeAudited(db, actor, { action: 'template.create', entityType:
 *   'message_template', data: body, at: now }, (trx) => repo.insert(trx, tenantId, body, now));
 * ```
 */
export async function writeAudited<T extends { id: string }>(
  db: DB,
  actor: { tenantId: string; userId: string; username: string },
  what: {
    action: string;
    entityType: string;
    data: Record<string, unknown>;
    at: Date;
    /** The error a unique violation becomes (default `conflict`). */
    conflict?: ErrorCode;
  },
  write: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  try {
    return await db.transaction().execute(async (trx) => {
      const row = await write(trx);
      await auditBy(trx, actor, {
        action: what.action,
        entityType: what.entityType,
        entityId: row.id,
        data: what.data,
        at: what.at,
      });
      return row;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError(what.conflict ?? 'conflict');
    throw err;
  }
}
