import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import type { AppContext, Clock } from '../../src/app/context.ts';
import { buildServices, type Services } from '../../src/app/services.ts';
import { loadEnv } from '../../src/config/env.ts';
import type { DB } from '../../src/db/database.ts';
import type { Role } from '../../src/core/access/roles.ts';
import { buildServer } from '../../src/http/server.ts';
import { SESSION_COOKIE, type App } from '../../src/http/types.ts';
import {
  buildAgency,
  buildCalendar,
  buildTenant,
  buildUser,
  ticketBody,
} from '../../tests/factories.ts';

export const BENCH_PASSWORD = 'mat-khau-do-hieu-nang';

/** The request body every load test sends: a typical phone contact. */
export const TICKET_BODY = ticketBody();

export interface BenchOrg {
  tenantId: string;
  calendarId: string;
  agencyId: string;
  users: Record<'operator' | 'focal_point' | 'agency_head' | 'coordinator' | 'leader', BenchUser>;
}
export interface BenchUser {
  id: string;
  username: string;
}

/**
 * A tenant like the tests' `createTestApp()`: default calendar (Asia/Ho_Chi_Minh, statutory
 * holidays), one department with a focal point and a head, plus an operator, a coordinator and
 * a leader — everyone a deadline escalation notifies.
 */
export async function createOrg(db: DB, code: string): Promise<BenchOrg> {
  const tenant = await buildTenant(db, { code, name: 'Tỉnh Đo hiệu năng' });
  const calendar = await buildCalendar(db, tenant.id);
  const agency = await buildAgency(db, tenant.id, {
    code: 'STNMT',
    name: 'Sở Tài nguyên và Môi trường',
  });
  const user = async (role: Role, agencyId: string | null): Promise<BenchUser> => {
    const username = `${code.toLowerCase()}_${role}`;
    const u = await buildUser(db, tenant.id, role, {
      agencyId,
      username,
      displayName: `Cán bộ ${role}`,
      email: `${username}@bench.local`,
      password: BENCH_PASSWORD,
    });
    return { id: u.id, username: u.username };
  };
  return {
    tenantId: tenant.id,
    calendarId: calendar.id,
    agencyId: agency.id,
    users: {
      operator: await user('operator', null),
      focal_point: await user('focal_point', agency.id),
      agency_head: await user('agency_head', agency.id),
      coordinator: await user('coordinator', null),
      leader: await user('leader', null),
    },
  };
}

/** The service context the server builds in `src/main.ts`, on a given database and clock. */
export function benchContext(
  db: DB,
  dataDir: string,
  clock: Clock,
  databaseUrl: string,
  /** Environment besides the bench defaults. */
  extra: Record<string, string> = {},
): AppContext {
  mkdirSync(dataDir, { recursive: true });
  const env = loadEnv({
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    ...extra,
  });
  return { db, env, clock, log: pino({ level: 'silent' }) };
}

export interface RunningServer {
  app: App;
  services: Services;
  baseUrl: string;
  close(): Promise<void>;
}

/** `buildServer` + `listen` on 127.0.0.1, a free port, no request logging (as in production at 'silent'). */
export async function startServer(ctx: AppContext): Promise<RunningServer> {
  const services = buildServices(ctx);
  const { app } = await buildServer({ ctx, services, logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { app, services, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Signs in over HTTP (cookie + CSRF), then issues an API token: `Authorization: Bearer …`. */
export async function apiToken(baseUrl: string, username: string): Promise<string> {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: BENCH_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const sid = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .find((c) => c.startsWith(`${SESSION_COOKIE}=`));
  if (!sid) throw new Error('login set no session cookie');
  const res = await fetch(`${baseUrl}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: sid, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (res.status !== 201)
    throw new Error(`token creation failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}
