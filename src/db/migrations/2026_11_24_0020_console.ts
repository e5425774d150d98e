import { sql, type Kysely } from 'kysely';

// 1. The supervisor's per-operator load (GET /api/v1/stats/operators): what each operator
// recorded and did today, and what they hold, read by person and time instead of scanning
// every ticket and event of the tenant.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX ticket_created_by_idx ON ticket (created_by, created_at)
      WHERE created_by IS NOT NULL;
    CREATE INDEX ticket_assignee_idx ON ticket (assignee_id, status)
      WHERE assignee_id IS NOT NULL;
    CREATE INDEX ticket_event_actor_idx ON ticket_event (actor_id, at)
      WHERE actor_id IS NOT NULL;

    -- Web push (R-CH-8 agency app): a browser's push subscription per signed-in user, and
    -- the VAPID key pair (RFC 8292) generated once when none is given in the environment,
    -- so that every node signs with the key the browsers subscribed with.
    CREATE TABLE push_subscription (
      id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      tenant_id   uuid NOT NULL REFERENCES tenant(id),
      user_id     uuid NOT NULL REFERENCES app_user(id),
      endpoint    text NOT NULL UNIQUE,
      p256dh      text NOT NULL,
      auth        text NOT NULL,
      created_at  timestamptz NOT NULL,
      last_used_at timestamptz
    );
    CREATE INDEX push_subscription_user_idx ON push_subscription (user_id);
    CREATE TABLE push_vapid (
      id           boolean PRIMARY KEY DEFAULT true CHECK (id),
      public_key   text NOT NULL,
      private_key  text NOT NULL,
      created_at   timestamptz NOT NULL DEFAULT now()
    );
    ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
    ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check
      CHECK (channel IN ('email', 'inapp', 'sms', 'webpush'));
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DELETE FROM outbox WHERE channel = 'webpush';
    ALTER TABLE outbox DROP CONSTRAINT outbox_channel_check;
    ALTER TABLE outbox ADD CONSTRAINT outbox_channel_check
      CHECK (channel IN ('email', 'inapp', 'sms'));
    DROP TABLE IF EXISTS push_subscription, push_vapid;
    DROP INDEX IF EXISTS ticket_created_by_idx, ticket_assignee_idx, ticket_event_actor_idx;
  `.execute(db);
}
