import type { TypedApp } from '../../http/types.ts';
import type { OrgService } from './org.service.ts';
import { idParams } from '../../contract/common.ts';
import {
  agency,
  agencyBody,
  agencyPatch,
  delegation,
  delegationBody,
  field,
  fieldBody,
  fieldGroup,
  fieldGroupBody,
  fieldGroupParams,
  fieldList,
  fieldPatch,
  orgUnit,
  scopeRule,
  scopeRuleBody,
  scopeRulePatch,
  scopeRulesQuery,
  screenBody,
  screenResult,
  settings,
  settingsPatch,
  user,
  userBody,
  userPatch,
} from '../../contract/org.ts';
import {
  presentAgency,
  presentDelegation,
  presentField,
  presentGroup,
  presentOrgUnit,
  presentScopeRule,
  presentSettings,
  presentUser,
} from './org.presenter.ts';

/**
 * The organisation under /api/v1: agencies, subject groups and fields, out-of-scope rules,
 * settings, administrative units, staff accounts and delegations.
 */
export function orgRoutes(app: TypedApp, org: OrgService) {
  const tags = ['organisation'];
  app.get(
    '/agencies',
    { schema: { tags, response: { 200: agency.array() } }, config: { permission: 'org.read' } },
    async (req) => (await org.agencies(req.actor)).map(presentAgency),
  );
  app.post(
    '/agencies',
    {
      schema: { tags, body: agencyBody, response: { 201: agency } },
      config: { permission: 'org.manage' },
    },
    async (req, reply) =>
      reply.status(201).send(presentAgency(await org.createAgency(req.actor, req.body))),
  );
  app.patch(
    '/agencies/:id',
    {
      schema: { tags, params: idParams, body: agencyPatch, response: { 200: agency } },
      config: { permission: 'org.manage' },
    },
    async (req) => presentAgency(await org.updateAgency(req.actor, req.params.id, req.body)),
  );

  app.get(
    '/fields',
    { schema: { tags, response: { 200: fieldList } }, config: { permission: 'org.read' } },
    async (req) => {
      const { groups, fields } = await org.fields(req.actor);
      return { groups: groups.map(presentGroup), fields: fields.map(presentField) };
    },
  );
  app.post(
    '/fields',
    {
      schema: { tags, body: fieldBody, response: { 201: field } },
      config: { permission: 'org.manage' },
    },
    async (req, reply) =>
      reply.status(201).send(presentField(await org.createField(req.actor, req.body))),
  );
  app.patch(
    '/fields/:id',
    {
      schema: { tags, params: idParams, body: fieldPatch, response: { 200: field } },
      config: { permission: 'org.manage' },
    },
    async (req) => presentField(await org.updateField(req.actor, req.params.id, req.body)),
  );

  app.put(
    '/field-groups/:number',
    {
      schema: {
        tags,
        summary: 'Name a subject group (R-SC-1), creating it if needed',
        params: fieldGroupParams,
        body: fieldGroupBody,
        response: { 200: fieldGroup },
      },
      config: { permission: 'org.manage' },
    },
    async (req) => presentGroup(await org.upsertFieldGroup(req.actor, req.params.number, req.body)),
  );

  app.get(
    '/scope-rules',
    {
      schema: { tags, querystring: scopeRulesQuery, response: { 200: scopeRule.array() } },
      config: { permission: 'org.read' },
    },
    async (req) =>
      (await org.scopeRules(req.actor, req.query.includeInactive === 'true')).map(presentScopeRule),
  );
  app.patch(
    '/scope-rules/:id',
    {
      schema: { tags, params: idParams, body: scopeRulePatch, response: { 200: scopeRule } },
      config: { permission: 'org.manage' },
    },
    async (req) => presentScopeRule(await org.updateScopeRule(req.actor, req.params.id, req.body)),
  );
  app.post(
    '/scope-rules',
    {
      schema: { tags, body: scopeRuleBody, response: { 201: scopeRule } },
      config: { permission: 'org.manage' },
    },
    async (req, reply) =>
      reply.status(201).send(presentScopeRule(await org.createScopeRule(req.actor, req.body))),
  );
  app.post(
    '/scope-rules/screen',
    {
      schema: {
        tags,
        summary: 'Screen a text against out-of-scope rules (R-SC-3)',
        body: screenBody,
        response: { 200: screenResult },
      },
      config: { permission: 'scope_rule.screen' },
    },
    async (req) => {
      const hit = await org.screen(req.actor, req.body.text);
      return { match: hit ? presentScopeRule(hit) : null };
    },
  );

  app.get(
    '/settings',
    {
      schema: {
        tags,
        summary: 'Deadline durations, ticket prefix',
        response: { 200: settings },
      },
      config: { permission: 'org.read' },
    },
    async (req) => presentSettings(await org.tenant(req.actor)),
  );
  app.patch(
    '/settings',
    {
      schema: { tags, body: settingsPatch, response: { 200: settings } },
      config: { permission: 'org.manage' },
    },
    async (req) => presentSettings(await org.updateTenantSettings(req.actor, req.body)),
  );

  app.get(
    '/org-units',
    { schema: { tags, response: { 200: orgUnit.array() } }, config: { permission: 'org.read' } },
    async (req) => (await org.orgUnits(req.actor)).map(presentOrgUnit),
  );

  app.get(
    '/users',
    { schema: { tags, response: { 200: user.array() } }, config: { permission: 'user.list' } },
    async (req) => (await org.users(req.actor)).map(presentUser),
  );
  app.post(
    '/users',
    {
      schema: { tags, body: userBody, response: { 201: user } },
      config: { permission: 'user.manage' },
    },
    async (req, reply) =>
      reply.status(201).send(presentUser(await org.createUser(req.actor, req.body))),
  );
  app.patch(
    '/users/:id',
    {
      schema: { tags, params: idParams, body: userPatch, response: { 200: user } },
      config: { permission: 'user.manage' },
    },
    async (req) => presentUser(await org.updateUser(req.actor, req.params.id, req.body)),
  );
  app.post(
    '/delegations',
    {
      schema: { tags, body: delegationBody, response: { 201: delegation } },
      config: { permission: 'delegation.create' },
    },
    async (req, reply) =>
      reply.status(201).send(presentDelegation(await org.delegate(req.actor, req.body))),
  );
}
