import { sql, type Transaction } from 'kysely';
import { patchColumns, type Q } from '../../db/helpers.ts';
import type { ChatConversationRow, ChatMessageRow, Database } from '../../db/schema.ts';
import type {
  ChatAuthor,
  ChatConversationStatus as ChatStatus,
  ChatSuggestion,
  Language,
} from '../../contract/chat.ts';

export interface NewMessage {
  author: ChatAuthor;
  body: string;
  operatorId?: string | null;
  clientId?: string | null;
  suggestions?: ChatSuggestion[] | null;
  flagged?: boolean;
  at: Date;
}

/** SQL of live chat: conversations and their ordered messages. */
export const chatRepository = {
  /** The tenants a public visitor may write to (by code), oldest first. */
  tenants(q: Q) {
    return q.selectFrom('tenant').select(['id', 'code']).orderBy('created_at').execute();
  },

  insertConversation(
    q: Q,
    c: {
      tenantId: string;
      tokenHash: string;
      name: string;
      phone: string | null;
      email: string | null;
      language: Language;
      ip: string | null;
      at: Date;
    },
  ) {
    return q
      .insertInto('chat_conversation')
      .values({
        tenant_id: c.tenantId,
        token_hash: c.tokenHash,
        visitor_name: c.name,
        visitor_phone: c.phone,
        visitor_email: c.email,
        language: c.language,
        client_ip: c.ip,
        created_at: c.at,
        updated_at: c.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  byToken(q: Q, tokenHash: string) {
    return q
      .selectFrom('chat_conversation')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  },

  byId(q: Q, tenantId: string, id: string, lock = false) {
    return q
      .selectFrom('chat_conversation')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .$if(lock, (b) => b.forUpdate())
      .executeTakeFirst();
  },

  /** Locks the conversation row: messages of one conversation are numbered one at a time. */
  lock(trx: Transaction<Database>, id: string) {
    return trx
      .selectFrom('chat_conversation')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirstOrThrow();
  },

  /** The message a client id already stored, if any (a resend). */
  byClientId(q: Q, conversationId: string, clientId: string) {
    return q
      .selectFrom('chat_message')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  },

  /** Appends a message under the conversation's lock (caller holds it) and bumps last_seq. */
  async appendMessage(
    trx: Transaction<Database>,
    conversationId: string,
    m: NewMessage,
  ): Promise<ChatMessageRow> {
    const { last_seq } = await trx
      .updateTable('chat_conversation')
      .set({ last_seq: sql`last_seq + 1`, updated_at: m.at })
      .where('id', '=', conversationId)
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    return trx
      .insertInto('chat_message')
      .values({
        conversation_id: conversationId,
        seq: last_seq,
        author: m.author,
        operator_id: m.operatorId ?? null,
        client_id: m.clientId ?? null,
        body: m.body,
        suggestions: m.suggestions ? JSON.stringify(m.suggestions) : null,
        flagged: m.flagged ?? false,
        created_at: m.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  setStatus(
    q: Q,
    id: string,
    patch: {
      status: ChatStatus;
      at: Date;
      operatorId?: string | null;
      waitingSince?: Date | null;
      claimedAt?: Date;
      closedAt?: Date;
      ticketId?: string;
      ticketCode?: string;
    },
  ) {
    return q
      .updateTable('chat_conversation')
      .set({
        status: patch.status,
        updated_at: patch.at,
        ...patchColumns(patch, {
          operatorId: 'operator_id',
          waitingSince: 'waiting_since',
          claimedAt: 'claimed_at',
          closedAt: 'closed_at',
          ticketId: 'ticket_id',
          ticketCode: 'ticket_code',
        }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  /**
   * Moves a conversation to `converting` if it is in one of `from`: the one caller that wins
   * writes the ticket (an operator's click and the sweeper may race).
   */
  startConverting(q: Q, id: string, from: ChatStatus[], at: Date, staleBefore?: Date) {
    return (
      q
        .updateTable('chat_conversation')
        .set({ status: 'converting', updated_at: at })
        .where('id', '=', id)
        .where('status', 'in', from)
        // A retry takes over only a conversion left stale; the winner's write makes it fresh.
        .$if(staleBefore !== undefined, (b) => b.where('updated_at', '<=', staleBefore!))
        .returningAll()
        .executeTakeFirst()
    );
  },

  setFlag(q: Q, id: string, flag: Record<string, unknown>) {
    return q
      .updateTable('chat_conversation')
      .set({ flag: JSON.stringify(flag) })
      .where('id', '=', id)
      .where('flag', 'is', null)
      .execute();
  },

  messages(q: Q, conversationId: string, afterSeq = 0) {
    return q
      .selectFrom('chat_message')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(1000)
      .execute();
  },

  /** Open conversations of a tenant for the chat desk, oldest waiting first. */
  list(q: Q, tenantId: string, statuses: ChatStatus[]) {
    return q
      .selectFrom('chat_conversation as c')
      .leftJoin('app_user as u', 'u.id', 'c.operator_id')
      .selectAll('c')
      .select('u.display_name as operator_name')
      .select((eb) =>
        eb
          .selectFrom('chat_message as m')
          .select('m.body')
          .whereRef('m.conversation_id', '=', 'c.id')
          .where('m.author', '=', 'visitor')
          .orderBy('m.seq', 'desc')
          .limit(1)
          .as('last_visitor_message'),
      )
      .where('c.tenant_id', '=', tenantId)
      .where('c.status', 'in', statuses)
      .orderBy(sql`coalesce(c.waiting_since, c.created_at)`)
      .limit(200)
      .execute();
  },

  /**
   * Waiting conversations nobody claimed within their tenant's wait
   * (`tenant.settings.chat.waitSeconds`, else `defaultWaitS`), and conversions left half-done.
   */
  dueForTicket(q: Q, now: Date, defaultWaitS: number, convertingBefore: Date, limit = 50) {
    return q
      .selectFrom('chat_conversation as c')
      .innerJoin('tenant as t', 't.id', 'c.tenant_id')
      .select(['c.id', 'c.tenant_id', 'c.status'])
      .where((eb) =>
        eb.or([
          eb.and([
            eb('c.status', '=', 'waiting'),
            eb(
              'c.waiting_since',
              '<=',
              sql<Date>`${now}::timestamptz - make_interval(secs => coalesce((t.settings->'chat'->>'waitSeconds')::int, ${defaultWaitS}))`,
            ),
          ]),
          eb.and([eb('c.status', '=', 'converting'), eb('c.updated_at', '<=', convertingBefore)]),
        ]),
      )
      .orderBy('c.updated_at')
      .limit(limit)
      .execute();
  },
};

export type ChatListRow = Awaited<ReturnType<(typeof chatRepository)['list']>>[number];
export type { ChatConversationRow, ChatMessageRow };
