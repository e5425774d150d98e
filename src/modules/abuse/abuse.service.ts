import { isIP } from 'node:net';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { TtlCache } from '../../app/ttl-cache.ts';
import { AppError } from '../../core/errors/codes.ts';
import {
  compileTerms,
  findTerms,
  normalizeTerm,
  termProblem,
  type Matcher,
  type MatchLevel,
  type Term,
} from '../../core/abuse/profanity.ts';
import { DEFAULT_TERMS } from '../../core/abuse/words.ts';
import { hasDiacritics } from '../../core/kb/normalize.ts';
import { appendAudit, auditBy } from '../audit/audit.repository.ts';
import { requireRole, type Actor } from '../auth/actor.ts';
import { phoneSchema } from '../../contract/ticket.ts';
import { AbuseRepository } from './abuse.repository.ts';
import type { BlockBody, BlockPatch, EventsQuery, WordBody } from './abuse.schema.ts';
import { RateCounter, type RateRule } from './rate-counter.ts';

const HOUR_MS = 3600_000;
/** Who administers the controls and reads the record (R-AB-1). */
const STAFF = ['supervisor', 'admin'] as const;
const EXCERPT = 300;

/** Per-deployment limits (tenant.settings.abuse), all optional. */
const settingsSchema = z.object({
  /** Submissions one phone number may make per hour and per day, across channels. */
  phoneHourly: z.number().int().positive().default(5),
  phoneDaily: z.number().int().positive().default(20),
});

/** What an intake knows about a submission when it asks for screening. */
export interface Submission {
  tenantId: string;
  channel: string;
  phone?: string | undefined;
  email?: string | undefined;
  ip?: string | undefined;
  /** The free text the sender wrote (content, names, location…). */
  texts: (string | undefined)[];
}

/** The record an intake keeps of a screening, to write once the outcome is known. */
export interface ScreeningRecord {
  channel: string;
  reasons: string[];
  terms: string[];
  phone: string | null;
  email: string | null;
  ip: string | null;
  excerpt: string | null;
}

export type Screening =
  | { verdict: 'ok' }
  | { verdict: 'flagged'; record: ScreeningRecord }
  | { verdict: 'blocked'; record: ScreeningRecord }
  | { verdict: 'rate_limited'; retryAfterS: number; record: ScreeningRecord };

/**
 * Abuse controls for every intake (R-AB-1: false reports, vulgar or defamatory language and
 * harassment may be handled by law; the system flags, records and can block such senders):
 * a blocklist, per-phone rate limits shared by all nodes, a word filter, and the record of
 * every refused or flagged attempt. Intakes call `screen`, then `refuse` or `flag`.
 */
export class AbuseService {
  readonly repo: AbuseRepository;
  private readonly rate: RateCounter;
  private readonly matchers = new TtlCache<Matcher>(5_000);

  constructor(private readonly ctx: AppContext) {
    this.repo = new AbuseRepository(ctx.db);
    this.rate = new RateCounter(ctx.db);
  }

  // ------------------------------------------------------------------------ intake side

  /**
   * Blocklist first (a blocked sender is refused whatever they wrote), then the per-phone
   * limits, then the word list. Counts the submission against the phone's limits.
   */
  async screen(s: Submission): Promise<Screening> {
    const now = this.ctx.clock.now();
    const text = s.texts.filter((x): x is string => !!x).join('\n');
    const record = (reasons: string[], terms: string[] = []): ScreeningRecord => ({
      channel: s.channel,
      reasons,
      terms,
      phone: s.phone ?? null,
      email: s.email ?? null,
      ip: s.ip ?? null,
      excerpt: text ? [...text].slice(0, EXCERPT).join('') : null,
    });
    const blocks = await this.repo.matchBlocks(s.tenantId, s, now);
    if (blocks.length) {
      const kinds = [...new Set(blocks.map((b) => `blocked_${b.kind}`))].sort();
      return { verdict: 'blocked', record: record(kinds) };
    }
    if (s.phone) {
      const limits = await this.limits(s.tenantId);
      const rules: RateRule[] = [
        { scope: 'abuse:phone:hour', limit: limits.phoneHourly, windowMs: HOUR_MS },
        { scope: 'abuse:phone:day', limit: limits.phoneDaily, windowMs: 24 * HOUR_MS },
      ];
      let wait = 0;
      for (const rule of rules) {
        const r = await this.rate.hit(rule, `${s.tenantId}:${s.phone}`, now);
        if (!r.allowed) wait = Math.max(wait, r.retryAfterS);
      }
      if (wait > 0)
        return { verdict: 'rate_limited', retryAfterS: wait, record: record(['phone_rate']) };
    }
    const terms = findTerms(text, await this.matcher(s.tenantId));
    if (terms.length) return { verdict: 'flagged', record: record(['language'], terms) };
    return { verdict: 'ok' };
  }

  /** Records a refused attempt (blocked or rate-limited). */
  async refuse(tenantId: string, s: Screening & { verdict: 'blocked' | 'rate_limited' }) {
    await this.repo.insertEvent(this.ctx.db, {
      tenantId,
      at: this.ctx.clock.now(),
      outcome: s.verdict,
      ...eventOf(s.record),
      ticketId: null,
    });
  }

  /**
   * Marks an accepted ticket as flagged, in one transaction: the event record, the ticket's
   * flag, a line on its timeline and the audit record.
   */
  async flag(
    ticket: { id: string; tenant_id: string; code: string; status: string },
    record: ScreeningRecord,
  ) {
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const repo = this.repo;
      const eventId = await repo.insertEvent(trx, {
        tenantId: ticket.tenant_id,
        at: now,
        outcome: 'flagged',
        ...eventOf(record),
        ticketId: ticket.id,
      });
      await repo.insertFlag(trx, {
        ticketId: ticket.id,
        tenantId: ticket.tenant_id,
        reasons: record.reasons,
        terms: record.terms,
        eventId,
        at: now,
      });
      await repo.insertFlagEvent(trx, {
        ticketId: ticket.id,
        tenantId: ticket.tenant_id,
        status: ticket.status,
        note: `Nội dung có từ ngữ vi phạm / Flagged language: ${record.terms.join(', ')}`,
        data: { reasons: record.reasons, terms: record.terms, abuseEventId: eventId },
        at: now,
      });
      await appendAudit(trx, {
        tenantId: ticket.tenant_id,
        actorId: null,
        actorLabel: 'abuse-filter',
        action: 'ticket.abuse_flag',
        entityType: 'ticket',
        entityId: ticket.id,
        data: { code: ticket.code, reasons: record.reasons, terms: record.terms },
        at: now,
      });
    });
  }

  private async limits(tenantId: string) {
    const t = await this.ctx.db
      .selectFrom('tenant')
      .select('settings')
      .where('id', '=', tenantId)
      .executeTakeFirst();
    const parsed = settingsSchema.safeParse(t?.settings.abuse ?? {});
    return parsed.success ? parsed.data : settingsSchema.parse({});
  }

  /** The tenant's effective list: built-in terms not switched off, plus added terms. */
  async effectiveTerms(tenantId: string) {
    const rows = await this.repo.words(tenantId);
    const byTerm = new Map(rows.map((r) => [r.term, r]));
    const out: (Term & { source: 'default' | 'custom'; enabled: boolean })[] = [];
    for (const d of DEFAULT_TERMS) {
      const own = byTerm.get(d.term);
      out.push({
        term: d.term,
        level: own?.level ?? d.level,
        source: 'default',
        enabled: own ? own.enabled : true,
      });
    }
    for (const r of rows) {
      if (!DEFAULT_TERMS.some((d) => d.term === r.term)) {
        out.push({ term: r.term, level: r.level, source: 'custom', enabled: r.enabled });
      }
    }
    return out;
  }

  private matcher(tenantId: string) {
    return this.matchers.get(tenantId, async () =>
      compileTerms((await this.effectiveTerms(tenantId)).filter((t) => t.enabled)),
    );
  }

  // ------------------------------------------------------------------------ staff side

  async blocks(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, STAFF);
    return this.repo.blocks(actor.tenantId);
  }

  async createBlock(actorIn: Actor | undefined, b: BlockBody) {
    const actor = requireRole(actorIn, STAFF);
    const value = normalizeBlockValue(b.kind, b.value);
    const now = this.ctx.clock.now();
    try {
      return await this.ctx.db.transaction().execute(async (trx) => {
        const row = await this.repo.insertBlock(trx, {
          tenantId: actor.tenantId,
          kind: b.kind,
          value,
          reason: b.reason,
          expiresAt: b.expiresAt ? new Date(b.expiresAt) : null,
          createdBy: actor.userId,
          at: now,
        });
        await auditBy(trx, actor, {
          action: 'abuse.block.create',
          entityType: 'abuse_block',
          entityId: row.id,
          data: {
            kind: row.kind,
            value: row.value,
            reason: row.reason,
            expiresAt: b.expiresAt ?? null,
          },
          at: now,
        });
        return row;
      });
    } catch (err) {
      if ((err as { code?: string }).code === '23505') throw new AppError('conflict');
      throw err;
    }
  }

  async updateBlock(actorIn: Actor | undefined, id: string, p: BlockPatch) {
    const actor = requireRole(actorIn, STAFF);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.updateBlock(
        trx,
        actor.tenantId,
        id,
        {
          reason: p.reason,
          expiresAt:
            p.expiresAt === undefined ? undefined : p.expiresAt ? new Date(p.expiresAt) : null,
        },
        now,
      );
      if (!row) throw new AppError('not_found');
      await auditBy(trx, actor, {
        action: 'abuse.block.update',
        entityType: 'abuse_block',
        entityId: row.id,
        data: { ...p },
        at: now,
      });
      return row;
    });
  }

  async deleteBlock(actorIn: Actor | undefined, id: string) {
    const actor = requireRole(actorIn, STAFF);
    const now = this.ctx.clock.now();
    return this.ctx.db.transaction().execute(async (trx) => {
      const row = await this.repo.deleteBlock(trx, actor.tenantId, id);
      if (!row) throw new AppError('not_found');
      await auditBy(trx, actor, {
        action: 'abuse.block.delete',
        entityType: 'abuse_block',
        entityId: row.id,
        data: { kind: row.kind, value: row.value },
        at: now,
      });
      return row;
    });
  }

  async words(actorIn: Actor | undefined) {
    const actor = requireRole(actorIn, STAFF);
    return this.effectiveTerms(actor.tenantId);
  }

  /**
   * Adds a term or changes one (level, on/off). A new term typed with accents is matched at
   * the `shape` level unless told otherwise; one typed without accents at `plain`.
   */
  async setWord(actorIn: Actor | undefined, b: WordBody) {
    const actor = requireRole(actorIn, STAFF);
    const term = normalizeTerm(b.term);
    const problem = termProblem(term);
    if (problem) {
      throw new AppError('validation_failed', [
        { path: 'term', message: `1–4 words of letters, 2–60 characters (${problem})` },
      ]);
    }
    const builtIn = DEFAULT_TERMS.find((d) => d.term === term);
    const level: MatchLevel =
      b.level ?? builtIn?.level ?? (hasDiacritics(term) ? 'shape' : 'plain');
    const now = this.ctx.clock.now();
    const row = await this.ctx.db.transaction().execute(async (trx) => {
      const r = await this.repo.upsertWord(trx, {
        tenantId: actor.tenantId,
        term,
        level,
        enabled: b.enabled,
        by: actor.userId,
        at: now,
      });
      await auditBy(trx, actor, {
        action: 'abuse.word.set',
        entityType: 'abuse_word',
        entityId: r.id,
        data: { term, level, enabled: b.enabled, builtIn: !!builtIn },
        at: now,
      });
      return r;
    });
    this.matchers.delete(actor.tenantId);
    return {
      term: row.term,
      level: row.level,
      enabled: row.enabled,
      source: builtIn ? 'default' : 'custom',
    };
  }

  /** Removes an added term, or restores a built-in one to its default. */
  async deleteWord(actorIn: Actor | undefined, termIn: string) {
    const actor = requireRole(actorIn, STAFF);
    const term = normalizeTerm(termIn);
    const now = this.ctx.clock.now();
    await this.ctx.db.transaction().execute(async (trx) => {
      const r = await this.repo.deleteWord(trx, actor.tenantId, term);
      if (!r) throw new AppError('not_found');
      await auditBy(trx, actor, {
        action: 'abuse.word.delete',
        entityType: 'abuse_word',
        entityId: r.id,
        data: { term },
        at: now,
      });
    });
    this.matchers.delete(actor.tenantId);
  }

  async events(actorIn: Actor | undefined, q: EventsQuery) {
    const actor = requireRole(actorIn, STAFF);
    return this.repo.events({ tenantId: actor.tenantId, ...q });
  }
}

function eventOf(r: ScreeningRecord) {
  return {
    channel: r.channel,
    reasons: r.reasons,
    terms: r.terms,
    phone: r.phone,
    email: r.email,
    ip: r.ip,
    excerpt: r.excerpt,
  };
}

const DOMAIN = /^@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;
const emailSchema = z.email();

/** A blocklist value in the form intakes compare: as the ticket intake normalises it. */
export function normalizeBlockValue(kind: 'phone' | 'email' | 'ip', raw: string): string {
  const bad = (message: string) => new AppError('validation_failed', [{ path: 'value', message }]);
  const v = raw.trim();
  if (kind === 'phone') {
    const p = phoneSchema.safeParse(v);
    if (!p.success) throw bad('not a valid Vietnamese phone number');
    return p.data;
  }
  if (kind === 'email') {
    const e = v.toLowerCase();
    if (e.startsWith('@') ? DOMAIN.test(e) : emailSchema.safeParse(e).success) return e;
    throw bad('an email address, or @domain for a whole domain');
  }
  const [addr = '', prefix, ...rest] = v.split('/');
  const family = isIP(addr);
  const max = family === 4 ? 32 : 128;
  const prefixOk =
    prefix === undefined ||
    (/^\d{1,3}$/.test(prefix) &&
      Number(prefix) <= max &&
      Number(prefix) >= (family === 4 ? 8 : 16));
  if (!family || rest.length || !prefixOk) {
    throw bad('an IPv4 or IPv6 address, or a range such as 203.0.113.0/24');
  }
  return v;
}
