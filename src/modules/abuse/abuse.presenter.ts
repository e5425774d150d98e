import type { Selectable } from 'kysely';
import type { AbuseBlockTable, AbuseEventTable } from '../../db/schema.ts';
import type { AbuseBlock, AbuseEvent, PublicChallenge } from '../../contract/abuse.ts';
import type { ChallengeClaims } from '../../core/abuse/challenge.ts';
import { maskEmail, maskPhone } from '../../core/privacy/mask.ts';

export function presentBlock(b: Selectable<AbuseBlockTable>): AbuseBlock {
  return {
    id: b.id,
    kind: b.kind,
    value: b.value,
    reason: b.reason,
    expiresAt: b.expires_at?.toISOString() ?? null,
    createdAt: b.created_at.toISOString(),
    updatedAt: b.updated_at.toISOString(),
  };
}

/** A refused or flagged attempt; `mask`ed for a viewer who may not see the sender. */
export function presentEvent(
  e: Selectable<AbuseEventTable> & { ticket_code: string | null },
  mask: boolean,
): AbuseEvent {
  return {
    id: e.id,
    at: e.at.toISOString(),
    channel: e.channel,
    outcome: e.outcome,
    reasons: e.reasons,
    terms: e.terms,
    phone: mask ? maskPhone(e.phone) : e.phone,
    email: mask ? maskEmail(e.email) : e.email,
    ip: e.ip,
    excerpt: mask ? null : e.excerpt,
    ticketId: e.ticket_id,
    ticketCode: e.ticket_code,
  };
}

export function presentChallenge(token: string, claims: ChallengeClaims): PublicChallenge {
  return {
    token,
    algorithm: 'sha256',
    bits: claims.bits,
    expiresAt: new Date(claims.expiresAt).toISOString(),
    // What the form must find: a solution s such that sha256(token + ':' + s) starts with
    // `bits` zero bits (src/core/abuse/challenge.ts has the solver the form runs).
    input: `${token}:<solution>`,
  };
}
