import type { Role } from '../../core/access/roles.ts';
import type { ApiToken, Me } from '../../contract/auth.ts';
import type { Actor } from './actor.ts';

/** The signed-in user, from their row (at sign-in). */
export const presentMe = (u: {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  agency_id: string | null;
}): Me => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  role: u.role,
  agencyId: u.agency_id,
});

/** The signed-in user, from the request's actor. */
export const presentActor = (a: Actor): Me => ({
  id: a.userId,
  username: a.username,
  displayName: a.displayName,
  role: a.role,
  agencyId: a.agencyId,
});

export const presentToken = (t: {
  id: string;
  name: string;
  token: string;
  created_at: Date;
}): ApiToken => ({
  id: t.id,
  name: t.name,
  token: t.token,
  createdAt: t.created_at.toISOString(),
});
