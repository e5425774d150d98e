import { AppError, type ErrorCode } from '../errors/codes.ts';
import { can, reaches, type Caller, type Permission, type ScopedRow } from './permissions.ts';

/**
 * The one access check, on the first line of every service method (R-SEC-1, R-SEC-2).
 *
 * - no actor → `unauthenticated` (401);
 * - a role without the permission → `forbidden` (403);
 * - a row outside an agency role's scope → `hidden` (404 by default: a row one may not see
 *   is answered as if it did not exist, so ids cannot be probed).
 *
 * ### Examples
 * ```ts
 * const actor = requirePermission(actorIn, 'kb.edit');
 * requirePermission(actor, 'ticket.read', { agencyId: t.agency_id, subunitId: t.subunit_id }, 'ticket_not_found');
 * ```
 */
export function requirePermission<A extends { role: Caller; agencyId: string | null }>(
  actor: A | undefined,
  permission: Permission,
  row?: ScopedRow,
  hidden: ErrorCode = 'not_found',
): A {
  if (!actor) throw new AppError('unauthenticated');
  if (!can(actor.role, permission)) throw new AppError('forbidden');
  if (row && !reaches(actor, permission, row)) throw new AppError(hidden);
  return actor;
}

/** Whether the actor may, on this row if given: for choices that are not refusals. */
export function allowed(
  actor: { role: Caller; agencyId: string | null },
  permission: Permission,
  row?: ScopedRow,
): boolean {
  return can(actor.role, permission) && (!row || reaches(actor, permission, row));
}
