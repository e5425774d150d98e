import type { Selectable } from 'kysely';
import type { AbuseBlockTable, AbuseEventTable } from '../../db/schema.ts';
import type { Actor } from '../auth/actor.ts';
import { maskEmail, maskPhone } from '../ticket/ticket.presenter.ts';

export function presentBlock(b: Selectable<AbuseBlockTable>) {
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

/**
 * A refused or flagged attempt. Supervisors see the sender (they handle callers); an
 * administrator, who never needs personal data (R-PUB-2), sees it masked.
 */
export function presentEvent(
  e: Selectable<AbuseEventTable> & { ticket_code: string | null },
  actor: Actor,
) {
  const mask = actor.role === 'admin';
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
