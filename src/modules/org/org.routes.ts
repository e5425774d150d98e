import { z } from 'zod';
import type { TypedApp } from '../../http/types.ts';
import type { Services } from '../../app/services.ts';
import {
  agencyBody,
  agencyPatch,
  delegationBody,
  fieldBody,
  fieldGroupBody,
  fieldPatch,
  scopeRuleBody,
  scopeRulePatch,
  scopeRulesQuery,
  tenantSettingsBody,
  userBody,
  userPatch,
} from './org.schema.ts';
import {
  presentAgency,
  presentField,
  presentGroup,
  presentOrgUnit,
  presentScopeRule,
  presentSettings,
  presentUser,
} from './org.presenter.ts';

const idParams = z.object({ id: z.uuid() });

export function orgRoutes(app: TypedApp, s: Services) {
  const tags = ['organisation'];
  app.get('/agencies', { schema: { tags } }, async (req) =>
    (await s.org.agencies(req.actor)).map(presentAgency),
  );
  app.post('/agencies', { schema: { tags, body: agencyBody } }, async (req, reply) =>
    reply.status(201).send(presentAgency(await s.org.createAgency(req.actor, req.body))),
  );
  app.patch(
    '/agencies/:id',
    { schema: { tags, params: idParams, body: agencyPatch } },
    async (req) => presentAgency(await s.org.updateAgency(req.actor, req.params.id, req.body)),
  );

  app.get('/fields', { schema: { tags } }, async (req) => {
    const { groups, fields } = await s.org.fields(req.actor);
    return { groups: groups.map(presentGroup), fields: fields.map(presentField) };
  });
  app.post('/fields', { schema: { tags, body: fieldBody } }, async (req, reply) =>
    reply.status(201).send(presentField(await s.org.createField(req.actor, req.body))),
  );
  app.patch('/fields/:id', { schema: { tags, params: idParams, body: fieldPatch } }, async (req) =>
    presentField(await s.org.updateField(req.actor, req.params.id, req.body)),
  );

  app.put(
    '/field-groups/:number',
    {
      schema: {
        tags,
        summary: 'Name a subject group (R-SC-1), creating it if needed',
        params: z.object({ number: z.coerce.number().int().min(1).max(9) }),
        body: fieldGroupBody,
      },
    },
    async (req) =>
      presentGroup(await s.org.upsertFieldGroup(req.actor, req.params.number, req.body)),
  );

  app.get('/scope-rules', { schema: { tags, querystring: scopeRulesQuery } }, async (req) =>
    (await s.org.scopeRules(req.actor, req.query.includeInactive === 'true')).map(presentScopeRule),
  );
  app.patch(
    '/scope-rules/:id',
    { schema: { tags, params: idParams, body: scopeRulePatch } },
    async (req) =>
      presentScopeRule(await s.org.updateScopeRule(req.actor, req.params.id, req.body)),
  );
  app.post('/scope-rules', { schema: { tags, body: scopeRuleBody } }, async (req, reply) =>
    reply.status(201).send(presentScopeRule(await s.org.createScopeRule(req.actor, req.body))),
  );
  app.post(
    '/scope-rules/screen',
    {
      schema: {
        tags,
        summary: 'Screen a text against out-of-scope rules (R-SC-3)',
        body: z.object({ text: z.string().max(20_000) }),
      },
    },
    async (req) => {
      const hit = await s.org.screen(req.actor, req.body.text);
      return { match: hit ? presentScopeRule(hit) : null };
    },
  );

  app.get(
    '/settings',
    { schema: { tags, summary: 'Deadline durations, ticket prefix' } },
    async (req) => presentSettings(await s.org.tenant(req.actor)),
  );
  app.patch('/settings', { schema: { tags, body: tenantSettingsBody } }, async (req) =>
    presentSettings(await s.org.updateTenantSettings(req.actor, req.body)),
  );

  app.get('/org-units', { schema: { tags } }, async (req) =>
    (await s.org.orgUnits(req.actor)).map(presentOrgUnit),
  );

  app.get('/users', { schema: { tags } }, async (req) =>
    (await s.org.users(req.actor)).map(presentUser),
  );
  app.post('/users', { schema: { tags, body: userBody } }, async (req, reply) =>
    reply.status(201).send(presentUser(await s.org.createUser(req.actor, req.body))),
  );
  app.patch('/users/:id', { schema: { tags, params: idParams, body: userPatch } }, async (req) =>
    presentUser(await s.org.updateUser(req.actor, req.params.id, req.body)),
  );
  app.post('/delegations', { schema: { tags, body: delegationBody } }, async (req, reply) => {
    const d = await s.org.delegate(req.actor, req.body);
    return reply.status(201).send({
      id: d.id,
      toUserId: d.to_user_id,
      startsAt: d.starts_at.toISOString(),
      endsAt: d.ends_at.toISOString(),
    });
  });
}
