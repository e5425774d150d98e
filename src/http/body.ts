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
export function findIllFormedText(value: unknown): string | null {
  if (typeof value === 'string') return illFormed(value) ? '' : null;
  if (!value || typeof value !== 'object') return null;
  // An explicit stack, and each entry points to its parent instead of copying its path: a body
  // nested a million levels deep costs linear time and never overflows the call stack.
  interface Entry {
    value: unknown;
    key: string;
    parent: Entry | null;
  }
  const pathOf = (e: Entry | null, last?: string): string => {
    const keys: string[] = last === undefined ? [] : [last];
    for (let at = e; at?.parent; at = at.parent) keys.push(at.key);
    return keys.reverse().join('.');
  };
  const stack: Entry[] = [{ value, key: '', parent: null }];
  while (stack.length) {
    const e = stack.pop()!;
    const v = e.value;
    if (typeof v === 'string') {
      if (illFormed(v)) return pathOf(e);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ value: v[i], key: String(i), parent: e });
    } else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (illFormed(k)) return pathOf(e, k.replace(new RegExp(ILL_FORMED, 'g'), '\uFFFD'));
        stack.push({ value: x, key: k, parent: e });
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
  const found = findIllFormedText(value);
  if (found !== null) {
    // A path through a deeply nested body can be megabytes long: its start says enough.
    const path = found.length > 200 ? `${found.slice(0, 200)}…` : found;
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
