import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TypedApp } from '../../../http/types.ts';
import { FILE_MAX_BYTES, FILES_MAX } from '../../../contract/public.ts';
import { BASE, errorPage, submitPage, type PageContext } from '../pages.ts';
import { PublicError, type UploadedFile } from '../public.service.ts';
import { pageRoute, postRoute, type Site } from '../site.ts';
import type { Problem } from '../submission.ts';
import type { FormOptions } from '../views.ts';

type Form = Record<string, string>;

/** The multipart body of the form: its fields (the first of each name) and its files. */
interface ReadForm {
  form: Form;
  files: UploadedFile[];
  problems: Problem[];
}

/**
 * Reads the form part by part: a file over the size limit or one too many is a problem listed
 * with the others (the form comes back with every problem at once), not a failure; a body
 * that is not this form's multipart is. Returns undefined for the latter.
 */
async function readForm(req: FastifyRequest): Promise<ReadForm | undefined> {
  const form: Form = {};
  const files: UploadedFile[] = [];
  const problems: Problem[] = [];
  let current = '';
  const tooLarge = () => {
    if (!problems.some((p) => p.key === 'err.fileSize')) {
      problems.push({
        field: 'files',
        key: 'err.fileSize',
        params: { name: current.slice(0, 100), size: FILE_MAX_BYTES / 1048576 },
      });
    }
  };
  try {
    const parts = req.parts({
      limits: {
        fileSize: FILE_MAX_BYTES,
        files: FILES_MAX + 2,
        fields: 40,
        fieldSize: 64 * 1024,
        parts: 60,
      },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        current = part.filename;
        try {
          const data = await part.toBuffer();
          if (!part.filename && data.length === 0) continue;
          files.push({ filename: part.filename || 'file', data });
        } catch (err) {
          if ((err as { code?: string }).code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
          tooLarge();
        }
      } else if (typeof part.value === 'string' && !(part.fieldname in form)) {
        form[part.fieldname] = part.value;
      }
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'FST_FILES_LIMIT') {
      problems.push({ field: 'files', key: 'err.fileCount', params: { count: FILES_MAX } });
    } else if (code === 'FST_REQ_FILE_TOO_LARGE') {
      tooLarge();
    } else {
      // A body that is not the form's multipart (cut short, bad boundary, too many parts).
      req.log.info({ err }, 'public: malformed multipart');
      return undefined;
    }
  }
  return { form, files, problems };
}

/** The submission form (R-IN-1, R-CH-4): a request, with photos, becomes a web ticket. */
export function submitRoutes(app: TypedApp, site: Site) {
  /** The form (again), with a fresh challenge; files must be chosen again. */
  const formPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    c: PageContext,
    options: FormOptions,
    s: { form: Form; problems: Problem[]; status?: number },
  ) => {
    const challenge = await site.svc.issueChallenge(req.ip);
    return site.send(
      req,
      reply,
      submitPage(c, options, { form: s.form, problems: s.problems, challenge }),
      { status: s.status ?? 200, personal: true },
    );
  };

  app.get('/gui-phan-anh', pageRoute(), async (req, reply) => {
    const c = await site.pageContext(req);
    const options = await site.svc.formOptions(c.tenant.id);
    return formPage(req, reply, c, options, { form: {}, problems: [] });
  });

  app.post('/gui-phan-anh', postRoute(), async (req, reply) => {
    const c = await site.pageContext(req);
    const options = await site.svc.formOptions(c.tenant.id);
    const read = req.isMultipart() ? await readForm(req) : undefined;
    if (!read) return site.send(req, reply, errorPage(c, 'err.malformed'), { status: 400 });
    const { form, files, problems } = read;
    const statusOf = (list: Problem[], status: number) =>
      list.some((p) => p.key === 'err.fileSize') ? 413 : status;
    try {
      if (problems.length)
        throw new PublicError(statusOf(problems, 400), 'err.malformed', {}, problems);
      const done = await site.svc.submit(form, files, { ip: req.ip, lang: c.lang });
      return reply.redirect(`${BASE}/phieu?t=${encodeURIComponent(done.token)}&moi=1`, 303);
    } catch (err) {
      if (err instanceof PublicError && err.problems.length) {
        const all = [
          ...problems,
          ...err.problems.filter(
            (p) => !problems.some((q) => q.key === p.key && q.field === p.field),
          ),
        ];
        // The same form back with every problem listed, without the spent challenge.
        const { challenge: _c, solution: _s, ...kept } = form;
        return formPage(req, reply, c, options, {
          form: kept,
          problems: all,
          status: statusOf(all, err.status),
        });
      }
      throw err;
    }
  });
}
