import type { Transaction } from 'kysely';
import type { Database, TicketRow } from '../../db/schema.ts';
import type { AppContext } from '../../app/context.ts';
import type { NotifyTarget } from '../../core/ticket/state-machine.ts';
import type { Role } from '../../core/access/roles.ts';
import { requirePermission } from '../../core/access/check.ts';
import { mustMask } from '../../core/access/permissions.ts';
import { Masker, knownOf } from '../../core/privacy/mask.ts';
import type { Actor } from '../auth/actor.ts';
import { orgRepository } from '../org/org.repository.ts';
import { outboxRepository, type OutboxMessage } from './outbox.repository.ts';
import { notificationRepository } from './notification.repository.ts';
import { pushRepository } from '../push/push.repository.ts';
import { PUSH_TEMPLATES } from '../push/push.service.ts';

interface Recipient {
  id: string;
  email: string | null;
  locale: string;
  /** The roles they are notified as (to mask the ticket's texts for them, R-PUB-2). */
  roles?: readonly string[];
}

type StaffTarget = Exclude<NotifyTarget, 'citizen'>;

/**
 * Who on the staff hears of a notice, for each target the state machine names: roles of the
 * ticket's agency, of the sub-unit it is routed to, or of the whole tenant; the hotline also
 * tells the operator who recorded the ticket. Citizens are reached through their own contacts.
 */
const RECIPIENTS: Record<
  StaffTarget,
  { of: 'agency' | 'subunit' | 'tenant'; roles: readonly Role[]; creator?: readonly Role[] }
> = {
  agency_focal_points: { of: 'agency', roles: ['focal_point'] },
  agency_head: { of: 'agency', roles: ['agency_head'] },
  subunit: { of: 'subunit', roles: ['focal_point', 'agency_head'] },
  coordinators: { of: 'tenant', roles: ['coordinator'] },
  leaders: { of: 'tenant', roles: ['leader'] },
  hotline: { of: 'tenant', roles: ['supervisor'], creator: ['operator'] },
};

/**
 * Turns "notify the agency head of ticket T about X" into outbox rows, in the same
 * transaction as the state change that caused it: a notification is never lost nor sent for
 * a change that rolled back. The dispatcher delivers them.
 */
export class NotificationService {
  constructor(private readonly ctx: AppContext) {}

  private async recipients(
    trx: Transaction<Database>,
    ticket: TicketRow,
    target: StaffTarget,
  ): Promise<Recipient[]> {
    const rule = RECIPIENTS[target];
    let staff: Recipient[];
    if (rule.of === 'tenant') {
      staff = await orgRepository.tenantStaff(trx, ticket.tenant_id, rule.roles);
    } else {
      const holder = rule.of === 'agency' ? ticket.agency_id : ticket.subunit_id;
      staff = holder
        ? await orgRepository.agencyStaff(trx, holder, rule.roles, this.ctx.clock.now())
        : [];
    }
    staff = staff.map((r) => ({ ...r, roles: rule.roles }));
    if (!rule.creator || !ticket.created_by) return staff;
    const creator = await orgRepository.user(trx, ticket.created_by);
    return creator && rule.creator.includes(creator.role)
      ? [{ ...creator, roles: [creator.role] }, ...staff]
      : staff;
  }

  async notify(
    trx: Transaction<Database>,
    ticket: TicketRow,
    eventId: string,
    target: NotifyTarget,
    template: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const payload = {
      ticketId: ticket.id,
      ticketCode: ticket.code,
      subject: ticket.subject,
      status: ticket.status,
      escalation: ticket.escalation,
      ...extra,
    };
    const base = `${eventId}:${template}`;
    const messages: OutboxMessage[] = [];
    if (target === 'citizen') {
      // Confidential or not, the citizen always hears back through the contact they gave.
      const p = {
        ...payload,
        citizenName: ticket.citizen_name,
        answer: ticket.answer,
        locale: ticket.citizen_language,
      };
      if (ticket.citizen_email) {
        messages.push({
          tenantId: ticket.tenant_id,
          channel: 'email',
          recipient: ticket.citizen_email,
          userId: null,
          template,
          payload: p,
          idempotencyKey: `${base}:email:${ticket.citizen_email}`,
        });
      }
      if (ticket.citizen_phone) {
        messages.push({
          tenantId: ticket.tenant_id,
          channel: 'sms',
          recipient: ticket.citizen_phone,
          userId: null,
          template,
          payload: p,
          idempotencyKey: `${base}:sms:${ticket.citizen_phone}`,
        });
      }
    } else {
      const recipients = await this.recipients(trx, ticket, target);
      const known = knownOf(ticket);
      for (const r of recipients) {
        // A recipient who sees the ticket masked (R-PUB-2) is told of it masked: the subject
        // and the note travel by e-mail and push, beyond the server.
        const m = Masker.when(
          (r.roles ?? []).some((role) => mustMask(role, ticket)),
          known,
        );
        const p = {
          ...payload,
          subject: m.text(payload.subject),
          ...(typeof extra.note === 'string' ? { note: m.text(extra.note) } : {}),
          locale: r.locale,
        };
        messages.push({
          tenantId: ticket.tenant_id,
          channel: 'inapp',
          recipient: r.id,
          userId: r.id,
          template,
          payload: p,
          idempotencyKey: `${base}:inapp:${r.id}`,
        });
        if (r.email) {
          messages.push({
            tenantId: ticket.tenant_id,
            channel: 'email',
            recipient: r.email,
            userId: r.id,
            template,
            payload: p,
            idempotencyKey: `${base}:email:${r.id}`,
          });
        }
      }
    }
    if (target !== 'citizen' && PUSH_TEMPLATES.has(template)) {
      // R-CH-8: new forwards and pre-breach warnings also reach the agency app's browsers.
      const users = new Map(messages.filter((m) => m.userId).map((m) => [m.userId!, m]));
      for (const sub of await pushRepository.forUsers(trx, [...users.keys()])) {
        messages.push({
          tenantId: ticket.tenant_id,
          channel: 'webpush',
          recipient: sub.id,
          userId: sub.user_id,
          template,
          payload: users.get(sub.user_id)!.payload,
          idempotencyKey: `${base}:webpush:${sub.id}`,
        });
      }
    }
    await outboxRepository.enqueue(trx, messages, this.ctx.clock.now());
  }

  /** The caller's own latest notifications. */
  async list(actorIn: Actor | undefined, unreadOnly: boolean) {
    const actor = requirePermission(actorIn, 'notification.read');
    return notificationRepository.list(this.ctx.db, actor.userId, unreadOnly);
  }

  /** Marks one of the caller's notifications read; false when they have no such one. */
  async markRead(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'notification.read');
    return notificationRepository.markRead(this.ctx.db, actor.userId, id, this.ctx.clock.now());
  }
}
