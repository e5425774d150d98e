/**
 * Shared helpers of the API integration tests (not a test file itself).
 *
 * `signIn()` logs in like `t.login()` but from its own client address, so that a file with
 * many users stays under the login route's per-address rate limit, and it keeps the session
 * cookie and CSRF token so tests can build cookie-without-CSRF or raw multipart requests.
 */
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Client, TEST_PASSWORD, type ApiResponse, type TestApp } from '../helpers/app.ts';
import { SESSION_COOKIE } from '../../src/http/types.ts';
import type { Role } from '../../src/core/access/roles.ts';

let ipCounter = 0;
/** A fresh client address (TEST-NET-2), for the login throttle and rate limit keys. */
export function nextIp(): string {
  ipCounter++;
  return `198.51.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
}

/** A signed-in user: a cookie + CSRF client, plus what tests need to go around it. */
export class Session extends Client {
  constructor(
    private readonly testApp: TestApp,
    readonly sid: string,
    readonly csrfToken: string,
    readonly me: Me,
  ) {
    super(testApp.app, sid, csrfToken);
  }

  /** The same session without the CSRF header (what a cross-site form would send). */
  withoutCsrf(): Client {
    return new Client(this.testApp.app, this.sid, null);
  }

  /** Uploads one file as multipart/form-data. */
  async upload(filename: string, contentType: string, content: Buffer | string) {
    return uploadRaw(this.testApp, content, filename, contentType, {
      cookie: `${SESSION_COOKIE}=${this.sid}`,
      'x-csrf-token': this.csrfToken,
    });
  }
}

export async function signIn(t: TestApp, user: { username: string }): Promise<Session> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username: user.username, password: TEST_PASSWORD },
    remoteAddress: nextIp(),
  });
  if (res.statusCode !== 200) throw new Error(`login failed for ${user.username}: ${res.body}`);
  const sid = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
  const body = res.json() as { csrfToken: string; user: Me };
  return new Session(t, sid, body.csrfToken, body.user);
}

/** A user calling with an API token: no session expiry when tests move the clock by days. */
export class ApiUser extends Client {
  constructor(
    app: TestApp['app'],
    readonly token: string,
    readonly me: Me,
  ) {
    super(app, null, null, token);
  }
}

/** Anyone the tests act as. */
export type Who = Client & { me: Me };

export async function apiUser(t: TestApp, user: { username: string }): Promise<ApiUser> {
  const s = await signIn(t, user);
  const res = await s.post('/api/v1/auth/tokens', { name: 'integration tests' });
  if (res.status !== 201) throw new Error(`token failed: ${JSON.stringify(res.body)}`);
  return new ApiUser(t.app, res.body.token, s.me);
}

/** Raw login, for throttling tests. */
export async function tryLogin(t: TestApp, username: string, password: string, ip: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
  });
  return { status: res.statusCode, body: res.json() as { error?: { code: string } } };
}

export function multipart(
  content: Buffer | string,
  filename: string,
  contentType: string,
  field = 'file',
): { body: Buffer; contentType: string } {
  const boundary = `----o1022test${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, Buffer.isBuffer(content) ? content : Buffer.from(content), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

export async function uploadRaw(
  t: TestApp,
  content: Buffer | string,
  filename: string,
  contentType: string,
  headers: Record<string, string>,
): Promise<ApiResponse> {
  const mp = multipart(content, filename, contentType);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/attachments',
    payload: mp.body,
    headers: { ...headers, 'content-type': mp.contentType },
  });
  let body: unknown = res.body;
  if ((res.headers['content-type'] ?? '').toString().includes('json')) body = res.json();
  return { status: res.statusCode, body, headers: res.headers };
}

/** Row counts of the tables a write may touch: "nothing changed" compares two of these. */
export async function counts(t: TestApp) {
  const tables = [
    'ticket',
    'ticket_event',
    'audit_log',
    'outbox',
    'deadline',
    'attachment',
    'agency',
    'app_user',
    'field',
    'scope_rule',
    'calendar_exception',
    'delegation',
    'api_token',
  ] as const;
  const out = {} as Record<(typeof tables)[number], number>;
  for (const name of tables) {
    const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(name)}`.execute(t.db);
    out[name] = Number(r.rows[0]!.n);
  }
  return out;
}

/** Outbox rows about one ticket, in order. */
export async function outboxFor(t: TestApp, ticketId: string) {
  const rows = await t.db
    .selectFrom('outbox')
    .select(['id', 'channel', 'recipient', 'user_id', 'template', 'payload', 'idempotency_key'])
    .where(sql<string>`payload->>'ticketId'`, '=', ticketId)
    .orderBy('id')
    .execute();
  return rows;
}

/** The set of user ids that got an in-app message with this template about this ticket. */
export async function inappRecipients(t: TestApp, ticketId: string, template: string) {
  const rows = await outboxFor(t, ticketId);
  return rows
    .filter((r) => r.channel === 'inapp' && r.template === template)
    .map((r) => r.user_id!)
    .sort();
}

/** Audit records of one ticket, in chain order. */
export async function auditFor(t: TestApp, ticketId: string) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', 'ticket')
    .where('entity_id', '=', ticketId)
    .orderBy('seq')
    .execute();
}

export interface TimelineEvent {
  id: string;
  action: string;
  fromStatus: string | null;
  toStatus: string;
  actor: string | null;
  actorRole: string | null;
  agency: string | null;
  note: string | null;
  data: Record<string, unknown>;
  at: string;
}

/**
 * Every timeline event that is a transition (all but pre-breach warnings) has exactly one
 * audit record naming it, with the same action, and nothing else is audited for the ticket.
 */
export async function assertAuditedTimeline(
  t: TestApp,
  ticketId: string,
  timeline: TimelineEvent[],
) {
  const audit = await auditFor(t, ticketId);
  assert.deepEqual(
    audit.map((a) => ({ action: a.action, eventId: String(a.data.eventId) })),
    timeline.map((e) => ({ action: `ticket.${e.action}`, eventId: String(e.id) })),
    'one audit record per timeline event, in order',
  );
  const clockEvents = new Set(['create', 'deadline_warning', 'deadline_rescheduled']);
  for (const a of audit) {
    const e = timeline.find((x) => String(x.id) === String(a.data.eventId))!;
    if (!clockEvents.has(e.action)) {
      assert.equal(a.data.from, e.fromStatus);
      assert.equal(a.data.to, e.toStatus);
    }
  }
}

export function assertError(res: ApiResponse, status: number, code: string) {
  assert.equal(
    res.status,
    status,
    `expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`,
  );
  assert.match(String(res.headers['content-type']), /application\/json/);
  assert.equal(res.body?.error?.code, code, JSON.stringify(res.body));
  assert.equal(typeof res.body.error.message_vi, 'string');
  assert.equal(typeof res.body.error.message_en, 'string');
  assert.ok(res.body.error.message_vi.length > 0 && res.body.error.message_en.length > 0);
}

export const iso = (local: string) => new Date(local).toISOString();
