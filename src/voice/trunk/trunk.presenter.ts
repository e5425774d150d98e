import type { Trunk } from '../../contract/trunks.ts';
import type { SipTrunkRow } from '../../db/schema.ts';

/** A trunk as the API shows it: the password is never sent, only whether one is set. */
export function presentTrunk(t: SipTrunkRow): Trunk {
  return {
    name: t.name,
    host: t.host,
    port: t.port,
    transport: t.transport,
    username: t.username,
    hasPassword: t.password !== null && t.password !== '',
    fromUser: t.from_user,
    dialPrefix: t.dial_prefix,
    allowFrom: t.allow_from,
    enabled: t.enabled,
    updatedAt: t.updated_at.toISOString(),
  };
}
