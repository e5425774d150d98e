import type { Q } from '../../db/helpers.ts';
import type { RequestRow, ServiceRow } from './open311.presenter.ts';
import type { PublicStatus } from './open311.input.ts';
import { CLOSED_STATUSES } from './open311.presenter.ts';

export interface RequestFilter {
  tenantId: string;
  codes?: string[];
  serviceCodes?: string[];
  from?: Date;
  to?: Date;
  statuses?: PublicStatus[];
  limit: number;
  offset: number;
}

/** SQL of the Open311 channel: jurisdictions, services, keys, submissions, public requests. */
export const open311Repository = {
  tenants(q: Q) {
    return q
      .selectFrom('tenant')
      .select(['id', 'code', 'name', 'settings', 'created_at'])
      .orderBy('created_at')
      .execute();
  },

  services(q: Q, tenantId: string): Promise<ServiceRow[]> {
    return q
      .selectFrom('field as f')
      .innerJoin('field_group as g', 'g.id', 'f.group_id')
      .select([
        'f.code',
        'f.name',
        'f.name_en',
        'g.number as group_number',
        'g.name as group_name',
        'g.name_en as group_name_en',
      ])
      .where('f.tenant_id', '=', tenantId)
      .where('f.active', '=', true)
      .orderBy('g.number')
      .orderBy('f.code')
      .execute();
  },

  field(q: Q, tenantId: string, code: string) {
    return q
      .selectFrom('field')
      .select(['id', 'code', 'name', 'name_en'])
      .where('tenant_id', '=', tenantId)
      .where('code', '=', code)
      .where('active', '=', true)
      .executeTakeFirst();
  },

  /** When the service list last changed: the newest audited field change, or the tenant. */
  async changeset(q: Q, tenantId: string | null): Promise<Date | null> {
    const r = await q
      .selectFrom('tenant as t')
      .select((eb) => [
        eb.fn.max('t.created_at').as('created'),
        eb
          .selectFrom('audit_log as a')
          .select((sub) => sub.fn.max('a.at').as('at'))
          .where('a.entity_type', 'in', ['field', 'field_group'])
          .$if(tenantId !== null, (q) => q.where('a.tenant_id', '=', tenantId!))
          .as('changed'),
      ])
      .$if(tenantId !== null, (q) => q.where('t.id', '=', tenantId!))
      .executeTakeFirst();
    const dates = [r?.created, r?.changed].filter((d): d is Date => d instanceof Date);
    return dates.length ? new Date(Math.max(...dates.map((d) => d.getTime()))) : null;
  },

  // ------------------------------------------------------------------------ keys

  keyByHash(q: Q, hash: string) {
    return q
      .selectFrom('open311_api_key')
      .selectAll()
      .where('key_hash', '=', hash)
      .executeTakeFirst();
  },

  async touchKey(q: Q, id: string, at: Date) {
    await q.updateTable('open311_api_key').set({ last_used_at: at }).where('id', '=', id).execute();
  },

  insertKey(
    q: Q,
    v: {
      tenantId: string;
      name: string;
      hash: string;
      prefix: string;
      hourlyLimit: number;
      createdBy: string | null;
      at: Date;
    },
  ) {
    return q
      .insertInto('open311_api_key')
      .values({
        tenant_id: v.tenantId,
        name: v.name,
        key_hash: v.hash,
        key_prefix: v.prefix,
        hourly_limit: v.hourlyLimit,
        created_by: v.createdBy,
        created_at: v.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  },

  keys(q: Q, tenantId: string) {
    return q
      .selectFrom('open311_api_key')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .orderBy('created_at', 'desc')
      .execute();
  },

  revokeKey(q: Q, tenantId: string, id: string, by: string, at: Date) {
    return q
      .updateTable('open311_api_key')
      .set({ revoked_at: at, revoked_by: by })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  },

  // ------------------------------------------------------------------------ submissions

  insertSubmission(
    q: Q,
    v: {
      tenantId: string;
      token: string;
      apiKeyId: string;
      serviceCode: string;
      description: string | null;
      addressString: string | null;
      addressId: string | null;
      latitude: number | null;
      longitude: number | null;
      mediaUrl: string | null;
      deviceId: string | null;
      accountId: string | null;
      attributes: Record<string, string[]>;
      clientIp: string;
      pendingBody: Record<string, unknown>;
      at: Date;
    },
  ) {
    return q
      .insertInto('open311_request')
      .values({
        tenant_id: v.tenantId,
        token: v.token,
        api_key_id: v.apiKeyId,
        service_code: v.serviceCode,
        description: v.description,
        address_string: v.addressString,
        address_id: v.addressId,
        latitude: v.latitude,
        longitude: v.longitude,
        media_url: v.mediaUrl,
        device_id: v.deviceId,
        account_id: v.accountId,
        attributes: JSON.stringify(v.attributes),
        client_ip: v.clientIp,
        pending_body: JSON.stringify(v.pendingBody),
        created_at: v.at,
      })
      .returning(['id', 'token'])
      .executeTakeFirstOrThrow();
  },

  /** Links a submission to its ticket and drops the copy of the ticket body. */
  async completeSubmission(q: Q, id: string, ticketId: string) {
    await q
      .updateTable('open311_request')
      .set({ ticket_id: ticketId, pending_body: null })
      .where('id', '=', id)
      .where('ticket_id', 'is', null)
      .execute();
  },

  async deleteSubmission(q: Q, id: string) {
    await q
      .deleteFrom('open311_request')
      .where('id', '=', id)
      .where('ticket_id', 'is', null)
      .execute();
  },

  submissionByToken(q: Q, token: string) {
    return q
      .selectFrom('open311_request as o')
      .leftJoin('ticket as t', 't.id', 'o.ticket_id')
      .select(['o.id', 'o.tenant_id', 'o.token', 'o.pending_body', 't.code'])
      .where('o.token', '=', token)
      .executeTakeFirst();
  },

  // ------------------------------------------------------------------------ public requests

  /** Tickets as public requests, newest first. */
  requests(q: Q, f: RequestFilter): Promise<RequestRow[]> {
    let s = q
      .selectFrom('ticket as t')
      .leftJoin('field as f', 'f.id', 't.field_id')
      .leftJoin('agency as a', 'a.id', 't.agency_id')
      .leftJoin('org_unit as u', 'u.id', 't.org_unit_id')
      .leftJoin('open311_request as o', 'o.ticket_id', 't.id')
      .leftJoin('ticket_flag as tf', 'tf.ticket_id', 't.id')
      .select([
        't.code',
        't.status',
        't.escalation',
        't.content',
        't.confidential',
        't.latitude',
        't.longitude',
        't.created_at',
        't.updated_at',
        't.answered_at',
        't.closed_at',
        't.answer',
        't.reject_reason',
        't.reject_guidance',
        't.citizen_name',
        't.citizen_phone',
        't.citizen_email',
        't.citizen_address',
        'f.code as service_code',
        'f.name as field_name',
        'f.name_en as field_name_en',
        'a.name as agency_name',
        'a.name_en as agency_name_en',
        'u.name as unit_name',
        'o.description as o_description',
        'o.address_string',
        'o.address_id',
        'o.media_url',
      ])
      .select((eb) => eb('tf.ticket_id', 'is not', null).as('flagged'))
      .select((eb) =>
        eb
          .selectFrom('deadline as d')
          .select((sub) => sub.fn.min('d.due_at').as('due'))
          .whereRef('d.ticket_id', '=', 't.id')
          .where('d.status', '=', 'pending')
          .as('due_at'),
      )
      .where('t.tenant_id', '=', f.tenantId);
    if (f.codes) {
      // Codes are written upper-case; a client typing one in lower case still finds it.
      s = s.where('t.code', 'in', [
        ...new Set([...f.codes, ...f.codes.map((c) => c.toUpperCase())]),
      ]);
    } else {
      if (f.from) s = s.where('t.created_at', '>=', f.from);
      if (f.to) s = s.where('t.created_at', '<=', f.to);
      if (f.serviceCodes) s = s.where('f.code', 'in', f.serviceCodes);
      if (f.statuses && f.statuses.length === 1) {
        s = s.where('t.status', f.statuses[0] === 'closed' ? 'in' : 'not in', [...CLOSED_STATUSES]);
      }
    }
    return s
      .orderBy('t.created_at', 'desc')
      .orderBy('t.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute() as Promise<RequestRow[]>;
  },
};
