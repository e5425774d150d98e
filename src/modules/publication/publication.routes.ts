import type { TypedApp } from '../../http/types.ts';
import {
  presentDraft,
  presentPublication,
  presentPublicationItem,
} from './publication.presenter.ts';
import { publicationQuery, publishBody, ticketParams } from './publication.schema.ts';
import { PublicationService } from './publication.service.ts';

/** The publication workflow under /api/v1/publications (R-PUB-1/2). */
export function publicationRoutes(app: TypedApp, service: PublicationService) {
  const tags = ['publications'];
  app.get('/publications', { schema: { tags, querystring: publicationQuery } }, async (req) =>
    (await service.list(req.actor, req.query)).map(presentPublicationItem),
  );
  app.get('/publications/:ticketId', { schema: { tags, params: ticketParams } }, async (req) =>
    presentDraft(await service.draft(req.actor, req.params.ticketId)),
  );
  app.put(
    '/publications/:ticketId',
    { schema: { tags, params: ticketParams, body: publishBody } },
    async (req) =>
      presentPublication(await service.publish(req.actor, req.params.ticketId, req.body)),
  );
  app.delete('/publications/:ticketId', { schema: { tags, params: ticketParams } }, async (req) =>
    presentPublication(await service.unpublish(req.actor, req.params.ticketId)),
  );
}
