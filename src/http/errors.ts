import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, ERRORS, type ErrorCode } from '../core/errors/codes.ts';

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
  // PostgreSQL refuses NUL characters in text and jsonb: bad input, not a server fault (the
  // failed statement changed nothing).
  const pgCode = (err as { code?: string }).code;
  if (pgCode === '22021' || pgCode === '22P05') {
    return reply
      .status(400)
      .send(
        errorBody('validation_failed', lang, [
          { path: '', message: 'NUL characters are not allowed' },
        ]),
      );
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

export function notFoundHandler(req: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send(errorBody('not_found', preferredLanguage(req)));
}
