/**
 * Reading a staff upload (multipart/form-data), for every upload route: a body that is not
 * multipart → 415; a broken one (no boundary, cut short, malformed part headers) → 400
 * `malformed_multipart`; no file part →
 * 400 `validation_failed`; limits → 413 (R-SEC-1: bad input is never a server error).
 */
import type { FastifyRequest } from 'fastify';
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

/** A staff upload's one file, read whole. */
export interface Upload {
  filename: string;
  mimetype: string;
  data: Buffer;
}

/**
 * The one file of a multipart request. The whole request is read before anything is stored, so
 * a second file is refused (`upload_one_file`) rather than silently dropped, and a body that
 * breaks anywhere is `malformed_multipart` before a byte reaches storage.
 */
export async function readUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart()) throw new AppError('unsupported_media_type');
  let file: Upload | undefined;
  try {
    for await (const part of req.parts({ limits: { files: 1 } })) {
      if (part.type !== 'file') continue;
      file = { filename: part.filename, mimetype: part.mimetype, data: await part.toBuffer() };
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') throw new AppError('upload_one_file');
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('payload_too_large');
    throw markMalformed(err);
  }
  if (!file) throw new AppError('validation_failed', [{ path: 'file', message: 'required' }]);
  return file;
}
