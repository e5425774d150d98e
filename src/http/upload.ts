/**
 * Reading a staff upload (multipart/form-data), for every upload route: a body that is not
 * multipart → 415; a broken one (no boundary, cut short, malformed part headers) → 400
 * `malformed_multipart`, also when it breaks while the file is being stored; no file part →
 * 400 `validation_failed`; limits → 413 (R-SEC-1: bad input is never a server error).
 */
import type { FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import { AppError } from '../core/errors/codes.ts';

/** The code a multipart failure caused by the request's body carries (see errors.ts). */
export const MALFORMED_MULTIPART = 'FST_MP_MALFORMED';

/**
 * Marks a failure of the multipart parser (busboy's errors carry no code) as the client's.
 * Errors that already say what they are (limits, premature close) are left as they are.
 */
export function markMalformed(err: unknown): unknown {
  const e = err as { code?: unknown; statusCode?: unknown };
  if (err instanceof Error && e.code === undefined && e.statusCode === undefined) {
    Object.assign(err, { code: MALFORMED_MULTIPART, statusCode: 400 });
  }
  return err;
}

/** The first file part of a multipart request; the caller consumes `file.file`. */
export async function readUpload(req: FastifyRequest): Promise<MultipartFile> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type');
  let file: MultipartFile | undefined;
  try {
    file = await req.file();
  } catch (err) {
    throw markMalformed(err);
  }
  if (!file) throw new AppError('validation_failed', [{ path: 'file', message: 'required' }]);
  // When the body is cut short the part's stream fails, before this point (it holds the error)
  // or later, while it is being stored.
  if (file.file.errored) markMalformed(file.file.errored);
  file.file.once('error', markMalformed);
  return file;
}
