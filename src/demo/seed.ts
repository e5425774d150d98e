/**
 * The demo province, loaded on first start when the database has no tenant (unless
 * OPEN1022_DEMO=0): "Tỉnh Demo" with a two-tier organisation, the five field groups, the
 * out-of-scope rules, one account per role and ~300 tickets of the last six weeks in every
 * status and escalation level, each with a coherent timeline played through the real services.
 *
 * Demo accounts (53) — every one has the password `Demo@1022vn`:
 *
 * | username | role | agency |
 * |---|---|---|
 * | `admin` | admin | Tổng đài 1022 |
 * | `operator1`, `operator2`, `operator3` | operator (morning, afternoon, night shift; operator3's interface is in English) | Tổng đài 1022 |
 * | `supervisor` | supervisor | Tổng đài 1022 |
 * | `coordinator` | coordinator | Văn phòng UBND tỉnh |
 * | `leader` | leader | — (Phó Chủ tịch UBND tỉnh) |
 * | `fp.<code>` and `head.<code>` | focal_point and agency_head | each agency below |
 * | `deputy.sxd` | agency_head, deputy (`is_deputy`) | Sở Xây dựng |
 * | `fp.sxd-qldt`, `fp.sxd-htgt` | focal_point of a sub-unit | Sở Xây dựng: Phòng Quản lý đô thị, Phòng Quản lý kết cấu hạ tầng giao thông |
 * | `fp.snnmt-qldd` | focal_point of a sub-unit | Sở Nông nghiệp và Môi trường: Phòng Quản lý đất đai |
 *
 * Agency codes for `fp.<code>` / `head.<code>`: vpubnd (Văn phòng UBND tỉnh), snnmt, sxd, syt,
 * sgddt, stc, snv, sct, skhcn, svhttdl, stp (departments), bqlkcn (industrial zones authority),
 * cat (police), bhxh (social security), dienluc (power), capnuoc (water), panphu, pbinhminh,
 * phoabinh (ward committees), xlonghung (commune committee whose answers need the chairman's
 * approval, R-WF-11), xphuloc. E.g. `fp.sxd` / `head.sxd`, `fp.xlonghung` / `head.xlonghung`.
 */
import type { Logger } from 'pino';
import { sampleArticles } from '../modules/kb/samples/index.ts';
import type { Actor } from '../modules/auth/actor.ts';
import { ManualClock, type AppContext } from '../app/context.ts';
import { buildServices, type Services } from '../app/services.ts';
import { appendAudit } from '../modules/audit/audit.repository.ts';
import { authRepository } from '../modules/auth/auth.repository.ts';
import { hashPassword } from '../modules/auth/password.ts';
import { orgRepository } from '../modules/org/org.repository.ts';
import { AGENCIES, FIELDS, insertOrganisation } from './organisation.ts';
import { nestedTransactions, DAY } from './sim.ts';
import { playStories, settleOutbox, type StepFailure } from './simulate.ts';
import { buildStories } from './stories.ts';
import { insertDemoKey } from '../modules/open311/open311.service.ts';
import { publishDemoAnswers } from '../modules/publication/demo.ts';
import { insertDemoIvr } from './ivr.ts';
import { demoRepository as repo, SEED_LOCK } from './demo.repository.ts';

export const DEMO_PASSWORD = 'Demo@1022vn';
/** Tickets spread over the six weeks before the first start. */
export const DEMO_WINDOW_DAYS = 42;

export interface SeedReport {
  tenantId: string;
  tickets: number;
  events: number;
  byStatus: Record<string, number>;
  byEscalation: Record<string, number>;
  sweeps: number;
  failures: StepFailure[];
  ms: number;
}

/** Loads the demo province if the database has no tenant yet; never throws. */
export async function seedIfEmpty(ctx: AppContext, s: Services, log: Logger): Promise<void> {
  if (ctx.env.OPEN1022_DEMO === '0') return;
  try {
    const r = await seedDemo(ctx, s);
    if (!r) return;
    if (r.failures.length) log.warn({ failures: r.failures }, 'demo data: some steps were skipped');
    log.info(
      { tickets: r.tickets, byStatus: r.byStatus, byEscalation: r.byEscalation, ms: r.ms },
      `demo province loaded: sign in as operator1 / ${DEMO_PASSWORD} (see README)`,
    );
    log.info({ articles: await seedKnowledgeBase(ctx, s) }, 'demo knowledge base loaded');
    log.info({ answers: await publishDemoAnswers(ctx) }, 'demo answers published (/cong-dan)');
  } catch (err) {
    log.error({ err }, 'demo data could not be loaded; starting without it');
  }
}

/**
 * Seeds in one transaction (the services' own transactions become savepoints in it): a crash
 * leaves nothing, and a second start sees either nothing or everything. Returns null when a
 * tenant already exists.
 */
export async function seedDemo(
  ctx: AppContext,
  s: Services,
  opts: { seed?: number } = {},
): Promise<SeedReport | null> {
  if (await orgRepository.firstTenant(ctx.db)) return null;
  const t0 = performance.now();
  // One argon2id hash (~100 ms) shared by every demo account.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  return ctx.db.transaction().execute(async (trx) => {
    await repo.lockSeed(trx, SEED_LOCK);
    if (await orgRepository.firstTenant(trx)) return null;

    const end = ctx.clock.now();
    const start = new Date(end.getTime() - DEMO_WINDOW_DAYS * DAY);
    const orgAt = new Date(start.getTime() - 3 * DAY);
    const org = await insertOrganisation(trx, passwordHash, orgAt);
    await appendAudit(trx, {
      tenantId: org.tenantId,
      actorId: null,
      actorLabel: 'demo-seed',
      action: 'demo.seed',
      entityType: 'tenant',
      entityId: org.tenantId,
      data: {
        note: 'Dữ liệu mẫu tỉnh Demo (OPEN1022_DEMO=1)',
        agencies: AGENCIES.length,
        fields: FIELDS.length,
        users: org.users.size,
      },
      at: orgAt,
    });
    // The published Open311 api_key of the demo (README: `api_key: …`).
    await insertDemoKey(
      trx,
      { tenantId: org.tenantId, userId: org.users.get('admin')!.id, username: 'admin' },
      orgAt,
    );
    await insertDemoIvr(trx, org.tenantId, orgAt);

    // The services again, on this transaction and on a clock we move through the past.
    const clock = new ManualClock(orgAt);
    const simCtx: AppContext = { ...ctx, db: nestedTransactions(trx), clock };
    const services = buildServices(simCtx, s.storage);
    const cal = (await services.calendars.forAgency(org.tenantId, null)).cal;
    const stories = buildStories({ start, end, cal, org }, opts.seed ?? 1022);
    const actors = new Map<string, Actor>();
    for (const [username, u] of org.users) {
      actors.set(username, {
        userId: u.id,
        tenantId: org.tenantId,
        role: u.spec.role,
        agencyId: u.spec.agency ? org.agencies.get(u.spec.agency)!.id : null,
        username,
        displayName: u.spec.displayName,
        via: 'session',
      });
    }
    const played = await playStories(
      { ctx: simCtx, services, clock },
      stories,
      actors,
      org.tenantId,
      end,
    );
    await settleOutbox(trx, org.tenantId, end);

    const byStatus = await repo.ticketCounts(trx, org.tenantId, 'status');
    return {
      tenantId: org.tenantId,
      tickets: Object.values(byStatus).reduce((a, b) => a + b, 0),
      events: await repo.eventCount(trx, org.tenantId),
      byStatus,
      byEscalation: await repo.ticketCounts(trx, org.tenantId, 'escalation'),
      sweeps: played.sweeps,
      failures: played.failures,
      ms: Math.round(performance.now() - t0),
    };
  });
}

/**
 * The sample procedures, FAQs and policies, imported and published through the real import
 * path as the demo administrator (they use the demo province's agency and field codes).
 */
export async function seedKnowledgeBase(ctx: AppContext, s: Pick<Services, 'kb'>): Promise<number> {
  const admin = await authRepository.findUserByUsername(ctx.db, 'admin');
  if (!admin) return 0;
  const actor: Actor = {
    userId: admin.id,
    tenantId: admin.tenant_id,
    role: 'admin',
    agencyId: null,
    username: admin.username,
    displayName: admin.display_name,
    via: 'session',
  };
  const imported = await s.kb.import(
    actor,
    { body: sampleArticles(), contentType: 'application/json' },
    { publish: true },
  );
  return imported.length;
}
