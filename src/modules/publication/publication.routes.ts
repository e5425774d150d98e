import type { TypedApp } from '../../http/types.ts';
import {
  publication,
  publicationDraft,
  publicationItem,
  publicationParams,
  publicationQuery,
  publishBody,
} from '../../contract/publication.ts';
import {
  presentDraft,
  presentPublication,
  presentPublicationItem,
} from './publication.presenter.ts';
import type { PublicationService } from './publication.service.ts';

/** The publication workflow under /api/v1/publications (R-PUB-1/2). */
export function publicationRoutes(app: TypedApp, service: PublicationService) {
  const tags = ['publications'];
  const config = { permission: 'publication.manage' } as const;
  app.get(
    '/publications',
    {
      schema: { tags, querystring: publicationQuery, response: { 200: publicationItem.array() } },
      config,
    },
    async (req) => (await service.list(req.actor, req.query)).map(presentPublicationItem),
  );
  app.get(
    '/publications/:ticketId',
    { schema: { tags, params: publicationParams, response: { 200: publicationDraft } }, config },
    async (req) => presentDraft(await service.draft(req.actor, req.params.ticketId)),
  );
  app.put(
    '/publications/:ticketId',
    {
      schema: {
        tags,
        summary: 'Publish the approved texts (again: replaces them)',
        params: publicationParams,
        body: publishBody,
        response: { 200: publication },
      },
      config,
    },
    async (req) =>
      presentPublication(await service.publish(req.actor, req.params.ticketId, req.body)),
  );
  app.delete(
    '/publications/:ticketId',
    {
      schema: {
        tags,
        summary: 'Withdraw from the citizens’ site',
        params: publicationParams,
        response: { 200: publication },
      },
      config,
    },
    async (req) => presentPublication(await service.unpublish(req.actor, req.params.ticketId)),
  );
}
