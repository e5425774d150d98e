import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import type { Role } from '../../core/access/roles.ts';
import { auditBy } from '../../modules/audit/audit.repository.ts';
import { requireRole, type Actor } from '../../modules/auth/actor.ts';
import type { TicketService } from '../../modules/ticket/ticket.service.ts';
import { CallBindingRepository, CallsRepository } from './calls.repository.ts';
import type { CallBinding } from '../../modules/ticket/call-binding.ts';
import type { CallTicketBody, ListQuery } from './calls.schema.ts';

/** Who reads the call log: the hotline (operators, supervisors) and leaders (masked). */
export const CALL_LOG_ROLES: readonly Role[] = ['operator', 'supervisor', 'leader'];
/**
 * Who may listen to a recording (R-TEL-5): the hotline's operators and supervisors, and the
 * staff of the agency holding the ticket the call is bound to (verification).
 */
export const RECORDING_ROLES: readonly Role[] = [
  'operator',
  'supervisor',
  'focal_point',
  'agency_head',
];
const AGENCY_ROLES: readonly Role[] = ['focal_point', 'agency_head'];

/**
 * Binding calls to tickets (R-TEL-5): telephony's side of intake from a call
 * (`CallBinding`, used by the ticket service) and of `POST /calls/:id/ticket`.
 */
export class CallBindingService implements CallBinding {
  private readonly binding: CallBindingRepository;
  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock'>) {
    this.binding = new CallBindingRepository(ctx.db);
  }

  /** Binds a call to a ticket just created from it (`callId` in the ticket's creation). */
  async bind(actor: Actor, ticketId: string, callId: string): Promise<void> {
    const ok = await this.ctx.db.transaction().execute((trx) =>
      this.binding.bind(trx, actor.tenantId, callId, ticketId, {
        actorId: actor.userId,
        actorRole: actor.role,
        at: this.ctx.clock.now(),
        data: {},
      }),
    );
    if (ok === 'taken') throw new AppError('call_already_bound');
  }

  /** Checks, before a ticket is created with `callId`, that the call can be bound to it. */
  async checkBindable(actor: Actor, callId: string): Promise<void> {
    const call = await this.binding.get(actor.tenantId, callId);
    if (!call) throw new AppError('call_not_found');
    if (call.ticket_id) throw new AppError('call_already_bound');
  }
}

export class CallsService {
  readonly repo: CallsRepository;
  readonly binding: CallBindingRepository;
  constructor(
    private readonly ctx: Pick<AppContext, 'db' | 'env' | 'clock'>,
    private readonly tickets?: Pick<TicketService, 'create'>,
    private readonly calls = new CallBindingService(ctx),
  ) {
    this.repo = new CallsRepository(ctx.db);
    this.binding = new CallBindingRepository(ctx.db);
  }

  async list(actorIn: Actor | undefined, q: ListQuery) {
    const actor = requireRole(actorIn, CALL_LOG_ROLES);
    const page = await this.repo.list(actor.tenantId, q);
    return { actor, ...page };
  }

  /**
   * A call's recording file, for streaming. Agency staff get it only for a call bound to a
   * ticket their agency holds; anyone else gets the same 404 as for a call that does not
   * exist. Every access is audited.
   */
  async recording(actorIn: Actor | undefined, id: string) {
    const actor = requireRole(actorIn, RECORDING_ROLES);
    const call = await this.binding.get(actor.tenantId, id);
    if (!call) throw new AppError('call_not_found');
    if (AGENCY_ROLES.includes(actor.role)) {
      const t = call.ticket_id
        ? await this.binding.ticketAgency(actor.tenantId, call.ticket_id)
        : null;
      if (
        !t ||
        !actor.agencyId ||
        (t.agency_id !== actor.agencyId && t.subunit_id !== actor.agencyId)
      )
        throw new AppError('call_not_found');
    }
    if (!call.recording_file) throw new AppError('recording_not_found');
    const root = path.resolve(this.ctx.env.dataDir, 'voice', 'recordings');
    const file = path.resolve(root, call.recording_file);
    // The name is ours, but a path leaving the recordings folder is never served.
    if (!file.startsWith(root + path.sep)) throw new AppError('recording_not_found');
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) throw new AppError('recording_not_found');
    await this.ctx.db.transaction().execute((trx) =>
      auditBy(trx, actor, {
        action: 'call.recording.read',
        entityType: 'call_record',
        entityId: id,
        data: { ticketId: call.ticket_id },
        at: this.ctx.clock.now(),
      }),
    );
    return { file, bytes: info.size, channels: call.recording_channels ?? 1 };
  }

  /** Turns a call into a ticket in one step: the caller's number prefilled, the call bound. */
  async toTicket(actorIn: Actor | undefined, id: string, body: CallTicketBody) {
    const actor = requireRole(actorIn, ['operator', 'supervisor']);
    const call = await this.binding.get(actor.tenantId, id);
    if (!call) throw new AppError('call_not_found');
    if (call.ticket_id) throw new AppError('call_already_bound');
    const phone = /^\+?[0-9]{6,15}$/.test(call.caller) ? call.caller : undefined;
    const created = await this.tickets!.create(actor, {
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
    return created.ticket;
  }
}
