import type { TypedApp } from '../../http/types.ts';
import type { TemplateService } from './template.service.ts';
import { idParams } from '../../contract/common.ts';
import {
  messageTemplate,
  templateBody,
  templatePatch,
  templateQuery,
} from '../../contract/template.ts';
import { presentTemplate } from './template.presenter.ts';

/** Reply templates and acknowledgement texts (R-CH-11) under /api/v1/templates. */
export function templateRoutes(app: TypedApp, service: TemplateService) {
  const tags = ['templates'];
  app.get(
    '/templates',
    {
      schema: { tags, querystring: templateQuery, response: { 200: messageTemplate.array() } },
      config: { permission: 'template.read' },
    },
    async (req) => (await service.list(req.actor, req.query.kind)).map(presentTemplate),
  );
  app.post(
    '/templates',
    {
      schema: { tags, body: templateBody, response: { 201: messageTemplate } },
      config: { permission: 'template.manage' },
    },
    async (req, reply) =>
      reply.status(201).send(presentTemplate(await service.create(req.actor, req.body))),
  );
  app.patch(
    '/templates/:id',
    {
      schema: { tags, params: idParams, body: templatePatch, response: { 200: messageTemplate } },
      config: { permission: 'template.manage' },
    },
    async (req) => presentTemplate(await service.update(req.actor, req.params.id, req.body)),
  );
}
