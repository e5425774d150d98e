import { createReadStream } from 'node:fs';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../http/types.ts';
import {
  createFlowBody,
  flowParams,
  previewQuery,
  promptParams,
  updateFlowBody,
} from './flows.schema.ts';
import { FlowsService, MAX_RECORDING_BYTES } from './flows.service.ts';

/** IVR flows as administrators configure them (R-TEL-2), under /api/v1. */
export function flowsRoutes(app: TypedApp, service: FlowsService) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['telephony'];
  api.get('/ivr/flows', { schema: { tags, summary: 'IVR flows' } }, async (req) => ({
    items: await service.list(req.actor),
  }));
  api.get(
    '/ivr/flows/:id',
    { schema: { tags, summary: 'An IVR flow with its prompts and warnings', params: flowParams } },
    async (req) => service.get(req.actor, req.params.id),
  );
  api.post(
    '/ivr/flows',
    {
      schema: {
        tags,
        summary: 'Create an IVR flow (validated; every prompt rendered before it is saved)',
        body: createFlowBody,
      },
    },
    async (req, reply) => reply.code(201).send(await service.create(req.actor, req.body)),
  );
  api.put(
    '/ivr/flows/:id',
    {
      schema: {
        tags,
        summary: 'Change an IVR flow (409 when `version` is not the current one)',
        params: flowParams,
        body: updateFlowBody,
      },
    },
    async (req) => service.update(req.actor, req.params.id, req.body),
  );
  api.delete(
    '/ivr/flows/:id',
    { schema: { tags, summary: 'Delete an IVR flow', params: flowParams } },
    async (req, reply) => {
      await service.remove(req.actor, req.params.id);
      return reply.code(204).send();
    },
  );
  api.delete(
    '/ivr/flows/:id/prompts/:key',
    {
      schema: {
        tags,
        summary: "Remove a prompt's recording (back to synthesised speech)",
        params: promptParams,
      },
    },
    async (req, reply) => {
      await service.deletePrompt(req.actor, req.params.id, req.params.key);
      return reply.code(204).send();
    },
  );
  api.get(
    '/ivr/preview',
    {
      schema: {
        tags,
        summary: 'A text as callers will hear it (8 kHz speech as 16-bit WAV)',
        querystring: previewQuery,
      },
    },
    async (req, reply) => {
      const file = await service.preview(req.actor, req.query);
      return reply
        .type('audio/wav')
        .header('cache-control', 'private, max-age=3600')
        .send(createReadStream(file));
    },
  );
  // The recording arrives as the request body (any audio type), not as JSON or a form: its own
  // plugin keeps that body parser to this one route.
  void api.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_RECORDING_BYTES },
      (_req, body, done) => done(null, body),
    );
    raw.withTypeProvider<ZodTypeProvider>().put(
      '/ivr/flows/:id/prompts/:key',
      {
        schema: {
          tags,
          summary: 'Upload a recording for a prompt (the body is the audio: WAV, MP3, OGG, FLAC)',
          params: promptParams,
        },
      },
      async (req) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        return service.putPrompt(
          req.actor,
          req.params.id,
          req.params.key,
          body,
          req.headers['content-type'],
        );
      },
    );
  });
}
