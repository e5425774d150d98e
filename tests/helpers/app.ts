import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import type { LightMyRequestResponse } from 'fastify';
import { ManualClock, systemClock, type AppContext } from '../../src/app/context.ts';
import { buildServices, type Services } from '../../src/app/services.ts';
import { loadEnv } from '../../src/config/env.ts';
import { buildServer } from '../../src/http/server.ts';
import { SESSION_COOKIE, type App } from '../../src/http/types.ts';
import type { SipWebSocketHub } from '../../src/voice/ws-endpoint.ts';
import {
  buildAgency,
  buildCalendar,
  buildTenant,
  buildUser,
  TEST_PASSWORD,
  ticketBody,
} from '../factories.ts';
import type { Role } from '../../src/core/access/roles.ts';
import type { AgencyKind } from '../../src/db/schema.ts';
import { testDatabase } from './db.ts';
import { Gateway } from '../../src/realtime/gateway.ts';
import { DEFAULT_WEB_ROOT } from '../../src/http/static.ts';

export { TEST_PASSWORD };

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test responses are checked field by field
export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
}

/** An HTTP client bound to one signed-in user (cookie + CSRF header), over app.inject. */
export class Client {
  constructor(
    private readonly app: App,
    private readonly cookie: string | null,
    private readonly csrf: string | null,
    private readonly bearer: string | null = null,
  ) {}

  /** The Cookie header of this client's session (for WebSocket handshakes). */
  get cookieHeader(): string {
    return this.cookie ? `${SESSION_COOKIE}=${this.cookie}` : '';
  }

  async req(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (this.cookie) headers.cookie = `${SESSION_COOKIE}=${this.cookie}`;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const res = await this.app.inject({
      method,
      url,
      payload: payload as object | undefined,
      headers,
    });
    let body: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json')) body = res.json();
    return { status: res.statusCode, body, headers: res.headers };
  }
  get(url: string) {
    return this.req('GET', url);
  }
  post(url: string, body?: unknown) {
    return this.req('POST', url, body ?? {});
  }
  put(url: string, body?: unknown) {
    return this.req('PUT', url, body ?? {});
  }
  patch(url: string, body?: unknown) {
    return this.req('PATCH', url, body ?? {});
  }
  delete(url: string) {
    return this.req('DELETE', url);
  }
}

export interface TestUser {
  id: string;
  username: string;
  role: Role;
  agencyId: string | null;
}

/**
 * A complete application on a fresh database with a controllable clock, plus factories in
 * the spirit of `ctx.newUser()`.
 *
 * ### Examples
 * ```ts
 * const t = await createTestApp();
 * after(t.close);
 * const agency = await t.newAgency({ code: 'STNMT' });
 * const fp = await t.newUser('focal_point', agency);
 * const res = await (await t.login(fp)).get('/api/v1/tickets');
 * ```
 */
/** The `SECRETS_KEY` of test apps (sealed trunk passwords open with it). */
export const TEST_SECRETS_KEY = 'test-secrets-key-0123456789abcdef0123';

export async function createTestApp(
  opts: {
    start?: string;
    /** Listen on 127.0.0.1 on a free port (for browsers); `baseUrl` is then set. */
    listen?: boolean;
    /** Serve the built web app (web/dist) as `npm start` does. */
    web?: boolean;
    /** Use the wall clock instead of the ManualClock (a browser's countdowns use real time). */
    realClock?: boolean;
    /** SIP over WebSocket at /sip, handed to a telephony service the test starts. */
    sipWebSocket?: SipWebSocketHub;
    /** Environment besides the test defaults; `undefined` removes a default. */
    env?: Record<string, string | undefined>;
  } = {},
) {
  const database = await testDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'o1022-'));
  const env = loadEnv(
    Object.fromEntries(
      Object.entries({
        DATA_DIR: dataDir,
        DATABASE_URL: database.url,
        LOG_LEVEL: 'silent',
        SECRETS_KEY: TEST_SECRETS_KEY,
        // Tests move the ManualClock by hours to model a working day: a signed-in client is
        // not idle meanwhile. The idle timeout's own tests remove this (env: { …: undefined }).
        SESSION_IDLE_MINUTES: String(24 * 60),
        ...opts.env,
      }).filter((e): e is [string, string] => e[1] !== undefined),
    ),
  );
  // Monday 2026-03-02 08:00 +07:00: a plain working morning.
  const clock = new ManualClock(new Date(opts.start ?? '2026-03-02T08:00:00+07:00'));
  const ctx: AppContext = {
    db: database.db,
    env,
    clock: opts.realClock ? systemClock : clock,
    log: pino({ level: 'silent' }),
  };
  const services: Services = buildServices(ctx);
  const gateway = new Gateway(database.url, ctx.log);
  await gateway.start();
  const { app } = await buildServer({
    ctx,
    services,
    gateway,
    ...(opts.web ? { webRoot: DEFAULT_WEB_ROOT } : {}),
    sipWebSocket: opts.sipWebSocket,
  });
  let baseUrl = '';
  if (opts.listen) {
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  }

  const tenant = await buildTenant(ctx.db, { name: 'Tỉnh Thử nghiệm' });
  const calendar = await buildCalendar(ctx.db, tenant.id);
  let n = 0;

  function newAgency(
    a: {
      code?: string;
      name?: string;
      kind?: AgencyKind;
      parentId?: string | null;
      requiresApproval?: boolean;
    } = {},
  ) {
    n++;
    return buildAgency(ctx.db, tenant.id, {
      ...a,
      code: a.code ?? `AG${n}`,
      name: a.name ?? `Cơ quan ${n}`,
    });
  }

  async function newUser(
    role: Role,
    agency?: { id: string } | null,
    extra: { email?: string; username?: string } = {},
  ): Promise<TestUser> {
    n++;
    const u = await buildUser(ctx.db, tenant.id, role, {
      agencyId: agency?.id ?? null,
      username: extra.username ?? `${role}${n}`,
      displayName: `Người dùng ${role} ${n}`,
      email: extra.email ?? null,
    });
    return { id: u.id, username: u.username, role: u.role, agencyId: u.agency_id };
  }

  async function login(user: { username: string }, password = TEST_PASSWORD): Promise<Client> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { username: user.username, password },
    });
    if (res.statusCode !== 200)
      throw new Error(`login failed for ${user.username}: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === SESSION_COOKIE)!.value;
    return new Client(app, cookie, (res.json() as { csrfToken: string }).csrfToken);
  }

  return {
    app,
    baseUrl,
    ctx,
    /** The live-event gateway (e.g. to run its minute's credential check at once). */
    gateway,
    db: ctx.db,
    clock,
    services,
    tenantId: tenant.id,
    calendarId: calendar.id,
    newAgency,
    newUser,
    login,
    anonymous: () => new Client(app, null, null),
    async close() {
      await app.close();
      await gateway.stop();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

export { ticketBody };
