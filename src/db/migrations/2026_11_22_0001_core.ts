import { sql, type Kysely } from 'kysely';

// The core schema: tenants, organisation, users, tickets, deadlines, outbox and audit.
// Raw SQL on purpose: constraints, partial indexes and triggers read better as SQL.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE tenant (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code        text NOT NULL UNIQUE,
      name        text NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('province', 'district')),
      settings    jsonb NOT NULL DEFAULT '{}',
      created_at  timestamptz NOT NULL DEFAULT now()
    );

    -- Administrative units as a tree of any depth: province → (district →) commune.
    -- Units abolished by a reorganisation keep their code (old tickets and addresses still
    -- resolve) and point at their successor.
    CREATE TABLE org_unit (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      parent_id     uuid REFERENCES org_unit(id),
      code          text NOT NULL,
      name          text NOT NULL,
      level         text NOT NULL,
      valid_from    date,
      valid_to      date,
      successor_id  uuid REFERENCES org_unit(id),
      UNIQUE (tenant_id, code)
    );

    CREATE TABLE calendar (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      name        text NOT NULL,
      -- The tenant's calendar; agencies without one of their own use it.
      is_default  boolean NOT NULL DEFAULT false,
      config      jsonb NOT NULL,
      updated_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX calendar_default_idx ON calendar (tenant_id) WHERE is_default;

    CREATE TABLE calendar_exception (
      id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      calendar_id  uuid NOT NULL REFERENCES calendar(id) ON DELETE CASCADE,
      date         date NOT NULL,
      kind         text NOT NULL CHECK (kind IN ('holiday', 'working')),
      name_vi      text NOT NULL,
      name_en      text NOT NULL DEFAULT '',
      intervals    jsonb,
      UNIQUE (calendar_id, date)
    );

    CREATE TABLE agency (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      parent_id     uuid REFERENCES agency(id),
      org_unit_id   uuid REFERENCES org_unit(id),
      calendar_id   uuid REFERENCES calendar(id),
      code          text NOT NULL,
      name          text NOT NULL,
      name_en       text NOT NULL DEFAULT '',
      kind          text NOT NULL CHECK (kind IN ('hotline', 'coordinator', 'department', 'committee', 'vertical', 'service_provider', 'subunit')),
      phone         text,
      email         text,
      requires_approval boolean NOT NULL DEFAULT false,
      active        boolean NOT NULL DEFAULT true,
      UNIQUE (tenant_id, code)
    );
    CREATE INDEX agency_parent_idx ON agency (parent_id);

    CREATE TABLE app_user (
      id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id      uuid NOT NULL REFERENCES tenant(id),
      username       text NOT NULL,
      display_name   text NOT NULL,
      email          text,
      phone          text,
      role           text NOT NULL CHECK (role IN ('operator', 'supervisor', 'focal_point', 'agency_head', 'coordinator', 'leader', 'admin')),
      agency_id      uuid REFERENCES agency(id),
      title          text,
      is_deputy      boolean NOT NULL DEFAULT false,
      password_hash  text NOT NULL,
      locale         text NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en')),
      active         boolean NOT NULL DEFAULT true,
      created_at     timestamptz NOT NULL DEFAULT now(),
      -- Sign-in names no province: a username is unique in the whole installation.
      UNIQUE (username),
      CHECK (role NOT IN ('focal_point', 'agency_head') OR agency_id IS NOT NULL)
    );
    CREATE INDEX app_user_agency_idx ON app_user (agency_id, role);

    -- Temporary delegation of a user's duties (a head on leave, a focal point off sick).
    CREATE TABLE delegation (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      from_user_id  uuid NOT NULL REFERENCES app_user(id),
      to_user_id    uuid NOT NULL REFERENCES app_user(id),
      starts_at     timestamptz NOT NULL,
      ends_at       timestamptz NOT NULL,
      CHECK (ends_at > starts_at)
    );

    CREATE TABLE session (
      id_hash      text PRIMARY KEY,
      user_id      uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      csrf_token   text NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now(),
      expires_at   timestamptz NOT NULL
    );
    CREATE INDEX session_user_idx ON session (user_id);

    CREATE TABLE api_token (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id       uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
      name          text NOT NULL,
      token_hash    text NOT NULL UNIQUE,
      created_at    timestamptz NOT NULL DEFAULT now(),
      last_used_at  timestamptz,
      revoked_at    timestamptz
    );

    -- Failed logins per key (username or IP) in a sliding window: shared by all app nodes.
    CREATE TABLE login_failure (
      key           text PRIMARY KEY,
      count         integer NOT NULL,
      window_start  timestamptz NOT NULL,
      locked_until  timestamptz
    );

    CREATE TABLE field_group (
      id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id  uuid NOT NULL REFERENCES tenant(id),
      number     integer NOT NULL,
      name       text NOT NULL,
      name_en    text NOT NULL DEFAULT '',
      UNIQUE (tenant_id, number)
    );

    CREATE TABLE field (
      id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id          uuid NOT NULL REFERENCES tenant(id),
      group_id           uuid NOT NULL REFERENCES field_group(id),
      code               text NOT NULL,
      name               text NOT NULL,
      name_en            text NOT NULL DEFAULT '',
      default_agency_id  uuid REFERENCES agency(id),
      active             boolean NOT NULL DEFAULT true,
      UNIQUE (tenant_id, code)
    );

    CREATE TABLE scope_rule (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id        uuid NOT NULL REFERENCES tenant(id),
      code             text NOT NULL,
      name             text NOT NULL,
      name_en          text NOT NULL DEFAULT '',
      action           text NOT NULL CHECK (action IN ('reject', 'redirect', 'transfer')),
      redirect_to      text,
      keywords         text[] NOT NULL DEFAULT '{}',
      guidance_vi      text NOT NULL,
      guidance_en      text NOT NULL DEFAULT '',
      active           boolean NOT NULL DEFAULT true,
      UNIQUE (tenant_id, code)
    );

    -- Ticket numbers come from one sequence per tenant and year (ticket_no_<tenant>_<year>),
    -- created on first use by TicketRepository.numberSequence.

    CREATE TABLE ticket (
      id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id             uuid NOT NULL REFERENCES tenant(id),
      code                  text NOT NULL,
      channel               text NOT NULL,
      status                text NOT NULL,
      escalation            text NOT NULL DEFAULT 'none' CHECK (escalation IN ('none', 'head', 'overdue')),
      kind                  text NOT NULL DEFAULT 'request',
      subject               text NOT NULL,
      content               text NOT NULL,
      urgency               text NOT NULL DEFAULT 'normal' CHECK (urgency IN ('normal', 'urgent', 'emergency')),
      field_id              uuid REFERENCES field(id),
      agency_id             uuid REFERENCES agency(id),
      subunit_id            uuid REFERENCES agency(id),
      assignee_id           uuid REFERENCES app_user(id),
      citizen_name          text NOT NULL,
      citizen_phone         text,
      citizen_email         text,
      citizen_address       text,
      citizen_org           text,
      citizen_language      text NOT NULL DEFAULT 'vi' CHECK (citizen_language IN ('vi', 'en')),
      confidential          boolean NOT NULL DEFAULT false,
      latitude              double precision,
      longitude             double precision,
      org_unit_id           uuid REFERENCES org_unit(id),
      supplement_requested  boolean NOT NULL DEFAULT false,
      resume_status         text,
      promised_date         date,
      answer                text,
      agency_answer         text,
      reject_reason         text,
      reject_guidance       text,
      reopen_count          integer NOT NULL DEFAULT 0,
      paused_ms             bigint NOT NULL DEFAULT 0,
      created_by            uuid REFERENCES app_user(id),
      idempotency_key       text,
      version               integer NOT NULL DEFAULT 1,
      created_at            timestamptz NOT NULL DEFAULT now(),
      updated_at            timestamptz NOT NULL DEFAULT now(),
      forwarded_at          timestamptz,
      answered_at           timestamptz,
      closed_at             timestamptz,
      UNIQUE (tenant_id, idempotency_key),
      -- Codes are numbered per province: two provinces may both have PA-2026-000001.
      UNIQUE (tenant_id, code)
    );
    CREATE INDEX ticket_tenant_status_idx ON ticket (tenant_id, status, created_at DESC);
    CREATE INDEX ticket_agency_idx ON ticket (agency_id, status);
    CREATE INDEX ticket_phone_idx ON ticket (tenant_id, citizen_phone);
    CREATE INDEX ticket_email_idx ON ticket (tenant_id, lower(citizen_email));

    CREATE TABLE ticket_event (
      id            bigserial PRIMARY KEY,
      ticket_id     uuid NOT NULL REFERENCES ticket(id),
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      action        text NOT NULL,
      from_status   text,
      to_status     text NOT NULL,
      actor_id      uuid REFERENCES app_user(id),
      actor_role    text,
      agency_id     uuid REFERENCES agency(id),
      note          text,
      data          jsonb NOT NULL DEFAULT '{}',
      at            timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, id);

    CREATE TABLE attachment (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id     uuid NOT NULL REFERENCES tenant(id),
      ticket_id     uuid REFERENCES ticket(id),
      event_id      bigint REFERENCES ticket_event(id),
      storage_key   text NOT NULL,
      filename      text NOT NULL,
      content_type  text NOT NULL,
      size          bigint NOT NULL,
      sha256        text NOT NULL,
      created_by    uuid REFERENCES app_user(id),
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX attachment_ticket_idx ON attachment (ticket_id);

    -- Durable deadlines: a sweeper fires them (FOR UPDATE SKIP LOCKED), so they survive
    -- restarts and several app nodes never fire the same one twice.
    CREATE TABLE deadline (
      id          bigserial PRIMARY KEY,
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      ticket_id   uuid NOT NULL REFERENCES ticket(id),
      kind        text NOT NULL CHECK (kind IN ('focal_point', 'head', 'promised')),
      starts_at   timestamptz NOT NULL,
      warn_at     timestamptz,
      due_at      timestamptz NOT NULL,
      status      text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paused', 'fired', 'met', 'cancelled')),
      -- Working time left when paused (citizen asked to supplement, R-IN-4).
      remaining_ms bigint,
      warned_at   timestamptz,
      fired_at    timestamptz,
      closed_at   timestamptz
    );
    CREATE INDEX deadline_due_idx ON deadline (due_at) WHERE status = 'pending';
    CREATE INDEX deadline_warn_idx ON deadline (warn_at) WHERE status = 'pending' AND warned_at IS NULL;
    CREATE INDEX deadline_ticket_idx ON deadline (ticket_id);

    -- Transactional outbox: written with the state change, delivered by a worker.
    CREATE TABLE outbox (
      id               bigserial PRIMARY KEY,
      tenant_id        uuid NOT NULL REFERENCES tenant(id),
      channel          text NOT NULL CHECK (channel IN ('email', 'inapp', 'sms')),
      recipient        text NOT NULL,
      user_id          uuid REFERENCES app_user(id),
      template         text NOT NULL,
      payload          jsonb NOT NULL,
      idempotency_key  text NOT NULL UNIQUE,
      status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts         integer NOT NULL DEFAULT 0,
      next_attempt_at  timestamptz NOT NULL DEFAULT now(),
      last_error       text,
      created_at       timestamptz NOT NULL DEFAULT now(),
      sent_at          timestamptz
    );
    CREATE INDEX outbox_pending_idx ON outbox (next_attempt_at) WHERE status = 'pending';

    -- In-app notifications a user reads in the web app (the 'inapp' outbox channel lands here).
    CREATE TABLE notification (
      id          bigserial PRIMARY KEY,
      user_id     uuid NOT NULL REFERENCES app_user(id),
      outbox_id   bigint UNIQUE REFERENCES outbox(id),
      title       text NOT NULL,
      body        text NOT NULL,
      ticket_id   uuid REFERENCES ticket(id),
      created_at  timestamptz NOT NULL DEFAULT now(),
      read_at     timestamptz
    );
    CREATE INDEX notification_user_idx ON notification (user_id, id DESC);

    -- Append-only, hash-chained audit trail (R-REC-1). Writers insert records in their own
    -- transaction without any lock; the sealer job then chains committed records, one chain
    -- per tenant ('system' outside any tenant), in the order it sees them commit:
    -- hash = sha256(prev_hash ‖ LF ‖ chain_seq ‖ LF ‖ canonical JSON of the record). Altering
    -- or deleting a sealed record breaks every hash after it. Sealing in the background keeps
    -- a global lock off every request (intake and escalations never wait for each other).
    CREATE TABLE audit_log (
      seq          bigserial PRIMARY KEY,
      chain_id     text NOT NULL,
      tenant_id    uuid,
      at           timestamptz NOT NULL,
      actor_id     uuid,
      actor_label  text,
      action       text NOT NULL,
      entity_type  text NOT NULL,
      entity_id    text NOT NULL,
      data         jsonb NOT NULL,
      chain_seq    bigint,
      prev_hash    text,
      hash         text,
      sealed_at    timestamptz,
      UNIQUE (chain_id, chain_seq),
      CHECK ((hash IS NULL) = (chain_seq IS NULL) AND (hash IS NULL) = (prev_hash IS NULL))
    );
    CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id);
    CREATE INDEX audit_log_unsealed_idx ON audit_log (chain_id, seq) WHERE hash IS NULL;

    -- Records never change, with one exception: sealing, once, which sets only the chain
    -- columns of a record that had none.
    CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL
         AND (NEW.seq, NEW.chain_id, NEW.tenant_id, NEW.at, NEW.actor_id, NEW.actor_label, NEW.action,
              NEW.entity_type, NEW.entity_id, NEW.data)
             IS NOT DISTINCT FROM
             (OLD.seq, OLD.chain_id, OLD.tenant_id, OLD.at, OLD.actor_id, OLD.actor_label, OLD.action,
              OLD.entity_type, OLD.entity_id, OLD.data) THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit_log is append-only';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TABLE IF EXISTS audit_log, notification, outbox, deadline, attachment, ticket_event, ticket,
      scope_rule, field, field_group, login_failure, api_token, session, delegation,
      app_user, agency, calendar_exception, calendar, org_unit, tenant CASCADE;
    DROP FUNCTION IF EXISTS audit_log_immutable();
  `.execute(db);
}
