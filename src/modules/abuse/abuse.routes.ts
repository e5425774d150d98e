import type { TypedApp } from '../../http/types.ts';
import { requireActor } from '../auth/actor.ts';
import type { AbuseService } from './abuse.service.ts';
import type { ChallengeService } from './challenge.service.ts';
import { presentBlock, presentEvent } from './abuse.presenter.ts';
import {
  blockBody,
  blockPatch,
  eventsQuery,
  idParams,
  wordBody,
  wordQuery,
} from './abuse.schema.ts';

/** Abuse controls under /api/v1/abuse (supervisors, administrators) and the public challenge. */
export function abuseRoutes(app: TypedApp, abuse: AbuseService, challenges: ChallengeService) {
  const tags = ['abuse'];
  app.get('/abuse/blocklist', { schema: { tags } }, async (req) => ({
    items: (await abuse.blocks(req.actor)).map(presentBlock),
  }));
  app.post(
    '/abuse/blocklist',
    {
      schema: {
        tags,
        summary: 'Block a phone number, email, @domain or address range',
        body: blockBody,
      },
    },
    async (req, reply) =>
      reply.status(201).send(presentBlock(await abuse.createBlock(req.actor, req.body))),
  );
  app.patch(
    '/abuse/blocklist/:id',
    { schema: { tags, params: idParams, body: blockPatch } },
    async (req) => presentBlock(await abuse.updateBlock(req.actor, req.params.id, req.body)),
  );
  app.delete('/abuse/blocklist/:id', { schema: { tags, params: idParams } }, async (req) =>
    presentBlock(await abuse.deleteBlock(req.actor, req.params.id)),
  );

  app.get(
    '/abuse/words',
    { schema: { tags, summary: 'The effective word list' } },
    async (req) => ({
      items: await abuse.words(req.actor),
    }),
  );
  app.post(
    '/abuse/words',
    { schema: { tags, summary: 'Add a term, or change or switch off one', body: wordBody } },
    async (req) => abuse.setWord(req.actor, req.body),
  );
  app.delete(
    '/abuse/words',
    {
      schema: {
        tags,
        summary: 'Remove an added term (a built-in one returns to its default)',
        querystring: wordQuery,
      },
    },
    async (req, reply) => {
      await abuse.deleteWord(req.actor, req.query.term);
      return reply.status(204).send();
    },
  );

  app.get(
    '/abuse/events',
    {
      schema: {
        tags,
        summary: 'Flagged, blocked and rate-limited attempts',
        querystring: eventsQuery,
      },
    },
    async (req) => {
      const { total, items } = await abuse.events(req.actor, req.query);
      const actor = requireActor(req.actor);
      return { total, items: items.map((e) => presentEvent(e, actor)) };
    },
  );

  app.get(
    '/public/challenge',
    {
      schema: { tags, summary: 'A proof-of-work challenge for anonymous public forms' },
      config: { public: true },
    },
    async (req, reply) => {
      const { token, claims } = await challenges.issue(req.ip);
      return reply.header('cache-control', 'no-store').send({
        token,
        algorithm: 'sha256',
        bits: claims.bits,
        expiresAt: new Date(claims.expiresAt).toISOString(),
        // What the form must find: a solution s such that sha256(token + ':' + s) starts with
        // `bits` zero bits (src/core/abuse/challenge.ts has the solver the form runs).
        input: `${token}:<solution>`,
      });
    },
  );
}
