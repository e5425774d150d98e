import { sql, type Kysely } from 'kysely';

// Live chat on the public website (R-CH-5): conversations and their messages, stored before
// the visitor or operator is told they were received.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- A visitor is known only by an unguessable token (its sha256 is kept, never the token).
    -- status: bot (first line: knowledge-base answers) → waiting (asked for a person) →
    -- active (an operator claimed it) → closed; or converting → ticket when it became a ticket.
    CREATE TABLE chat_conversation (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      token_hash      text NOT NULL UNIQUE,
      status          text NOT NULL DEFAULT 'bot'
                      CHECK (status IN ('bot', 'waiting', 'active', 'closed', 'converting', 'ticket')),
      visitor_name    text NOT NULL,
      visitor_phone   text,
      visitor_email   text,
      language        text NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
      client_ip       text,
      operator_id     uuid REFERENCES app_user(id),
      ticket_id       uuid UNIQUE REFERENCES ticket(id),
      ticket_code     text,
      -- The first abuse screening that flagged a message (written onto the ticket, if any).
      flag            jsonb,
      last_seq        integer NOT NULL DEFAULT 0,
      waiting_since   timestamptz,
      claimed_at      timestamptz,
      closed_at       timestamptz,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX chat_conversation_open_idx ON chat_conversation (tenant_id, status, updated_at)
      WHERE status IN ('bot', 'waiting', 'active', 'converting');

    -- seq orders a conversation (drawn from last_seq under the conversation's row lock);
    -- client_id makes a resent message a no-op.
    CREATE TABLE chat_message (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      conversation_id uuid NOT NULL REFERENCES chat_conversation(id),
      seq             integer NOT NULL,
      author          text NOT NULL CHECK (author IN ('visitor', 'bot', 'operator', 'system')),
      operator_id     uuid REFERENCES app_user(id),
      client_id       text,
      body            text NOT NULL,
      -- Knowledge-base articles the bot suggested with this message: [{id, title, summary}].
      suggestions     jsonb,
      flagged         boolean NOT NULL DEFAULT false,
      created_at      timestamptz NOT NULL DEFAULT now(),
      UNIQUE (conversation_id, seq),
      UNIQUE (conversation_id, client_id)
    );
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE chat_message; DROP TABLE chat_conversation;`.execute(db);
}
