import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import type { TypedApp } from '../../http/server.ts';
import { TemplateService } from './template.service.ts';
import { templateBody, templatePatch, templateQuery } from './template.schema.ts';
import { presentTemplate } from './template.presenter.ts';

const idParams = z.object({ id: z.uuid() });

/** Reply templates and acknowledgement texts (R-CH-11) under /api/v1/templates. */
export function templateRoutes(app: TypedApp, ctx: AppContext, service = new TemplateService(ctx)) {
  const tags = ['templates'];
  app.get('/templates', { schema: { tags, querystring: templateQuery } }, async (req) =>
    (await service.list(req.actor, req.query.kind)).map(presentTemplate),
  );
  app.post('/templates', { schema: { tags, body: templateBody } }, async (req, reply) =>
    reply.status(201).send(presentTemplate(await service.create(req.actor, req.body))),
  );
  app.patch(
    '/templates/:id',
    { schema: { tags, params: idParams, body: templatePatch } },
    async (req) => presentTemplate(await service.update(req.actor, req.params.id, req.body)),
  );
}
