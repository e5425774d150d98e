import { sql, type Kysely } from 'kysely';

// Texts an administrator writes once and staff reuse: reply templates that operators insert
// into an answer, and the acknowledgement sent automatically when a message arrives on a
// channel (R-CH-11). Placeholders such as {code} are filled by src/core/template/render.ts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE message_template (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      kind        text NOT NULL CHECK (kind IN ('reply', 'acknowledgement')),
      code        text NOT NULL,
      title       text NOT NULL,
      -- Acknowledgements only: the channel it answers; NULL = every message channel.
      channel     text,
      body_vi     text NOT NULL,
      body_en     text NOT NULL DEFAULT '',
      active      boolean NOT NULL DEFAULT true,
      updated_at  timestamptz NOT NULL DEFAULT now(),
      UNIQUE (tenant_id, code),
      CHECK (kind = 'acknowledgement' OR channel IS NULL)
    );
    -- One active acknowledgement per channel (and one default), so the choice is never ambiguous.
    CREATE UNIQUE INDEX message_template_ack_channel
      ON message_template (tenant_id, coalesce(channel, '*'))
      WHERE kind = 'acknowledgement' AND active;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS message_template`.execute(db);
}
