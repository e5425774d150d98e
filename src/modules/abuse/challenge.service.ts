import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AppContext } from '../../app/context.ts';
import { AppError } from '../../core/errors/codes.ts';
import {
  challengePayload,
  challengeToken,
  parseChallenge,
  solves,
  type ChallengeClaims,
} from '../../core/abuse/challenge.ts';
import { abuseRepository as repo } from './abuse.repository.ts';
import { RateCounter } from './rate-counter.ts';

/** 2^16 hashes on average: well under a second in a browser, a real cost for a flood. */
export const DEFAULT_BITS = 16;
export const CHALLENGE_TTL_MS = 10 * 60_000;
/** Challenges one client address may fetch per minute. */
const ISSUE_PER_MINUTE = 30;

/**
 * The self-hosted anti-automation check of anonymous public forms: signed, expiring,
 * single-use proof-of-work challenges (no third-party captcha, nothing sent elsewhere).
 * Issuing writes nothing; spending inserts the challenge's id in PostgreSQL, so a replay
 * fails on every node.
 */
export class ChallengeService {
  private readonly rate: RateCounter;
  private readonly key: Buffer;

  constructor(
    private readonly ctx: AppContext,
    private readonly bits = DEFAULT_BITS,
  ) {
    this.rate = new RateCounter(ctx.db);
    // Without a configured key, one per process: challenges then verify only on the node
    // that issued them (README: set CHALLENGE_SECRET when several web nodes run).
    this.key = ctx.env.CHALLENGE_SECRET
      ? Buffer.from(ctx.env.CHALLENGE_SECRET, 'utf8')
      : randomBytes(32);
  }

  private sign(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }

  /** A new challenge for a client address (rate-limited per address). */
  async issue(ip: string) {
    const now = this.ctx.clock.now();
    const r = await this.rate.hit(
      { scope: 'challenge:ip', limit: ISSUE_PER_MINUTE, windowMs: 60_000 },
      ip,
      now,
    );
    if (!r.allowed) throw new AppError('rate_limited', { retryAfterS: r.retryAfterS });
    const claims: ChallengeClaims = {
      id: randomUUID(),
      bits: this.bits,
      expiresAt: now.getTime() + CHALLENGE_TTL_MS,
    };
    return { token: challengeToken(claims, this.sign(challengePayload(claims))), claims };
  }

  /**
   * What a public form's handler calls before accepting an anonymous submission: the token
   * must carry our signature, be unexpired, be solved, and not have been spent before.
   * Throws challenge_invalid, challenge_expired or challenge_used.
   */
  async verify(token: string, solution: string): Promise<void> {
    const parsed = typeof token === 'string' ? parseChallenge(token) : undefined;
    if (!parsed) throw new AppError('challenge_invalid');
    const expected = Buffer.from(this.sign(parsed.payload));
    const given = Buffer.from(parsed.signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new AppError('challenge_invalid');
    }
    const now = this.ctx.clock.now();
    if (parsed.claims.expiresAt <= now.getTime()) throw new AppError('challenge_expired');
    if (typeof solution !== 'string' || !solves(token, solution, parsed.claims.bits)) {
      throw new AppError('challenge_invalid');
    }
    const fresh = await repo.spendChallenge(
      this.ctx.db,
      parsed.claims.id,
      new Date(parsed.claims.expiresAt),
    );
    if (!fresh) throw new AppError('challenge_used');
    // Spent rows are kept only while their challenge could still be presented.
    if (Math.random() < 0.01) await repo.sweepChallenges(this.ctx.db, now);
  }
}
