import { createReadStream } from 'node:fs';
import type { TypedApp } from '../../http/types.ts';
import { noContent } from '../../contract/common.ts';
import { wavFile } from '../../contract/calls.ts';
import {
  flowBody,
  flowParams,
  flowUpdateBody,
  ivrFlowDetail,
  ivrFlowList,
  previewQuery,
  promptParams,
} from '../../contract/ivr.ts';
import { presentFlow, presentFlowSummary } from './flows.presenter.ts';
import { MAX_RECORDING_BYTES, type FlowsService } from './flows.service.ts';

/** IVR flows as administrators configure them (R-TEL-2), under /api/v1. */
export function flowsRoutes(app: TypedApp, service: FlowsService) {
  const tags = ['telephony'];
  app.get(
    '/ivr/flows',
    {
      schema: { tags, summary: 'IVR flows', response: { 200: ivrFlowList } },
      config: { permission: 'ivr.read' },
    },
    async (req) => ({ items: (await service.list(req.actor)).map(presentFlowSummary) }),
  );
  app.get(
    '/ivr/flows/:id',
    {
      schema: {
        tags,
        summary: 'An IVR flow with its prompts and warnings',
        params: flowParams,
        response: { 200: ivrFlowDetail },
      },
      config: { permission: 'ivr.read' },
    },
    async (req) => presentFlow(await service.get(req.actor, req.params.id)),
  );
  app.post(
    '/ivr/flows',
    {
      schema: {
        tags,
        summary: 'Create an IVR flow (validated; every prompt rendered before it is saved)',
        body: flowBody,
        response: { 201: ivrFlowDetail },
      },
      config: { permission: 'ivr.manage' },
    },
    async (req, reply) =>
      reply.code(201).send(presentFlow(await service.create(req.actor, req.body))),
  );
  app.put(
    '/ivr/flows/:id',
    {
      schema: {
        tags,
        summary: 'Change an IVR flow (409 when `version` is not the current one)',
        params: flowParams,
        body: flowUpdateBody,
        response: { 200: ivrFlowDetail },
      },
      config: { permission: 'ivr.manage' },
    },
    async (req) => presentFlow(await service.update(req.actor, req.params.id, req.body)),
  );
  app.delete(
    '/ivr/flows/:id',
    {
      schema: {
        tags,
        summary: 'Delete an IVR flow',
        params: flowParams,
        response: { 204: noContent },
      },
      config: { permission: 'ivr.manage' },
    },
    async (req, reply) => {
      await service.remove(req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
  app.delete(
    '/ivr/flows/:id/prompts/:key',
    {
      schema: {
        tags,
        summary: "Remove a prompt's recording (back to synthesised speech)",
        params: promptParams,
        response: { 204: noContent },
      },
      config: { permission: 'ivr.manage' },
    },
    async (req, reply) => {
      await service.deletePrompt(req.actor, req.params.id, req.params.key);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/ivr/preview',
    {
      schema: {
        tags,
        summary: 'A text as callers will hear it (8 kHz speech as 16-bit WAV)',
        querystring: previewQuery,
        response: { 200: wavFile },
      },
      config: { permission: 'ivr.read' },
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
  void app.register(async (raw: TypedApp) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_RECORDING_BYTES },
      (_req, body, done) => done(null, body),
    );
    raw.put(
      '/ivr/flows/:id/prompts/:key',
      {
        schema: {
          tags,
          summary: 'Upload a recording for a prompt (the body is the audio: WAV, MP3, OGG, FLAC)',
          params: promptParams,
          response: { 200: ivrFlowDetail },
        },
        config: { permission: 'ivr.manage' },
      },
      async (req) => {
        const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
        const view = await service.putPrompt(
          req.actor,
          req.params.id,
          req.params.key,
          body,
          req.headers['content-type'],
        );
        return presentFlow(view);
      },
    );
  });
}
