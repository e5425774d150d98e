import type { Problem } from './open311.input.ts';

/**
 * A failed GeoReport call: the spec's error list with one HTTP status. The status is the most
 * specific one the problems share: 403 for a missing or invalid api_key, 404 for what does
 * not exist, 429 for rate limits, and "basically 400 for any other error".
 */
export class Open311Error extends Error {
  readonly status: number;
  constructor(
    readonly problems: Problem[],
    /** Seconds the client should wait (rate limits). */
    readonly retryAfterS?: number,
  ) {
    super(problems.map((p) => `${p.field}: ${p.en}`).join('; '));
    this.name = 'Open311Error';
    const statuses = new Set(problems.map((p) => p.status));
    this.status =
      statuses.size === 1
        ? [...statuses][0]!
        : statuses.has(403)
          ? 403
          : statuses.has(429)
            ? 429
            : 400;
  }
}

/** The error document's items: the description names the argument, in the caller's language. */
export function describe(problems: Problem[], lang: 'vi' | 'en') {
  return problems.map((p) => ({
    code: p.status,
    description: `${p.field ? `${p.field}: ` : ''}${lang === 'en' ? p.en : p.vi}`,
  }));
}
