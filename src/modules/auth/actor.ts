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

/**
 * For presenters and routes after the service has authorised: the actor as non-optional.
 * Services check access with `requirePermission` (src/core/access/check.ts).
 */
export function requireActor(actor: Actor | undefined): Actor {
  if (!actor) throw new AppError('unauthenticated');
  return actor;
}
