import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../core/errors/codes.ts';
import { MALFORMED_MULTIPART } from './upload.ts';

/** The one place where failures become HTTP responses. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    message_vi: string;
    message_en: string;
    details?: unknown;
  };
}

/** Multipart failures caused by the request's body, not by the server. */
const MULTIPART_MALFORMED = new Set([
  MALFORMED_MULTIPART,
  'FST_MP_PREMATURE_CLOSE',
  'FST_PROTO_VIOLATION',
  'FST_INVALID_MULTIPART_CONTENT_TYPE',
  'FST_INVALID_JSON_FIELD_ERROR',
]);

export function preferredLanguage(req: FastifyRequest): 'vi' | 'en' {
  const header = req.headers['accept-language'] ?? '';
  return /^\s*en\b/i.test(header) ? 'en' : 'vi';
}

export function errorBody(code: ErrorCode, lang: 'vi' | 'en', details?: unknown): ErrorBody {
  const e = ERRORS[code];
  return {
    error: {
      code,
      message: lang === 'en' ? e.en : e.vi,
      message_vi: e.vi,
      message_en: e.en,
      ...(details === undefined ? {} : { details }),
    },
  };
}

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: { issue?: { path?: PropertyKey[]; message?: string } };
}

function validationDetails(err: FastifyError): unknown {
  const list = (err.validation ?? []) as ValidationIssue[];
  return list.map((v) => ({
    // One notation for every error: dotted paths, as services write them ("citizen.phone").
    path:
      v.params?.issue?.path?.map(String).join('.') ??
      v.instancePath?.replace(/^\//, '').replaceAll('/', '.') ??
      '',
    message: v.params?.issue?.message ?? v.message ?? '',
    in: err.validationContext,
  }));
}

export function errorHandler(
  err: FastifyError | AppError | Error,
  req: FastifyRequest,
  reply: FastifyReply,
) {
  const lang = preferredLanguage(req);
  if (err instanceof AppError) {
    return reply.status(err.status).send(errorBody(err.code, lang, err.details));
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    return reply.status(400).send(errorBody('validation_failed', lang, validationDetails(fe)));
  }
  // A multipart body the parser could not read (upload.ts marks busboy's errors).
  if (MULTIPART_MALFORMED.has(String(fe.code))) {
    return reply.status(400).send(errorBody('malformed_multipart', lang, fe.message));
  }
  const db = databaseRefusal(err);
  if (db) {
    // Kept in the log: a refusal the schemas should have made first is worth finding.
    req.log.info({ err }, 'database refused the input');
    return reply.status(ERRORS[db.code].status).send(errorBody(db.code, lang, db.details));
  }
  if (fe.statusCode === 429) return reply.status(429).send(errorBody('rate_limited', lang));
  if (fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
    return reply.status(413).send(errorBody('payload_too_large', lang));
  }
  if (fe.statusCode === 415)
    return reply.status(415).send(errorBody('unsupported_media_type', lang));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    return reply.status(fe.statusCode).send(errorBody('bad_request', lang, fe.message));
  }
  req.log.error({ err }, 'unhandled error');
  return reply.status(500).send(errorBody('internal', lang));
}

/** `org_unit_id` → `orgUnitId`: the name the API gives a column. */
const camel = (column: string) =>
  column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

interface PgError {
  code?: string;
  detail?: string;
  column?: string;
  table?: string;
}

/**
 * What PostgreSQL refused because of what a request sent, as a stable 4xx (the failed statement
 * changed nothing). The schemas refuse such input first; this is the one mapping for what gets
 * past them, so that a database refusal is never a server error:
 * - a foreign key naming a row that does not exist (23503) → 404 `not_found`, with the field;
 *   a row still referenced by others → 409 `still_referenced`;
 * - a duplicate (23505) → 409 `conflict`; a missing required value (23502) → 400;
 * - a value of the wrong kind or size — data exceptions, class 22: NUL in text, a number beyond
 *   bigint, text too long, an impossible date, malformed JSON — → 400 `validation_failed`.
 */
export function databaseRefusal(err: unknown): {
  code: 'not_found' | 'still_referenced' | 'conflict' | 'validation_failed';
  details: unknown;
} | null {
  const e = err as PgError;
  // Only errors from the database driver: they carry a five-character SQLSTATE and a severity.
  if (typeof e.code !== 'string' || !/^[0-9A-Z]{5}$/.test(e.code) || !('severity' in e)) {
    return null;
  }
  const key = /^Key \(([^)]+)\)=/.exec(e.detail ?? '')?.[1];
  const path = key && /^[a-z0-9_]+$/.test(key) ? camel(key) : '';
  if (e.code === '23503') {
    if (/is still referenced/.test(e.detail ?? '')) {
      return { code: 'still_referenced', details: [{ path, message: 'still referenced' }] };
    }
    return { code: 'not_found', details: [{ path, message: 'no such record' }] };
  }
  if (e.code === '23505')
    return { code: 'conflict', details: [{ path, message: 'already exists' }] };
  if (e.code === '23502') {
    return {
      code: 'validation_failed',
      details: [{ path: e.column ? camel(e.column) : '', message: 'required' }],
    };
  }
  if (e.code.startsWith('22')) {
    const message =
      e.code === '22021' || e.code === '22P05'
        ? 'NUL characters and lone surrogates are not allowed'
        : e.code === '22003'
          ? 'number out of range'
          : e.code === '22001'
            ? 'too long'
            : 'not a valid value';
    return { code: 'validation_failed', details: [{ path, message }] };
  }
  return null;
}

/**
 * Errors Fastify's router raises before any route runs (a path that is not valid UTF-8 once
 * decoded, a path parameter longer than the router allows): the same error body as every other.
 */
export function frameworkErrorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  const lang = preferredLanguage(req);
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return reply.status(414).send(errorBody('uri_too_long', lang));
  }
  const status =
    err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  return reply.status(status).send(errorBody('bad_request', lang, err.message));
}

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(errorBody('not_found', preferredLanguage(req)));
}
