import type { TypedApp } from '../../http/types.ts';
import type { AbuseService } from './abuse.service.ts';
import type { ChallengeService } from './challenge.service.ts';
import { presentBlock, presentChallenge, presentEvent } from './abuse.presenter.ts';
import { idParams, noContent } from '../../contract/common.ts';
import {
  abuseBlock,
  abuseBlockList,
  abuseEventPage,
  abuseWord,
  abuseWordList,
  blockBody,
  blockPatch,
  eventsQuery,
  publicChallenge,
  wordBody,
  wordQuery,
} from '../../contract/abuse.ts';

/** Abuse controls under /api/v1/abuse (supervisors, administrators) and the public challenge. */
export function abuseRoutes(app: TypedApp, abuse: AbuseService, challenges: ChallengeService) {
  const tags = ['abuse'];
  const manage = { permission: 'abuse.manage' } as const;
  app.get(
    '/abuse/blocklist',
    { schema: { tags, response: { 200: abuseBlockList } }, config: manage },
    async (req) => ({ items: (await abuse.blocks(req.actor)).map(presentBlock) }),
  );
  app.post(
    '/abuse/blocklist',
    {
      schema: {
        tags,
        summary: 'Block a phone number, email, @domain or address range',
        body: blockBody,
        response: { 201: abuseBlock },
      },
      config: manage,
    },
    async (req, reply) =>
      reply.status(201).send(presentBlock(await abuse.createBlock(req.actor, req.body))),
  );
  app.patch(
    '/abuse/blocklist/:id',
    {
      schema: { tags, params: idParams, body: blockPatch, response: { 200: abuseBlock } },
      config: manage,
    },
    async (req) => presentBlock(await abuse.updateBlock(req.actor, req.params.id, req.body)),
  );
  app.delete(
    '/abuse/blocklist/:id',
    { schema: { tags, params: idParams, response: { 200: abuseBlock } }, config: manage },
    async (req) => presentBlock(await abuse.deleteBlock(req.actor, req.params.id)),
  );

  app.get(
    '/abuse/words',
    {
      schema: { tags, summary: 'The effective word list', response: { 200: abuseWordList } },
      config: manage,
    },
    async (req) => ({ items: await abuse.words(req.actor) }),
  );
  app.post(
    '/abuse/words',
    {
      schema: {
        tags,
        summary: 'Add a term, or change or switch off one',
        body: wordBody,
        response: { 200: abuseWord },
      },
      config: manage,
    },
    async (req) => abuse.setWord(req.actor, req.body),
  );
  app.delete(
    '/abuse/words',
    {
      schema: {
        tags,
        summary: 'Remove an added term (a built-in one returns to its default)',
        querystring: wordQuery,
        response: { 204: noContent },
      },
      config: manage,
    },
    async (req, reply) => {
      await abuse.deleteWord(req.actor, req.query.term);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/abuse/events',
    {
      schema: {
        tags,
        summary: 'Flagged, blocked and rate-limited attempts',
        querystring: eventsQuery,
        response: { 200: abuseEventPage },
      },
      config: manage,
    },
    async (req) => {
      const { total, items, masked } = await abuse.events(req.actor, req.query);
      return { total, items: items.map((e) => presentEvent(e, masked)) };
    },
  );

  app.get(
    '/public/challenge',
    {
      schema: {
        tags,
        summary: 'A proof-of-work challenge for anonymous public forms',
        response: { 200: publicChallenge },
      },
      config: { permission: 'public' },
    },
    async (req, reply) => {
      const { token, claims } = await challenges.issue(req.ip);
      return reply.header('cache-control', 'no-store').send(presentChallenge(token, claims));
    },
  );
}
