import type { Role } from '../../core/access/roles.ts';
import { AppError } from '../../core/errors/codes.ts';

/** Who is calling: resolved once per request from the session cookie or API token. */
export interface Actor {
  userId: string;
  tenantId: string;
  role: Role;
  agencyId: string | null;
  username: string;
  displayName: string;
  via: 'session' | 'token';
}

/** Services call this on their first line. */
export function requireRole(actor: Actor | undefined, roles: readonly Role[]): Actor {
  if (!actor) throw new AppError('unauthenticated');
  if (!roles.includes(actor.role)) throw new AppError('forbidden');
  return actor;
}

export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}

export const ALL_ROLES: readonly Role[] = [
  'operator',
  'supervisor',
  'focal_point',
  'agency_head',
  'coordinator',
  'leader',
  'admin',
];
/** Roles that see the whole tenant's tickets (not only their agency's). */
export const TENANT_WIDE_ROLES: readonly Role[] = [
  'operator',
  'supervisor',
  'coordinator',
  'leader',
  'admin',
];
export const AGENCY_ROLES: readonly Role[] = ['focal_point', 'agency_head'];
