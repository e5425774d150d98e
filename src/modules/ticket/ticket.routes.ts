import { Readable } from 'node:stream';
import type { TypedApp } from '../../http/types.ts';
import type { Services } from '../../app/services.ts';
import { readUpload } from '../../http/upload.ts';
import { allowed, requirePermission } from '../../core/access/check.ts';
import { idParams } from '../../contract/common.ts';
import {
  actionBody,
  actionParams,
  actionResult,
  attachmentFile,
  createTicketBody,
  listTicketsQuery,
  lookupQuery,
  ticketDetail,
  ticketList,
  uploadedAttachment,
} from '../../contract/ticket.ts';
import { presentTicket, presentUpload } from './ticket.presenter.ts';
import { presentTicketDetail } from './ticket.detail.presenter.ts';
import { scopeOf } from './ticket.snapshot.ts';
import { requireActor } from '../auth/actor.ts';

/** Thin routes: validate → service (authorizes first) → presenter. */
export function ticketRoutes(app: TypedApp, s: Services) {
  const tags = ['tickets'];
  app.post(
    '/tickets',
    {
      schema: {
        tags,
        summary: 'Record a new ticket (R-IN-3)',
        description: 'A retried submission (same `idempotencyKey`) answers 200 with the first.',
        body: createTicketBody,
        response: { 200: ticketDetail, 201: ticketDetail },
      },
      config: { permission: 'ticket.create' },
    },
    async (req, reply) => {
      const { ticket, created, eventId } = await s.tickets.create(req.actor, req.body);
      const actor = requireActor(req.actor);
      // A new ticket's detail is known without reading it back; a replayed one is read.
      const detail =
        created && eventId
          ? await s.tickets.freshDetail(actor, ticket, eventId, req.body)
          : await s.tickets.get(actor, ticket.id);
      return reply.status(created ? 201 : 200).send(presentTicketDetail(detail, actor));
    },
  );

  app.get(
    '/tickets',
    {
      schema: { tags, querystring: listTicketsQuery, response: { 200: ticketList } },
      config: { permission: 'ticket.read' },
    },
    async (req) => {
      const { total, items } = await s.tickets.list(req.actor, req.query);
      const actor = requireActor(req.actor);
      return { total, items: items.map((t) => presentTicket(t, actor)) };
    },
  );

  app.get(
    '/tickets/lookup',
    {
      schema: {
        tags,
        summary: 'Earlier tickets of a caller',
        querystring: lookupQuery,
        response: { 200: ticketList },
      },
      config: { permission: 'ticket.lookup' },
    },
    async (req) => {
      const { total, items } = await s.tickets.lookupCitizen(req.actor, req.query);
      const actor = requireActor(req.actor);
      return { total, items: items.map((t) => presentTicket(t, actor)) };
    },
  );

  app.get(
    '/tickets/:id',
    {
      schema: { tags, params: idParams, response: { 200: ticketDetail } },
      config: { permission: 'ticket.read' },
    },
    async (req) => {
      const detail = await s.tickets.get(req.actor, req.params.id);
      return presentTicketDetail(detail, requireActor(req.actor));
    },
  );

  app.post(
    '/tickets/:id/actions/:action',
    {
      schema: {
        tags,
        summary: 'Perform a state-machine action',
        params: actionParams,
        body: actionBody,
        response: { 200: actionResult },
      },
      config: { permission: 'ticket.act' },
    },
    async (req) => {
      const updated = await s.tickets.act(req.actor, req.params.id, req.params.action, req.body);
      const actor = requireActor(req.actor);
      // Transfer, return and sub-unit reply hand the ticket away: the action succeeded, so the
      // actor gets its result, without the timeline they may no longer read.
      if (!allowed(actor, 'ticket.read', scopeOf(updated))) return presentTicket(updated, actor);
      const detail = await s.tickets.get(actor, req.params.id);
      return presentTicketDetail(detail, actor);
    },
  );

  app.post(
    '/attachments',
    {
      schema: {
        tags,
        summary: 'Upload a file (multipart), then link it by id',
        consumes: ['multipart/form-data'],
        response: { 201: uploadedAttachment },
      },
      config: { permission: 'attachment.upload' },
    },
    async (req, reply) => {
      // Refused before the upload is read, not after.
      requirePermission(req.actor, 'attachment.upload');
      const file = await readUpload(req);
      const a = await s.tickets.upload(req.actor, {
        filename: file.filename,
        mimetype: file.mimetype,
        stream: Readable.from([file.data]),
      });
      return reply.status(201).send(presentUpload(a));
    },
  );

  app.get(
    '/attachments/:id',
    {
      schema: { tags, params: idParams, response: { 200: attachmentFile } },
      config: { permission: 'attachment.read' },
    },
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
