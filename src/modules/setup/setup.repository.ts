import type { Q } from '../../db/helpers.ts';

/**
 * SQL of the first run that no other module runs: who the administrators are, across every
 * tenant. The lock, tenant, calendar, agency and account rows are written through the demo's
 * and the organisation module's repositories (the same code paths as the demo province).
 */
export const setupRepository = {
  /** The first administrator of any tenant (active or not), with the tenant's code. */
  firstAdmin(q: Q) {
    return q
      .selectFrom('app_user')
      .innerJoin('tenant', 'tenant.id', 'app_user.tenant_id')
      .select([
        'app_user.id',
        'app_user.username',
        'app_user.tenant_id',
        'tenant.code as tenant_code',
      ])
      .where('app_user.role', '=', 'admin')
      .orderBy('app_user.created_at')
      .limit(1)
      .executeTakeFirst();
  },

  /** The administrator `username` of the tenant coded `tenantCode`, if there is one. */
  adminOf(q: Q, tenantCode: string, username: string) {
    return q
      .selectFrom('app_user')
      .innerJoin('tenant', 'tenant.id', 'app_user.tenant_id')
      .select(['app_user.id', 'app_user.username', 'app_user.tenant_id', 'tenant.code'])
      .where('tenant.code', '=', tenantCode)
      .where('app_user.username', '=', username)
      .where('app_user.role', '=', 'admin')
      .executeTakeFirst();
  },

  tenantByCode(q: Q, code: string) {
    return q.selectFrom('tenant').select('id').where('code', '=', code).executeTakeFirst();
  },
};
