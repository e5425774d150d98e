import type { Transaction } from 'kysely';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../app/context.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import type { Database, DeadlineRow, TicketRow, TicketUpdate } from '../../db/schema.ts';
import { isUniqueViolation, patchColumns, type Q } from '../../db/helpers.ts';
import { AppError } from '../../core/errors/codes.ts';
import { IMAGE_HEAD_BYTES, imageTooLarge } from '../../core/files/image-size.ts';
import { requirePermission } from '../../core/access/check.ts';
import { reaches } from '../../core/access/permissions.ts';
import { Masker, knownOf, maskedDownload, maskedRows } from '../../core/privacy/mask.ts';
import {
  decide,
  type Action,
  type Actor as MachineActor,
  type TicketPatch,
} from '../../core/ticket/state-machine.ts';
import { ticketCodeFromDigits } from '../../core/routing/routing.ts';
import { acknowledgementRoute } from '../../core/template/acknowledgement.ts';
import {
  type ActionBody,
  type CreateTicketBody,
  type ListTicketsQuery,
  type LookupQuery,
} from '../../contract/ticket.ts';
import type { Actor } from '../auth/actor.ts';
import { chainOf } from '../audit/audit.repository.ts';
import { phoneNumber } from '../../contract/phone.ts';
import { orgRepository } from '../org/org.repository.ts';
import type { DeadlineService } from '../sla/deadline.service.ts';
import type { NotificationService } from '../notification/notification.service.ts';
import type { FileStorage } from '../../storage/storage.ts';
import { TooLargeError } from '../../storage/storage.ts';
import { publish, ticketRooms } from '../../realtime/events.ts';
import type { LivePublisher } from '../../realtime/publisher.ts';
import { ticketRepository } from './ticket.repository.ts';
import { scopeOf, snapshotOf } from './ticket.snapshot.ts';
import { localDate, localYear } from './local-time.ts';
import type { CallBinding } from './call-binding.ts';

export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024;
const ALLOWED_TYPES =
  /^(image\/(jpeg|png|gif|webp|heic)|application\/pdf|audio\/(mpeg|wav|x-wav|ogg|mp4)|video\/mp4|text\/plain|application\/(msword|vnd\.openxmlformats-officedocument\.[a-z.]+|vnd\.ms-excel|zip))$/;

/** The machine's view of who acts; the sweeper and channels act as 'system'. */
export type ActingAs = Actor | { system: true; tenantId: string; label: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const isSystem = (a: ActingAs): a is { system: true; tenantId: string; label: string } =>
  'system' in a;

/** A row held by no agency: only those whose reach is tenant-wide reach it. */
const UNHELD = { agencyId: null, subunitId: null };
/** Matches no agency: the list of an agency role without an agency is empty. */
const NO_AGENCY = '00000000-0000-0000-0000-000000000000';

/** Everything a ticket's detail shows, as read (`TicketService.get`). */
export interface TicketDetailRows {
  ticket: TicketRow;
  events: Awaited<ReturnType<typeof ticketRepository.events>>;
  deadlines: DeadlineRow[];
  attachments: Awaited<ReturnType<typeof ticketRepository.attachments>>;
  requiresApproval: boolean;
  /** Why the content was flagged for review (R-AB-1), or null. */
  flags: string[] | null;
}

/**
 * Tickets: intake, scoped reads and every transition of the state machine, each in one
 * transaction with its event, deadlines, notifications and audit record.
 */
export class TicketService {
  /**
   * The ticket SQL, for modules that record on a ticket's timeline inside their own
   * transaction (the citizens' rating and reopening, the demo).
   */
  readonly repo = ticketRepository;

  constructor(
    private readonly ctx: AppContext,
    private readonly deadlines: DeadlineService,
    private readonly notifications: NotificationService,
    private readonly storage: FileStorage,
    private readonly config: ConfigCache,
    private readonly live: LivePublisher,
    /** Telephony's side of tickets recorded from a call; absent without the voice module. */
    private readonly calls?: CallBinding,
  ) {}

  /** Records a new contact as a ticket (R-IN-3, R-CH-12). */
  async create(actorIn: Actor | undefined, body: CreateTicketBody) {
    const actor = requirePermission(actorIn, 'ticket.create');
    // Open311 tickets come only from apps through the Open311 API (its key, its rate limits,
    // its request record); staff record what reached them on their own channels.
    if (body.channel === 'open311')
      throw new AppError('validation_failed', [
        {
          path: 'channel',
          message:
            'Kênh open311 chỉ dành cho ứng dụng gửi qua Open311 API / open311 is for apps using the Open311 API',
        },
      ]);
    if (!body.callId) return this.createAs(actor, body);
    // A ticket opened from a call: the call must be bindable before anything is created.
    const calls = this.calls;
    if (!calls) throw new AppError('call_not_found');
    await calls.checkBindable(actor, body.callId);
    const r = await this.createAs(actor, body);
    if (r.created) await calls.bind(actor, r.ticket.id, body.callId);
    return r;
  }

  /**
   * Records a ticket for whoever the caller has already authorised: a person through
   * `create`, or a channel (citizens' site, chat, Open311) acting as the system.
   */
  async createAs(
    actor: ActingAs,
    body: CreateTicketBody,
  ): Promise<{ ticket: TicketRow; created: boolean; eventId?: string }> {
    const tenantId = actor.tenantId;
    if (body.idempotencyKey) {
      const existing = await this.repo.findByIdempotencyKey(
        this.ctx.db,
        tenantId,
        body.idempotencyKey,
      );
      if (existing) return { ticket: existing, created: false };
    }
    if (body.fieldId && !(await orgRepository.field(this.ctx.db, tenantId, body.fieldId))) {
      throw new AppError('field_not_found');
    }
    if (
      body.location?.orgUnitId &&
      !(await orgRepository.orgUnit(this.ctx.db, tenantId, body.location.orgUnitId))
    ) {
      throw new AppError('validation_failed', [
        { path: 'location.orgUnitId', message: 'unknown unit' },
      ]);
    }
    const prefix = await this.ticketPrefix(tenantId);
    const now = this.ctx.clock.now();
    const actorId = isSystem(actor) ? null : actor.userId;
    const year = localYear(now);
    // The running number is drawn inside the insert statement (one round trip less).
    const sequence = await this.repo.numberSequence(this.ctx.db, tenantId, year);
    const id = randomUUID();
    const values = {
      id,
      tenant_id: tenantId,
      channel: body.channel,
      status: 'received' as const,
      subject: body.subject || summarize(body.content),
      content: body.content,
      urgency: body.urgency,
      field_id: body.fieldId ?? null,
      agency_id: null,
      subunit_id: null,
      assignee_id: actorId,
      citizen_name: body.citizen.name,
      citizen_phone: body.citizen.phone ?? null,
      citizen_email: body.citizen.email ?? null,
      citizen_address: body.citizen.address ?? null,
      citizen_org: body.citizen.organization ?? null,
      citizen_language: body.citizen.language,
      confidential: body.confidential,
      latitude: body.location?.latitude ?? null,
      longitude: body.location?.longitude ?? null,
      org_unit_id: body.location?.orgUnitId ?? null,
      resume_status: null,
      promised_date: null,
      answer: null,
      agency_answer: null,
      reject_reason: null,
      reject_guidance: null,
      created_by: actorId,
      idempotency_key: body.idempotencyKey ?? null,
      created_at: now,
      updated_at: now,
    };
    const record = (q: Q) =>
      this.repo.insertCreated(
        q,
        values,
        {
          actorId,
          actorRole: isSystem(actor) ? 'system' : actor.role,
          data: { channel: body.channel, urgency: body.urgency },
          at: now,
        },
        { chainId: chainOf(tenantId), actorLabel: isSystem(actor) ? actor.label : actor.username },
        { prefix: `${prefix}-${year}-`, sequence },
        acknowledgementRoute(body.channel, body.citizen),
      );
    try {
      // Without attachments the one statement is the whole (atomic) write; with them, linking
      // joins it in a transaction so that a bad attachment id undoes the ticket too.
      const created =
        body.attachmentIds.length === 0
          ? await record(this.ctx.db)
          : await this.ctx.db.transaction().execute(async (trx) => {
              const c = await record(trx);
              const linked = await this.repo.linkAttachments(
                trx,
                tenantId,
                body.attachmentIds,
                c.ticket.id,
                c.eventId,
              );
              if (linked !== body.attachmentIds.length) {
                throw new AppError('validation_failed', [
                  { path: 'attachmentIds', message: 'unknown or already used attachment' },
                ]);
              }
              return c;
            });
      // Committed: now the live notice (batched with others; see LivePublisher), and a wake-up
      // for the dispatchers when an acknowledgement waits in the outbox.
      const t = created.ticket;
      if (created.acknowledged) this.live.wakeOutbox();
      this.live.publish('ticket.updated', [`tenant:${tenantId}`], {
        ticketId: t.id,
        code: t.code,
        status: t.status,
        escalation: t.escalation,
        agencyId: null,
        subunitId: null,
        action: 'create',
      });
      return { ticket: t, created: true, eventId: created.eventId };
    } catch (err) {
      // Two retries of one submission racing: the loser returns the winner's ticket.
      if (isUniqueViolation(err) && body.idempotencyKey) {
        const existing = await this.repo.findByIdempotencyKey(
          this.ctx.db,
          tenantId,
          body.idempotencyKey,
        );
        if (existing) return { ticket: existing, created: false };
      }
      throw err;
    }
  }

  /** The tenant's ticket code prefix (PA by default), read on every intake. */
  private async ticketPrefix(tenantId: string): Promise<string> {
    const t = await this.config.tenant(tenantId);
    return typeof t?.settings.ticketPrefix === 'string' ? t.settings.ticketPrefix : 'PA';
  }

  /**
   * The status of the ticket a caller names on the keypad (IVR self-service, R-PUB-3): only
   * of a ticket filed with the number they ring from, else `null` — a wrong code and someone
   * else's ticket sound the same. A system read for telephony, not an API.
   */
  async statusForCaller(
    tenantId: string,
    digits: string,
    callerNumber: string,
  ): Promise<{ code: string; status: TicketRow['status'] } | null> {
    const phone = phoneNumber.safeParse(callerNumber);
    if (!phone.success) return null;
    const prefix = await this.ticketPrefix(tenantId);
    const code = ticketCodeFromDigits(digits, prefix, localYear(this.ctx.clock.now()));
    if (!code) return null;
    const t = await this.repo.findByCode(this.ctx.db, tenantId, code);
    if (!t || t.citizen_phone !== phone.data) return null;
    return { code: t.code, status: t.status };
  }

  /** A ticket with its timeline, deadlines and attachments; agency staff only their own. */
  async get(actorIn: Actor | undefined, id: string): Promise<TicketDetailRows> {
    const actor = requirePermission(actorIn, 'ticket.read');
    const db = this.ctx.db;
    const t = await this.repo.findById(db, actor.tenantId, id);
    if (!t) throw new AppError('ticket_not_found');
    requirePermission(actor, 'ticket.read', scopeOf(t), 'ticket_not_found');
    const [events, deadlines, attachments, requiresApproval, flags] = await Promise.all([
      this.repo.events(db, t.id),
      this.repo.deadlines(db, t.id),
      this.repo.attachments(db, t.id),
      this.agencyRequiresApproval(db, actor.tenantId, t.agency_id),
      this.repo.flagReasons(db, t.id),
    ]);
    return { ticket: t, events, deadlines, attachments, requiresApproval, flags };
  }

  /** The detail of a ticket this request has just created, without reading it back. */
  async freshDetail(
    actor: Actor,
    t: TicketRow,
    eventId: string,
    body: CreateTicketBody,
  ): Promise<TicketDetailRows> {
    return {
      ticket: t,
      events: [
        {
          id: eventId,
          action: 'create',
          from_status: null,
          to_status: 'received',
          actor_role: actor.role,
          note: null,
          data: { channel: body.channel, urgency: body.urgency },
          at: t.created_at,
          actor_name: actor.displayName,
          agency_name: null,
        },
      ],
      deadlines: [],
      attachments: body.attachmentIds.length ? await this.repo.attachments(this.ctx.db, t.id) : [],
      requiresApproval: false,
      // Screening flags a ticket after it is written (AbuseService.flag).
      flags: null,
    };
  }

  /** A page of tickets; agency staff see only those of their agency or sub-unit. */
  async list(actorIn: Actor | undefined, q: ListTicketsQuery) {
    const actor = requirePermission(actorIn, 'ticket.read');
    const agencyScope = reaches(actor, 'ticket.read', UNHELD)
      ? undefined
      : (actor.agencyId ?? NO_AGENCY);
    return this.repo.list(this.ctx.db, {
      tenantId: actor.tenantId,
      agencyScope,
      status: q.status,
      escalation: q.escalation,
      agencyId: q.agencyId,
      fieldId: q.fieldId,
      channel: q.channel,
      q: q.q,
      qMasked: maskedRows(actor.role),
      createdBy: q.mine === 'created' ? actor.userId : undefined,
      assigneeId: q.mine === 'assigned' ? actor.userId : undefined,
      order: q.order,
      limit: q.limit,
      offset: q.offset,
    });
  }

  /** Earlier tickets of a caller, for the operator's screen. */
  async lookupCitizen(actorIn: Actor | undefined, q: LookupQuery) {
    const actor = requirePermission(actorIn, 'ticket.lookup');
    return this.repo.list(this.ctx.db, {
      tenantId: actor.tenantId,
      phone: q.phone,
      email: q.email,
      limit: 20,
      offset: 0,
    });
  }

  private async agencyRequiresApproval(q: Q, tenantId: string, agencyId: string | null) {
    if (!agencyId) return false;
    const a = await this.config.agency(agencyId, q);
    return (a?.tenant_id === tenantId && a.requires_approval) ?? false;
  }

  /** Performs one action of the state machine on a ticket. */
  async act(actorIn: Actor | undefined, id: string, action: Action, body: ActionBody) {
    // Existence first: whoever may not act on a ticket they cannot read learns nothing of it
    // (404, like a ticket that does not exist), whatever their role.
    const actor = requirePermission(actorIn, 'ticket.read');
    return this.ctx.db.transaction().execute(async (trx) => {
      const t = await this.repo.lockById(trx, actor.tenantId, id);
      if (!t) throw new AppError('ticket_not_found');
      requirePermission(actor, 'ticket.read', scopeOf(t), 'ticket_not_found');
      if (body.version !== undefined && body.version !== t.version)
        throw new AppError('version_conflict');
      // Whether this action is theirs, here and now, is the state machine's (`decide`).
      requirePermission(actor, 'ticket.act');
      return this.transition(trx, t, actor, action, body);
    });
  }

  /**
   * The article an answer cites, recorded on its event so the timeline (and a later audit)
   * shows which text, in which version, the citizen was told. An id of this tenant's base must
   * name a published article, and a version it has had; any other text is kept as an outside
   * reference (an older base's code).
   */
  private async kbCitation(
    trx: Transaction<Database>,
    tenantId: string,
    body: ActionBody,
  ): Promise<Record<string, unknown>> {
    const id = body.kbArticleId;
    if (!id || !UUID.test(id)) {
      if (body.kbVersion !== undefined)
        throw new AppError('validation_failed', [
          { path: 'kbVersion', message: 'only with the id of an article' },
        ]);
      return {};
    }
    const a = await this.repo.kbArticleRef(trx, tenantId, id);
    if (!a || a.status !== 'published') throw new AppError('kb_article_not_found');
    if (body.kbVersion !== undefined && body.kbVersion > a.version)
      throw new AppError('validation_failed', [
        { path: 'kbVersion', message: 'the article has no such version' },
      ]);
    return { kbVersion: body.kbVersion ?? a.version, kbTitle: a.title, kbCode: a.code };
  }

  /**
   * Applies a decided transition inside `trx`: ticket row, event, attachments, deadlines,
   * notifications and the audit record. Used by `act` and by the deadline sweeper.
   */
  async transition(
    trx: Transaction<Database>,
    t: TicketRow,
    actor: ActingAs,
    action: Action,
    body: ActionBody,
    /** Given, live notices are queued here for the caller to run after its commit. */
    afterCommit?: (() => void)[],
  ) {
    const now = this.ctx.clock.now();
    const tenantId = t.tenant_id;
    const machineActor: MachineActor = isSystem(actor)
      ? { role: 'system', userId: null, agencyId: null }
      : { role: actor.role, userId: actor.userId, agencyId: actor.agencyId };
    const requiresApproval = await this.agencyRequiresApproval(trx, tenantId, t.agency_id);
    const reason = body.reason ?? body.note;
    const decision = decide(snapshotOf(t, requiresApproval), action, machineActor, {
      agencyId: body.agencyId,
      subunitId: body.subunitId,
      promisedDate: body.promisedDate,
      today: localDate(now),
      answer: body.answer,
      reason,
      guidance: body.guidance,
    });
    if (!decision.ok) {
      if (decision.error === 'missing_input') {
        throw new AppError('validation_failed', [
          { path: decision.detail ?? '', message: 'required' },
        ]);
      }
      throw new AppError(decision.error);
    }
    if (decision.patch.agencyId && decision.patch.agencyId !== t.agency_id) {
      const a = await orgRepository.agency(trx, tenantId, decision.patch.agencyId);
      if (!a || !a.active || a.kind === 'hotline' || a.kind === 'subunit')
        throw new AppError('agency_not_found');
    }
    if (action === 'route_internal') {
      const sub = await orgRepository.agency(trx, tenantId, body.subunitId!);
      if (!sub || !sub.active || sub.parent_id !== t.agency_id)
        throw new AppError('agency_not_found');
    }

    const kb = await this.kbCitation(trx, tenantId, body);
    const updated = await this.repo.update(trx, t.id, toRowPatch(decision.patch, now, t));
    const ev = await this.repo.insertEventAudited(
      trx,
      {
        ticketId: t.id,
        tenantId,
        action,
        fromStatus: t.status,
        toStatus: decision.to,
        actorId: isSystem(actor) ? null : actor.userId,
        actorRole: isSystem(actor) ? 'system' : actor.role,
        agencyId: decision.patch.agencyId ?? t.agency_id,
        note: body.note ?? null,
        data: { ...eventData(action, body, t, updated), ...kb },
        at: now,
      },
      {
        chainId: chainOf(tenantId),
        actorLabel: isSystem(actor) ? actor.label : actor.username,
        action: `ticket.${action}`,
        data: { code: t.code, from: t.status, to: decision.to, escalation: updated.escalation },
      },
    );
    if (body.attachmentIds.length) {
      const linked = await this.repo.linkAttachments(
        trx,
        tenantId,
        body.attachmentIds,
        t.id,
        ev.id,
      );
      if (linked !== body.attachmentIds.length) {
        throw new AppError('validation_failed', [
          { path: 'attachmentIds', message: 'unknown or already used attachment' },
        ]);
      }
    }
    const started = await this.deadlines.apply(trx, updated, decision.effects, now);
    const due = started[0]?.due_at.toISOString();
    for (const e of decision.effects) {
      if (e.type === 'notify') {
        await this.notifications.notify(trx, updated, ev.id, e.target, e.template, {
          dueAt: due,
          note: body.note ?? reason ?? null,
          promisedDate: updated.promised_date,
        });
      }
    }
    const rooms = ticketRooms(tenantId, [
      t.agency_id,
      updated.agency_id,
      updated.subunit_id,
      t.subunit_id,
    ]);
    const live = {
      ticketId: t.id,
      code: t.code,
      status: updated.status,
      escalation: updated.escalation,
      agencyId: updated.agency_id,
      subunitId: updated.subunit_id,
      action,
    };
    // A batch job (the sweeper) sends its live notices after its commit, batched; a person's
    // action notifies inside its transaction.
    if (afterCommit) afterCommit.push(() => this.live.publish('ticket.updated', rooms, live));
    else await publish(trx, 'ticket.updated', rooms, live);
    return updated;
  }

  /** Fires one due deadline (the sweeper holds its row lock in `trx`). */
  async fireDeadline(trx: Transaction<Database>, d: DeadlineRow, afterCommit?: (() => void)[]) {
    const t = await this.repo.lockById(trx, d.tenant_id, d.ticket_id);
    if (!t) return 'missing';
    const action: Action = d.kind === 'focal_point' ? 'escalate' : 'mark_overdue';
    const system = { system: true as const, tenantId: t.tenant_id, label: 'sla-sweeper' };
    try {
      await this.transition(
        trx,
        t,
        system,
        action,
        {
          note:
            d.kind === 'focal_point'
              ? 'Quá hạn 8 giờ làm việc của cán bộ đầu mối'
              : 'Quá hạn xử lý',
          attachmentIds: [],
        },
        afterCommit,
      );
      return action;
    } catch (err) {
      if (err instanceof AppError && err.code === 'invalid_transition') return 'stale';
      throw err;
    }
  }

  /** Records a pre-breach warning on the timeline and notifies whoever holds the clock. */
  async warnDeadline(trx: Transaction<Database>, d: DeadlineRow) {
    const t = await this.repo.findById(trx, d.tenant_id, d.ticket_id);
    if (!t) return;
    const now = this.ctx.clock.now();
    // A warning is part of the record too: it shows the agency was told before the breach.
    const ev = await this.repo.insertEventAudited(
      trx,
      {
        ticketId: t.id,
        tenantId: t.tenant_id,
        action: 'deadline_warning',
        fromStatus: t.status,
        toStatus: t.status,
        actorId: null,
        actorRole: 'system',
        agencyId: t.agency_id,
        note: null,
        data: { kind: d.kind, dueAt: d.due_at.toISOString() },
        at: now,
      },
      {
        chainId: chainOf(t.tenant_id),
        actorLabel: 'sla-sweeper',
        action: 'ticket.deadline_warning',
        data: { code: t.code, kind: d.kind, dueAt: d.due_at.toISOString() },
      },
    );
    await this.notifications.notify(
      trx,
      t,
      ev.id,
      d.kind === 'head' ? 'agency_head' : 'agency_focal_points',
      'deadline_warning',
      { dueAt: d.due_at.toISOString() },
    );
  }

  /** Stores an uploaded file, not yet linked to a ticket; linked by create/act. */
  async upload(
    actorIn: Actor | undefined,
    file: { filename: string; mimetype: string; stream: Readable },
  ) {
    const actor = requirePermission(actorIn, 'attachment.upload');
    return this.uploadAs(actor, file);
  }

  /** Stores a file for whoever the caller has authorised (a person, or a channel). */
  async uploadAs(actor: ActingAs, file: { filename: string; mimetype: string; stream: Readable }) {
    if (!ALLOWED_TYPES.test(file.mimetype)) {
      file.stream.resume();
      throw new AppError('unsupported_media_type');
    }
    // The first bytes are kept on the way to storage: an image's header says its dimensions.
    const head: Buffer[] = [];
    let headBytes = 0;
    async function* keepHead(source: Readable) {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (headBytes < IMAGE_HEAD_BYTES) {
          head.push(chunk.subarray(0, IMAGE_HEAD_BYTES - headBytes));
          headBytes += head[head.length - 1]!.length;
        }
        yield chunk;
      }
    }
    let stored;
    try {
      stored = await this.storage.put(Readable.from(keepHead(file.stream)), ATTACHMENT_MAX_BYTES);
    } catch (err) {
      if (
        err instanceof TooLargeError ||
        (err as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE'
      ) {
        throw new AppError('payload_too_large');
      }
      throw err;
    }
    if ((file.stream as Readable & { truncated?: boolean }).truncated) {
      await this.storage.remove(stored.key);
      throw new AppError('payload_too_large');
    }
    // Whatever type was declared: bytes that are an image must not claim absurd dimensions.
    if (imageTooLarge(Buffer.concat(head))) {
      await this.storage.remove(stored.key);
      throw new AppError('image_too_large');
    }
    return this.repo.insertAttachment(this.ctx.db, {
      tenantId: actor.tenantId,
      ticketId: null,
      eventId: null,
      storageKey: stored.key,
      filename: file.filename.replace(/[\\/\0]/g, '_').slice(0, 255),
      contentType: file.mimetype,
      size: stored.size,
      sha256: stored.sha256,
      createdBy: isSystem(actor) ? null : actor.userId,
    });
  }

  async download(actorIn: Actor | undefined, attachmentId: string) {
    const actor = requirePermission(actorIn, 'attachment.read');
    const a = await this.repo.findAttachment(this.ctx.db, actor.tenantId, attachmentId);
    if (!a) throw new AppError('not_found');
    if (a.ticket_id) {
      const t = await this.repo.findById(this.ctx.db, actor.tenantId, a.ticket_id);
      if (!t) throw new AppError('not_found');
      requirePermission(actor, 'attachment.read', scopeOf(t), 'not_found');
      // A viewer who sees the ticket masked (R-PUB-2) reads a text file masked like the
      // ticket's texts, and no other file: a photo, a scanned ID card or a recording cannot be
      // masked.
      const m = Masker.for(actor.role, t, knownOf(t));
      if (m.masked) {
        if (maskedDownload(a.content_type) === 'refused') throw new AppError('attachment_masked');
        const text = (await buffer(this.storage.get(a.storage_key))).toString('utf8');
        return {
          meta: { ...a, filename: m.filename(a.filename, a.id) },
          stream: Readable.from([Buffer.from(m.text(text), 'utf8')]),
        };
      }
    } else if (a.created_by !== actor.userId) {
      // Not yet linked: only its uploader knows of it.
      throw new AppError('not_found');
    }
    return { meta: a, stream: this.storage.get(a.storage_key) };
  }
}

function summarize(content: string): string {
  const first = content.split(/\r?\n/)[0]!.trim();
  return first.length > 120 ? `${first.slice(0, 117)}…` : first;
}

function toRowPatch(p: TicketPatch, now: Date, t: TicketRow): TicketUpdate {
  const u: TicketUpdate = {
    updated_at: now,
    ...patchColumns(p, {
      status: 'status',
      escalation: 'escalation',
      agencyId: 'agency_id',
      subunitId: 'subunit_id',
      supplementRequested: 'supplement_requested',
      resumeStatus: 'resume_status',
      promisedDate: 'promised_date',
      answer: 'answer',
      agencyAnswer: 'agency_answer',
      rejectReason: 'reject_reason',
      rejectGuidance: 'reject_guidance',
    }),
  };
  if (p.reopenIncrement) {
    u.reopen_count = t.reopen_count + 1;
    u.answered_at = null;
    u.closed_at = null;
  }
  if (p.forwarded) u.forwarded_at = now;
  if (p.answered) u.answered_at = now;
  if (p.closed) u.closed_at = now;
  return u;
}

function eventData(
  action: Action,
  b: ActionBody,
  before: TicketRow,
  after: TicketRow,
): Record<string, unknown> {
  const d: Record<string, unknown> = {};
  if (b.reason) d.reason = b.reason;
  if (b.guidance) d.guidance = b.guidance;
  if (b.answer) d.answer = b.answer;
  if (b.kbArticleId) d.kbArticleId = b.kbArticleId;
  if (b.promisedDate) d.promisedDate = b.promisedDate;
  if (before.agency_id !== after.agency_id) {
    d.fromAgencyId = before.agency_id;
    d.toAgencyId = after.agency_id;
  }
  if (before.subunit_id !== after.subunit_id) d.subunitId = after.subunit_id ?? before.subunit_id;
  if (before.escalation !== after.escalation) d.escalation = after.escalation;
  if (action === 'supplement' || action === 'reopen') d.resumed = after.status;
  return d;
}
