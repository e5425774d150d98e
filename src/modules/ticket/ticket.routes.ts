import { z } from 'zod';
import type { TypedApp } from '../../http/types.ts';
import type { Services } from '../../app/services.ts';
import { AppError } from '../../core/errors/codes.ts';
import {
  actionBody,
  actionParams,
  createTicketBody,
  idParams,
  listTicketsQuery,
  lookupQuery,
} from './ticket.schema.ts';
import { presentTicket } from './ticket.presenter.ts';
import { presentTicketDetail } from './ticket.detail.presenter.ts';
import { requireActor } from '../auth/actor.ts';

/** Thin routes: validate → service (authorizes first) → presenter. */
export function ticketRoutes(app: TypedApp, s: Services) {
  app.post(
    '/tickets',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Record a new ticket (R-IN-3)',
        body: createTicketBody,
      },
    },
    async (req, reply) => {
      const { ticket, created, eventId } = await s.tickets.create(req.actor, req.body);
      // A new ticket's detail is known without reading it back; a replayed one is read.
      const detail =
        created && eventId
          ? await s.tickets.freshDetail(requireActor(req.actor), ticket, eventId, req.body)
          : await s.tickets.get(req.actor, ticket.id);
      return reply
        .status(created ? 201 : 200)
        .send(presentTicketDetail(detail, requireActor(req.actor)));
    },
  );

  app.get(
    '/tickets',
    { schema: { tags: ['tickets'], querystring: listTicketsQuery } },
    async (req) => {
      const actor = requireActor(req.actor);
      const { total, items } = await s.tickets.list(actor, req.query);
      return { total, items: items.map((t) => presentTicket(t, actor)) };
    },
  );

  app.get(
    '/tickets/lookup',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Earlier tickets of a caller',
        querystring: lookupQuery,
      },
    },
    async (req) => {
      const actor = requireActor(req.actor);
      const { total, items } = await s.tickets.lookupCitizen(actor, req.query);
      return { total, items: items.map((t) => presentTicket(t, actor)) };
    },
  );

  app.get('/tickets/:id', { schema: { tags: ['tickets'], params: idParams } }, async (req) => {
    const detail = await s.tickets.get(req.actor, req.params.id);
    return presentTicketDetail(detail, requireActor(req.actor));
  });

  app.post(
    '/tickets/:id/actions/:action',
    {
      schema: {
        tags: ['tickets'],
        summary: 'Perform a state-machine action',
        params: actionParams,
        body: actionBody,
      },
    },
    async (req) => {
      const updated = await s.tickets.act(req.actor, req.params.id, req.params.action, req.body);
      const actor = requireActor(req.actor);
      // Transfer, return and sub-unit reply hand the ticket away: the action succeeded, so the
      // actor gets its result, without the timeline they may no longer read.
      if (!s.tickets.canSee(actor, updated)) return presentTicket(updated, actor);
      const detail = await s.tickets.get(req.actor, req.params.id);
      return presentTicketDetail(detail, actor);
    },
  );

  app.post(
    '/attachments',
    { schema: { tags: ['tickets'], summary: 'Upload a file (multipart), then link it by id' } },
    async (req, reply) => {
      requireActor(req.actor);
      if (!req.isMultipart()) throw new AppError('unsupported_media_type');
      const file = await req.file();
      if (!file) throw new AppError('validation_failed', [{ path: 'file', message: 'required' }]);
      const a = await s.tickets.upload(req.actor, {
        filename: file.filename,
        mimetype: file.mimetype,
        stream: file.file,
      });
      return reply.status(201).send({
        id: a.id,
        filename: a.filename,
        contentType: a.content_type,
        size: Number(a.size),
        sha256: a.sha256,
      });
    },
  );

  app.get(
    '/attachments/:id',
    { schema: { tags: ['tickets'], params: z.object({ id: z.uuid() }) } },
    async (req, reply) => {
      const { meta, stream } = await s.tickets.download(req.actor, req.params.id);
      return reply
        .header('content-type', meta.content_type)
        .header(
          'content-disposition',
          `attachment; filename*=UTF-8''${encodeURIComponent(meta.filename)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    },
  );
}
