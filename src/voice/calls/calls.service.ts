import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import { maskedRows } from '../../core/privacy/mask.ts';
import { mustMask } from '../../core/access/permissions.ts';
import type { Actor } from '../../modules/auth/actor.ts';
import { writeAudited } from '../../modules/audit/audited-write.ts';
import type { TicketService } from '../../modules/ticket/ticket.service.ts';
import type { CallBinding } from '../../modules/ticket/call-binding.ts';
import type { CallListQuery, CallTicketBody } from '../../contract/calls.ts';
import { callsRepository as repo } from './calls.repository.ts';

/**
 * Binding calls to tickets (R-TEL-5): telephony's side of intake from a call
 * (`CallBinding`, used by the ticket service) and of `POST /calls/:id/ticket`.
 */
export class CallBindingService implements CallBinding {
  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock'>) {}

  /** Binds a call to a ticket just created from it (`callId` in the ticket's creation). */
  async bind(actorIn: Actor, ticketId: string, callId: string): Promise<void> {
    const actor = requirePermission(actorIn, 'ticket.create');
    const ok = await this.ctx.db.transaction().execute((trx) =>
      repo.bind(trx, actor.tenantId, callId, ticketId, {
        actorId: actor.userId,
        actorRole: actor.role,
        at: this.ctx.clock.now(),
        data: {},
      }),
    );
    if (ok === 'taken') throw new AppError('call_already_bound');
  }

  /** Checks, before a ticket is created with `callId`, that the call can be bound to it. */
  async checkBindable(actorIn: Actor, callId: string): Promise<void> {
    const actor = requirePermission(actorIn, 'ticket.create');
    const call = await repo.get(this.ctx.db, actor.tenantId, callId);
    if (!call) throw new AppError('call_not_found');
    if (call.ticket_id) throw new AppError('call_already_bound');
  }
}

export class CallsService {
  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'env' | 'clock'>,
    private readonly tickets: Pick<TicketService, 'create'>,
    private readonly calls: CallBinding,
  ) {}

  async list(actorIn: Actor | undefined, q: CallListQuery) {
    const actor = requirePermission(actorIn, 'call.read');
    // A role that sees callers masked (R-PUB-2) may not filter by the caller: the filter would
    // confirm a guessed number against the masked one.
    if (q.caller && maskedRows(actor.role) !== 'none') throw new AppError('masked_filter');
    const page = await repo.list(this.ctx.db, actor.tenantId, q);
    return { actor, ...page };
  }

  /**
   * A call's recording file, for streaming. Agency staff get it only for a call bound to a
   * ticket their agency holds; anyone else gets the same 404 as for a call that does not
   * exist. Every access is audited.
   */
  async recording(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'call.recording');
    const db = this.ctx.db;
    const call = await repo.get(db, actor.tenantId, id);
    if (!call) throw new AppError('call_not_found');
    const t = call.ticket_id ? await repo.ticketAgency(db, actor.tenantId, call.ticket_id) : null;
    requirePermission(
      actor,
      'call.recording',
      { agencyId: t?.agency_id ?? null, subunitId: t?.subunit_id ?? null },
      'call_not_found',
    );
    // A voice cannot be masked: agency staff do not hear the caller of a confidential
    // ticket, whose personal data they see masked (R-PUB-2).
    if (t && mustMask(actor.role, t)) throw new AppError('attachment_masked');
    if (!call.recording_file) throw new AppError('recording_not_found');
    const root = path.resolve(this.ctx.env.dataDir, 'voice', 'recordings');
    const file = path.resolve(root, call.recording_file);
    // The name is ours, but a path leaving the recordings folder is never served.
    if (!file.startsWith(root + path.sep)) throw new AppError('recording_not_found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new AppError('recording_not_found');
    await writeAudited(
      db,
      actor,
      {
        action: 'call.recording.read',
        entityType: 'call_record',
        data: { ticketId: call.ticket_id },
        at: this.ctx.clock.now(),
      },
      async () => ({ id }),
    );
    return { file, bytes: info.size, channels: call.recording_channels ?? 1 };
  }

  /** Turns a call into a ticket in one step: the caller's number prefilled, the call bound. */
  async toTicket(actorIn: Actor | undefined, id: string, body: CallTicketBody) {
    const actor = requirePermission(actorIn, 'call.ticket');
    const call = await repo.get(this.ctx.db, actor.tenantId, id);
    if (!call) throw new AppError('call_not_found');
    if (call.ticket_id) throw new AppError('call_already_bound');
    const phone = /^\+?[0-9]{6,15}$/.test(call.caller) ? call.caller : undefined;
    const created = await this.tickets.create(actor, {
      channel: 'phone',
      content: body.content,
      subject: body.subject,
      fieldId: body.fieldId,
      urgency: body.urgency,
      confidential: body.confidential,
      citizen: {
        name: body.citizenName ?? call.caller_name ?? 'Người gọi',
        phone: body.citizenPhone ?? phone,
        email: body.citizenEmail,
        address: body.citizenAddress,
        language: 'vi',
      },
      attachmentIds: [],
      idempotencyKey: `call:${id}`,
    });
    await this.calls.bind(actor, created.ticket.id, id);
    return { id: created.ticket.id, code: created.ticket.code, callId: id };
  }
}
