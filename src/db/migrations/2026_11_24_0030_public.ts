import { sql, type Kysely } from 'kysely';

// The citizens' side (R-CH-4, R-PUB): what the public form adds to a ticket (consent to
// publish), citizens' satisfaction ratings, and the answers approved for publication with the
// redacted texts the approver reviewed (R-PUB-1/2).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- One row per ticket submitted through the public website.
    CREATE TABLE public_request (
      ticket_id       uuid PRIMARY KEY REFERENCES ticket(id),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      -- The citizen agreed that the answer (redacted) may be published.
      publish_consent boolean NOT NULL,
      created_at      timestamptz NOT NULL DEFAULT now()
    );

    -- A citizen's rating of an answer: one per answering round (reopen_count at the time).
    CREATE TABLE satisfaction (
      id          bigserial PRIMARY KEY,
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      ticket_id   uuid NOT NULL REFERENCES ticket(id),
      -- The agency that answered (a reopened ticket loses its agency; the rating keeps it).
      agency_id   uuid REFERENCES agency(id),
      round       integer NOT NULL,
      rating      smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
      comment     text,
      at          timestamptz NOT NULL DEFAULT now(),
      UNIQUE (ticket_id, round)
    );
    CREATE INDEX satisfaction_agency ON satisfaction (tenant_id, agency_id);

    -- The published form of an answered ticket: texts as the approver approved them.
    CREATE TABLE publication (
      ticket_id       uuid PRIMARY KEY REFERENCES ticket(id),
      tenant_id       uuid NOT NULL REFERENCES tenant(id),
      title           text NOT NULL,
      question        text NOT NULL,
      answer          text NOT NULL,
      field_id        uuid REFERENCES field(id),
      agency_id       uuid REFERENCES agency(id),
      published_by    uuid REFERENCES app_user(id),
      published_at    timestamptz NOT NULL,
      unpublished_by  uuid REFERENCES app_user(id),
      unpublished_at  timestamptz,
      -- Ticket date shown publicly (the request's date, not the publication's).
      received_at     timestamptz NOT NULL,
      answered_at     timestamptz
    );
    CREATE INDEX publication_live ON publication (tenant_id, answered_at DESC)
      WHERE unpublished_at IS NULL;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS publication, satisfaction, public_request`.execute(db);
}
