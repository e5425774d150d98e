import type { Role } from '../../core/access/roles.ts';
import {
  TOKEN_REVOKE_REASONS,
  type ApiToken,
  type ApiTokenInfo,
  type Me,
} from '../../contract/auth.ts';
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
  expires_at: Date;
}): ApiToken => ({
  id: t.id,
  name: t.name,
  token: t.token,
  createdAt: t.created_at.toISOString(),
  expiresAt: t.expires_at.toISOString(),
});

const reason = (r: string | null): ApiTokenInfo['revokeReason'] =>
  (TOKEN_REVOKE_REASONS as readonly string[]).includes(r ?? '')
    ? (r as ApiTokenInfo['revokeReason'])
    : r
      ? 'admin'
      : null;

/** A token as its owner and administrators see it: its state now, never its secret. */
export const presentTokenInfo =
  (now: Date) =>
  (t: {
    id: string;
    user_id: string;
    name: string;
    created_at: Date;
    expires_at: Date;
    last_used_at: Date | null;
    revoked_at: Date | null;
    revoke_reason: string | null;
  }): ApiTokenInfo => ({
    id: t.id,
    userId: t.user_id,
    name: t.name,
    createdAt: t.created_at.toISOString(),
    expiresAt: t.expires_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
    revokeReason: t.revoked_at ? reason(t.revoke_reason) : null,
    state: t.revoked_at ? 'revoked' : t.expires_at <= now ? 'expired' : 'active',
  });
