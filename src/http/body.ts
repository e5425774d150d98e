/**
 * Text the API accepts (R-SEC-1): JSON bodies are parsed here, once for every route, and a body
 * holding a lone UTF-16 surrogate (`"\ud800"`) or a NUL character anywhere — in any string
 * value or object key, at any depth, typed by the contract or not (`z.unknown()` flows, jsonb
 * details) — is refused with 400 `validation_failed` naming the path, before validation.
 *
 * The API's queries and path parameters get the same check (`%00` decodes to a NUL; a lone
 * surrogate cannot be percent-encoded in UTF-8, and the router refuses such a path).
 *
 * Why here and not in each contract string: one check covers every route, every field and every
 * key, including the ones no zod string describes, and a new schema cannot forget it.
 * PostgreSQL refuses both in `jsonb` (22P02) and NUL in `text`; Node writes a lone surrogate
 * into `text` as U+FFFD, silently changing what was sent.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/errors/codes.ts';

/** JSON text that may hold a NUL or a surrogate (only as `\u` escapes: raw ones cannot be there). */
const SUSPECT = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

/** A high surrogate not followed by a low one, a low one not preceded by a high one, or NUL. */
const ILL_FORMED = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/;
const illFormed = (s: string) => ILL_FORMED.test(s);

/** The dotted path of the first string or key that is not well-formed text, or null. */
export function findIllFormedText(value: unknown, at: string[] = []): string | null {
  if (typeof value === 'string') return illFormed(value) ? at.join('.') : null;
  if (!value || typeof value !== 'object') return null;
  // An explicit stack: a body nested thousands of levels deep must not overflow ours.
  const stack: [unknown, string[]][] = [[value, at]];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      if (illFormed(v)) return path.join('.');
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, [...path, String(i)]]));
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (illFormed(k))
          return [...path, k.replace(new RegExp(ILL_FORMED, 'g'), '\uFFFD')].join('.');
        stack.push([x, [...path, k]]);
      }
    }
  }
  return null;
}

/** Throws 400 validation_failed when `value` holds a lone surrogate or a NUL. */
export function requireWellFormedText(
  value: unknown,
  where: 'body' | 'querystring' | 'params' = 'body',
): void {
  const path = findIllFormedText(value);
  if (path !== null) {
    throw new AppError('validation_failed', [
      { path, message: 'lone UTF-16 surrogates and NUL characters are not allowed', in: where },
    ]);
  }
}

/** Replaces Fastify's JSON parser (same protections) with one that also checks the text. */
export function registerJsonParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string' },
    (req: FastifyRequest, body: string | Buffer, done) => {
      const text = typeof body === 'string' ? body : body.toString('utf8');
      parse(req, text, (err: Error | null, value?: unknown) => {
        if (err) return done(err, undefined);
        try {
          if (SUSPECT.test(text)) requireWellFormedText(value);
        } catch (e) {
          return done(e as Error, undefined);
        }
        done(null, value);
      });
    },
  );
}
