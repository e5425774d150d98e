import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Transaction } from 'kysely';
import type { AppContext } from '../../app/context.ts';
import type { ConfigCache } from '../../app/config-cache.ts';
import { TtlCache } from '../../app/ttl-cache.ts';
import { AppError } from '../../core/errors/codes.ts';
import { requirePermission } from '../../core/access/check.ts';
import { can } from '../../core/access/permissions.ts';
import { isUniqueViolation } from '../../db/helpers.ts';
import type { ChatConversationRow, ChatMessageRow, Database } from '../../db/schema.ts';
import {
  MESSAGE_MAX_CHARS,
  type ChatConversationStatus as ChatStatus,
  type ChatListQuery,
  type ChatSuggestion,
  type MessageBody,
  type StartBody,
} from '../../contract/chat.ts';
import { publish } from '../../realtime/events.ts';
import type { AbuseService, ScreeningRecord } from '../abuse/abuse.service.ts';
import { RateCounter, type RateRule } from '../abuse/rate-counter.ts';
import type { Actor } from '../auth/actor.ts';
import type { CalendarService } from '../calendar/calendar.service.ts';
import type { KbService } from '../kb/kb.service.ts';
import type { TemplateService } from '../template/template.service.ts';
import type { ActingAs, TicketService } from '../ticket/ticket.service.ts';
import { chatRepository as repo, type NewMessage } from './chat.repository.ts';
import { presentMessage } from './chat.presenter.ts';
import { botText, convertedText, transcript, ticketContent, type Lang } from './chat.text.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3600_000;
/** Limits of the public side; counted in PostgreSQL, so they hold across nodes. */
export const CHAT_RULES = {
  startsPerIp: { scope: 'chat:start:ip', limit: 20, windowMs: HOUR_MS },
  messagesPerIp: { scope: 'chat:msg:ip', limit: 60, windowMs: MINUTE_MS },
  messagesPerConversation: { scope: 'chat:msg:conv', limit: 20, windowMs: MINUTE_MS },
  /** Reconnects: a widget backs off, so this only stops someone trying tokens. */
  resumesPerIp: { scope: 'chat:resume:ip', limit: 60, windowMs: MINUTE_MS },
} satisfies Record<string, RateRule>;
/** How long a visitor waits for an operator before the chat becomes a ticket (tenant.settings.chat.waitSeconds). */
export const DEFAULT_WAIT_SECONDS = 180;
/** A conversion that did not finish (a crash between ticket and status) is retried after this. */
const CONVERTING_RETRY_MS = MINUTE_MS;
const SUGGESTIONS = 3;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

const OPEN: ChatStatus[] = ['bot', 'waiting', 'active'];

type Conversation = ChatConversationRow;

/**
 * Live chat (R-CH-5). A visitor of the public site opens a conversation with their name and a
 * phone number or email and gets an unguessable token; the first line is a bot that answers
 * each message with up to three published knowledge-base articles ("trả lời tự động") and a
 * hand-off to a person. Asking for a person during staffed hours (the tenant's working
 * calendar) puts the conversation on the chat desk; outside them, or when nobody claims it in
 * time, it becomes a ticket (channel `chat`) with the transcript attached, and the visitor is
 * told its code with the acknowledgement text (R-CH-11). Operators may convert a chat too.
 *
 * Every message is stored before it is acknowledged; a client id makes a resend a no-op.
 * Live events are NOTIFYed inside the storing transaction, so every node hears committed
 * messages only.
 */
export class ChatService {
  /** The public side's limits; the benchmark raises them to send hundreds of messages. */
  rules: typeof CHAT_RULES = CHAT_RULES;
  private readonly rate: RateCounter;
  private readonly tenants = new TtlCache<{ id: string; code: string }[]>(5_000);

  constructor(
    private readonly ctx: AppContext,
    private readonly deps: {
      tickets: TicketService;
      abuse: AbuseService;
      calendars: CalendarService;
      config: ConfigCache;
      kb: KbService;
      templates: TemplateService;
    },
  ) {
    this.rate = new RateCounter(ctx.db);
  }

  // ------------------------------------------------------------------------ visitor side

  /** The tenant a public visitor writes to: by code, or the only one the server holds. */
  private async tenantOf(code: string | undefined): Promise<string> {
    const all = await this.tenants.get('all', () => repo.tenants(this.ctx.db));
    const found =
      code === undefined
        ? all.length === 1
          ? all[0]
          : undefined
        : all.find((t) => t.code.toLowerCase() === code.toLowerCase());
    if (!found) {
      throw new AppError('validation_failed', [{ path: 'tenant', message: 'unknown tenant' }]);
    }
    return found.id;
  }

  private async hit(rule: RateRule, key: string) {
    const r = await this.rate.hit(rule, key, this.ctx.clock.now());
    if (!r.allowed) throw new AppError('rate_limited', { retryAfterS: r.retryAfterS });
  }

  /** Opens a conversation; returns its token (shown once) and the bot's greeting. */
  async start(b: StartBody, meta: { ip: string }) {
    const tenantId = await this.tenantOf(b.tenant);
    // A start sent again with its token (the connection dropped before the answer): the
    // conversation it made, not a second one, and no second count against the address.
    const again = b.token ? await this.startedWith(tenantId, b.token) : null;
    if (again) return again;
    await this.hit(this.rules.startsPerIp, meta.ip);
    const screening = await this.deps.abuse.screen({
      tenantId,
      channel: 'chat',
      phone: b.phone,
      email: b.email,
      ip: meta.ip,
      texts: [b.name],
    });
    if (screening.verdict === 'blocked' || screening.verdict === 'rate_limited') {
      await this.deps.abuse.refuse(tenantId, screening);
      if (screening.verdict === 'blocked') throw new AppError('abuse_blocked');
      throw new AppError('rate_limited', { retryAfterS: screening.retryAfterS });
    }
    const token = b.token ?? randomBytes(24).toString('base64url');
    const now = this.ctx.clock.now();
    const conv = await this.ctx.db
      .transaction()
      .execute(async (trx) => {
        const c = await repo.insertConversation(trx, {
          tenantId,
          tokenHash: tokenHash(token),
          name: b.name,
          phone: b.phone ?? null,
          email: b.email ?? null,
          language: b.language,
          ip: meta.ip,
          at: now,
        });
        if (screening.verdict === 'flagged')
          await repo.setFlag(trx, c.id, flagOf(screening.record));
        await this.append(trx, c, {
          author: 'bot',
          body: botText('greeting', b.language, b.name),
          at: now,
        });
        return repo.lock(trx, c.id);
      })
      .catch(async (err: unknown) => {
        // The same start twice at once: the other one made it.
        if (isUniqueViolation(err) && b.token) {
          const made = await this.startedWith(tenantId, b.token);
          if (made) return made.conversation;
        }
        throw err;
      });
    return { token, conversation: conv, messages: await repo.messages(this.ctx.db, conv.id) };
  }

  /** The conversation a start with this token made, if any (in this tenant). */
  private async startedWith(tenantId: string, token: string) {
    const c = await repo.byToken(this.ctx.db, tokenHash(token));
    if (!c || c.tenant_id !== tenantId) return null;
    return { token, conversation: c, messages: await repo.messages(this.ctx.db, c.id) };
  }

  /** The conversation of a token, or 404. */
  async byToken(token: string): Promise<Conversation> {
    const c = await repo.byToken(this.ctx.db, tokenHash(token));
    if (!c) throw new AppError('chat_not_found');
    return c;
  }

  /** What a reconnecting widget missed. */
  async resume(token: string, after: number, meta: { ip: string }) {
    await this.hit(this.rules.resumesPerIp, meta.ip);
    const conversation = await this.byToken(token);
    return { conversation, messages: await repo.messages(this.ctx.db, conversation.id, after) };
  }

  /**
   * A visitor's message: checked, screened, stored (then acknowledged by the caller), and
   * answered by the bot while no person has been asked for.
   */
  async visitorSend(token: string, m: MessageBody, meta: { ip: string }) {
    const conv = await this.byToken(token);
    const dup = await repo.byClientId(this.ctx.db, conv.id, m.clientId);
    if (dup) return { message: dup, duplicate: true };
    if (!OPEN.includes(conv.status)) throw new AppError('chat_closed');
    const body = checkBody(m.body);
    await this.hit(this.rules.messagesPerIp, meta.ip);
    await this.hit(this.rules.messagesPerConversation, conv.id);
    // No phone here: a phone's submissions were counted when the conversation opened.
    const screening = await this.deps.abuse.screen({
      tenantId: conv.tenant_id,
      channel: 'chat',
      email: conv.visitor_email ?? undefined,
      ip: meta.ip,
      texts: [body],
    });
    if (screening.verdict === 'blocked' || screening.verdict === 'rate_limited') {
      await this.deps.abuse.refuse(conv.tenant_id, screening);
      throw new AppError(screening.verdict === 'blocked' ? 'abuse_blocked' : 'rate_limited');
    }
    const flagged = screening.verdict === 'flagged';
    const now = this.ctx.clock.now();
    const stored = await this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, conv.id);
      // Two sends of one message racing: the second finds the first under the lock.
      const again = await repo.byClientId(trx, c.id, m.clientId);
      if (again) return { message: again, duplicate: true, status: c.status };
      if (!OPEN.includes(c.status)) throw new AppError('chat_closed');
      if (flagged) await repo.setFlag(trx, c.id, flagOf(screening.record));
      const message = await this.append(trx, c, {
        author: 'visitor',
        body,
        clientId: m.clientId,
        flagged,
        at: now,
      });
      return { message, duplicate: false, status: c.status };
    });
    if (!stored.duplicate && stored.status === 'bot') {
      // The first line answers after the message is stored; its failure loses no input.
      try {
        await this.botAnswer(conv, body);
      } catch (err) {
        this.ctx.log.warn({ err, conversation: conv.id }, 'chat: bot answer failed');
      }
    }
    return { message: stored.message, duplicate: stored.duplicate };
  }

  /** Up to three published articles for what the visitor wrote, with the hand-off offer. */
  private async botAnswer(conv: Conversation, text: string) {
    const q = [...text].slice(0, 300).join('');
    const found = await this.deps.kb.searchPublished(conv.tenant_id, { q, limit: SUGGESTIONS });
    const suggestions: ChatSuggestion[] = found.items.map((i) => ({
      id: i.hit.id,
      title: i.hit.title,
      summary: [...i.hit.summary].slice(0, 240).join(''),
    }));
    const lang = conv.language;
    await this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, conv.id);
      if (c.status !== 'bot') return;
      await this.append(trx, c, {
        author: 'bot',
        body: botText(suggestions.length ? 'suggestions' : 'nothing_found', lang),
        suggestions,
        at: this.ctx.clock.now(),
      });
    });
  }

  /** Whether the tenant's hotline is staffed now (its default working calendar). */
  async staffed(tenantId: string): Promise<boolean> {
    const cal = await this.deps.calendars.forAgency(tenantId, null);
    return cal.cal.isWorkingTime(this.ctx.clock.now());
  }

  /**
   * "Gặp tổng đài viên": onto the chat desk during staffed hours, else straight to a ticket.
   * Asking again changes nothing.
   */
  async handoff(token: string) {
    const conv = await this.byToken(token);
    if (conv.status !== 'bot') {
      if (OPEN.includes(conv.status) || conv.status === 'ticket') return conv;
      throw new AppError('chat_closed');
    }
    const lang = conv.language;
    if (!(await this.staffed(conv.tenant_id))) {
      await this.ctx.db.transaction().execute(async (trx) => {
        const c = await repo.lock(trx, conv.id);
        await this.append(trx, c, {
          author: 'system',
          body: botText('after_hours', lang),
          at: this.ctx.clock.now(),
        });
      });
      return this.toTicket(conv.tenant_id, conv.id, {
        system: true,
        tenantId: conv.tenant_id,
        label: 'chat',
      });
    }
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, conv.id);
      if (c.status !== 'bot') return c;
      const now = this.ctx.clock.now();
      await this.append(trx, c, { author: 'system', body: botText('waiting', lang), at: now });
      const next = await repo.setStatus(trx, c.id, {
        status: 'waiting',
        waitingSince: now,
        at: now,
      });
      await this.announce(trx, next);
      return next;
    });
  }

  /** The visitor leaves. Nothing is deleted. */
  async visitorClose(token: string) {
    const conv = await this.byToken(token);
    return this.closeConversation(conv, null);
  }

  // ------------------------------------------------------------------------ chat desk

  async list(actorIn: Actor | undefined, q: ChatListQuery) {
    const actor = requirePermission(actorIn, 'chat.desk');
    return repo.list(this.ctx.db, actor.tenantId, q.status);
  }

  private async visible(actor: Actor, id: string): Promise<Conversation> {
    const c = await repo.byId(this.ctx.db, actor.tenantId, id);
    if (!c) throw new AppError('chat_not_found');
    return c;
  }

  async get(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'chat.desk');
    const conversation = await this.visible(actor, id);
    return { conversation, messages: await repo.messages(this.ctx.db, id) };
  }

  /** Takes a waiting (or still bot-answered) conversation; someone else's → 409. */
  async claim(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'chat.desk');
    await this.visible(actor, id);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, id);
      if (c.status === 'active') {
        if (c.operator_id === actor.userId) return c;
        throw new AppError('chat_taken');
      }
      if (c.status !== 'waiting' && c.status !== 'bot') throw new AppError('chat_invalid_state');
      const now = this.ctx.clock.now();
      await this.append(trx, c, {
        author: 'system',
        body: botText('joined', c.language),
        at: now,
      });
      const next = await repo.setStatus(trx, id, {
        status: 'active',
        operatorId: actor.userId,
        claimedAt: now,
        at: now,
      });
      await this.announce(trx, next);
      return next;
    });
  }

  /** An operator's answer, in a conversation they hold (a supervisor may step into any). */
  async reply(actorIn: Actor | undefined, id: string, m: MessageBody) {
    const actor = requirePermission(actorIn, 'chat.desk');
    await this.visible(actor, id);
    const body = checkBody(m.body);
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, id);
      const again = await repo.byClientId(trx, id, m.clientId);
      if (again) return again;
      if (c.status !== 'active') throw new AppError('chat_invalid_state');
      if (c.operator_id !== actor.userId && !can(actor.role, 'chat.supervise')) {
        throw new AppError('chat_taken');
      }
      return this.append(trx, c, {
        author: 'operator',
        operatorId: actor.userId,
        clientId: m.clientId,
        body,
        at: this.ctx.clock.now(),
      });
    });
  }

  async close(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'chat.desk');
    const conv = await this.visible(actor, id);
    if (
      conv.status === 'active' &&
      conv.operator_id !== actor.userId &&
      !can(actor.role, 'chat.supervise')
    ) {
      throw new AppError('chat_taken');
    }
    return this.closeConversation(conv, actor);
  }

  /** One step: the conversation becomes a ticket the operator is assigned. */
  async convert(actorIn: Actor | undefined, id: string) {
    const actor = requirePermission(actorIn, 'chat.desk');
    const conv = await this.visible(actor, id);
    if (
      conv.status === 'active' &&
      conv.operator_id !== actor.userId &&
      !can(actor.role, 'chat.supervise')
    ) {
      throw new AppError('chat_taken');
    }
    return this.toTicket(actor.tenantId, id, actor);
  }

  // ------------------------------------------------------------------------ shared steps

  private async closeConversation(conv: Conversation, actor: Actor | null) {
    if (conv.status === 'closed') return conv;
    if (!OPEN.includes(conv.status)) throw new AppError('chat_invalid_state');
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, conv.id);
      if (c.status === 'closed') return c;
      if (!OPEN.includes(c.status)) throw new AppError('chat_invalid_state');
      const now = this.ctx.clock.now();
      await this.append(trx, c, {
        author: 'system',
        body: botText(actor ? 'closed_by_operator' : 'closed_by_visitor', c.language),
        at: now,
      });
      const next = await repo.setStatus(trx, c.id, {
        status: 'closed',
        closedAt: now,
        at: now,
      });
      await this.announce(trx, next);
      return next;
    });
  }

  /**
   * Writes the conversation as a ticket through the ticket intake (channel `chat`, the
   * transcript attached as a text file), once: the caller that moves it to `converting` does
   * the work, and the ticket's idempotency key (`chat:<id>`) makes a retry after a crash find
   * the same ticket. Ends with the acknowledgement (R-CH-11) and the code in the conversation.
   */
  async toTicket(tenantId: string, id: string, by: ActingAs, retry = false) {
    const now = this.ctx.clock.now();
    const won = await repo.startConverting(
      this.ctx.db,
      id,
      retry ? ['converting'] : OPEN,
      now,
      retry ? new Date(now.getTime() - CONVERTING_RETRY_MS) : undefined,
    );
    if (!won) {
      const c = await repo.byId(this.ctx.db, tenantId, id);
      if (!c) throw new AppError('chat_not_found');
      if (c.status === 'ticket' || c.status === 'converting') return c;
      throw new AppError('chat_invalid_state');
    }
    const conv = won;
    const messages = await repo.messages(this.ctx.db, id);
    const idempotencyKey = `chat:${id}`;
    const tickets = this.deps.tickets;
    const existing = await tickets.repo.findByIdempotencyKey(this.ctx.db, tenantId, idempotencyKey);
    let ticket = existing;
    let created = false;
    if (!ticket) {
      const text = transcript(conv, messages);
      const file = await tickets.uploadAs(by, {
        filename: `chat-${id.slice(0, 8)}.txt`,
        mimetype: 'text/plain',
        stream: Readable.from([Buffer.from(text, 'utf8')]),
      });
      const r = await tickets.createAs(by, {
        channel: 'chat',
        content: ticketContent(conv, messages),
        citizen: {
          name: conv.visitor_name,
          ...(conv.visitor_phone ? { phone: conv.visitor_phone } : {}),
          ...(conv.visitor_email ? { email: conv.visitor_email } : {}),
          language: conv.language,
        },
        urgency: 'normal',
        confidential: false,
        attachmentIds: [file.id],
        idempotencyKey,
      });
      ticket = r.ticket;
      created = r.created;
    }
    if (conv.flag && created) {
      try {
        await this.deps.abuse.flag(ticket, conv.flag as unknown as ScreeningRecord);
      } catch (err) {
        // The ticket is written; a missing flag must not undo the conversion.
        this.ctx.log.error({ err, ticket: ticket.id }, 'chat: flag not recorded');
      }
    }
    const lang: Lang = conv.language;
    const ack =
      (await this.deps.templates.acknowledgement(tenantId, 'chat', lang, {
        code: ticket.code,
        name: conv.visitor_name,
      })) ?? convertedText(lang, ticket.code);
    const code = ticket.code;
    const ticketId = ticket.id;
    return this.ctx.db.transaction().execute(async (trx) => {
      const c = await repo.lock(trx, id);
      const at = this.ctx.clock.now();
      await this.append(trx, c, { author: 'system', body: ack, at });
      const next = await repo.setStatus(trx, id, {
        status: 'ticket',
        ticketId,
        ticketCode: code,
        closedAt: at,
        at,
      });
      await this.announce(trx, next);
      return next;
    });
  }

  /**
   * The worker's part: conversations nobody claimed within the tenant's wait become tickets;
   * conversions a crash left half-done are finished. Returns how many were converted.
   */
  async sweep(): Promise<number> {
    const now = this.ctx.clock.now();
    const due = await repo.dueForTicket(
      this.ctx.db,
      now,
      DEFAULT_WAIT_SECONDS,
      new Date(now.getTime() - CONVERTING_RETRY_MS),
    );
    let n = 0;
    for (const d of due) {
      try {
        await this.toTicket(
          d.tenant_id,
          d.id,
          { system: true, tenantId: d.tenant_id, label: 'chat' },
          d.status === 'converting',
        );
        n++;
      } catch (err) {
        this.ctx.log.error({ err, conversation: d.id }, 'chat: conversion failed');
      }
    }
    return n;
  }

  /** Appends a message (caller holds the conversation's lock) and tells its listeners. */
  private async append(trx: Transaction<Database>, c: Conversation, m: NewMessage) {
    const row = await repo.appendMessage(trx, c.id, m);
    await publish(
      trx,
      'chat.message',
      [`chat:${c.id}`, `chatdesk:${c.tenant_id}`],
      presentMessage(row),
    );
    return row;
  }

  /** Tells the visitor and the chat desk of a new status. */
  private async announce(trx: Transaction<Database>, c: Conversation) {
    await publish(trx, 'chat.status', [`chat:${c.id}`, `chatdesk:${c.tenant_id}`], {
      conversationId: c.id,
      status: c.status,
      ticketCode: c.ticket_code,
    });
    await publish(trx, 'chat.updated', [`chatdesk:${c.tenant_id}`], {
      conversationId: c.id,
      status: c.status,
      operatorId: c.operator_id,
      visitorName: c.visitor_name,
      waitingSince: c.waiting_since ? new Date(c.waiting_since).toISOString() : null,
    });
  }
}

function flagOf(r: ScreeningRecord): Record<string, unknown> {
  return { ...r };
}

/** Empty and too long get their own codes: the visitor reads them in the widget. */
function checkBody(raw: string): string {
  const body = raw.trim();
  if (!body) throw new AppError('chat_message_empty');
  if ([...body].length > MESSAGE_MAX_CHARS) throw new AppError('chat_message_too_long');
  if (body.includes('\u0000')) {
    throw new AppError('validation_failed', [
      { path: 'body', message: 'NUL characters are not allowed' },
    ]);
  }
  return body;
}

export type { ChatMessageRow };
