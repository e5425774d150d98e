import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TypedApp } from '../../http/types.ts';
import type { KbService } from './kb.service.ts';
import { idParams } from '../../contract/common.ts';
import {
  articleBody,
  articlePatch,
  importFile,
  kbArticle,
  kbArticleList,
  kbArticleSummary,
  kbImportQuery,
  kbImportResult,
  kbListQuery,
  kbReindexResult,
  kbReviewDueQuery,
  kbSearchQuery,
  kbSearchResult,
  kbTransitionBody,
  kbVersion,
} from '../../contract/kb.ts';
import { ACTION_PERMISSION } from '../../core/kb/review.ts';
import {
  presentArticle,
  presentArticleSummary,
  presentSearch,
  presentVersion,
} from './kb.presenter.ts';

/** Import files may be large: up to 5000 articles. */
const IMPORT_BODY_LIMIT = 25 * 1024 * 1024;

/**
 * Knowledge base (R-KB) under /api/v1/kb. Registered in a child scope of its own so the CSV
 * body parser it adds stays here.
 */
export function kbRoutes(app: TypedApp, service: KbService) {
  app.register(async (scope) => {
    const api = scope.withTypeProvider<ZodTypeProvider>();
    api.addContentTypeParser(
      ['text/csv', 'application/csv'],
      { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT },
      (_req, body, done) => done(null, body),
    );
    const tags = ['knowledge base'];
    const today = () => service.today();

    api.get(
      '/kb/search',
      {
        schema: {
          tags,
          summary: 'Search published articles (diacritics, tone placement, typos, synonyms)',
          querystring: kbSearchQuery,
          response: { 200: kbSearchResult },
        },
        config: { permission: 'kb.read' },
      },
      async (req) => presentSearch(await service.search(req.actor, req.query), today()),
    );

    api.get(
      '/kb/articles',
      {
        schema: { tags, querystring: kbListQuery, response: { 200: kbArticleList } },
        config: { permission: 'kb.read' },
      },
      async (req) => {
        const { total, items } = await service.list(req.actor, req.query);
        const t = today();
        return { total, items: items.map((a) => presentArticleSummary(a, t)) };
      },
    );

    api.get(
      '/kb/articles/:id',
      {
        schema: { tags, params: idParams, response: { 200: kbArticle } },
        config: { permission: 'kb.read' },
      },
      async (req) => {
        const { row, pending, canEdit } = await service.get(req.actor, req.params.id);
        return presentArticle(row, today(), { pending, canEdit });
      },
    );

    api.post(
      '/kb/articles',
      {
        schema: { tags, body: articleBody, response: { 201: kbArticle } },
        config: { permission: 'kb.edit' },
      },
      async (req, reply) =>
        reply
          .status(201)
          .send(
            presentArticle(await service.create(req.actor, req.body), today(), { canEdit: true }),
          ),
    );

    api.patch(
      '/kb/articles/:id',
      {
        schema: {
          tags,
          summary: 'Edit (saves a new version)',
          params: idParams,
          body: articlePatch,
          response: { 200: kbArticle },
        },
        config: { permission: ACTION_PERMISSION.edit },
      },
      async (req) => {
        await service.update(req.actor, req.params.id, req.body);
        const { row, pending, canEdit } = await service.get(req.actor, req.params.id);
        return presentArticle(row, today(), { pending, canEdit });
      },
    );

    for (const action of ['submit', 'publish', 'archive'] as const) {
      api.post(
        `/kb/articles/:id/${action}`,
        {
          schema: { tags, params: idParams, body: kbTransitionBody, response: { 200: kbArticle } },
          config: { permission: ACTION_PERMISSION[action] },
        },
        async (req) => {
          const note = req.body?.note;
          const row = await service[action](req.actor, req.params.id, note);
          return presentArticle(row, today(), { canEdit: true });
        },
      );
    }

    api.get(
      '/kb/articles/:id/versions',
      {
        schema: { tags, params: idParams, response: { 200: kbVersion.array() } },
        config: { permission: 'kb.read' },
      },
      async (req) => (await service.versions(req.actor, req.params.id)).map(presentVersion),
    );

    api.get(
      '/kb/review-due',
      {
        schema: {
          tags,
          summary: 'Published articles past their review date or expired',
          querystring: kbReviewDueQuery,
          response: { 200: kbArticleSummary.array() },
        },
        config: { permission: 'kb.review_due' },
      },
      async (req) => {
        const t = today();
        return (await service.reviewDue(req.actor, req.query)).map((a) =>
          presentArticleSummary(a, t),
        );
      },
    );

    api.post(
      '/kb/import',
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags,
          summary: 'Import articles: JSON array or text/csv, all or nothing (docs/kb-import.md)',
          querystring: kbImportQuery,
          body: importFile,
          response: { 201: kbImportResult },
        },
        config: { permission: ACTION_PERMISSION.import },
      },
      async (req, reply) => {
        const publish = req.query.publish === 'true' || req.query.publish === '1';
        const articles = await service.import(
          req.actor,
          { body: req.body, contentType: String(req.headers['content-type'] ?? '') },
          { publish },
        );
        return reply.status(201).send({
          created: articles.filter((a) => a.action === 'created').length,
          updated: articles.filter((a) => a.action === 'updated').length,
          articles,
        });
      },
    );

    api.post(
      '/kb/reindex',
      {
        schema: {
          tags,
          summary: 'Re-index articles after a normaliser change',
          response: { 200: kbReindexResult },
        },
        config: { permission: 'kb.import' },
      },
      async (req) => service.reindex(req.actor),
    );
  });
}
