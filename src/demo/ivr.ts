import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { DEMO_FLOW } from '../voice/ivr/demo.ts';
import { ivrFlowSchema } from '../voice/ivr/flow.ts';

/** The queues the demo menu sends callers to. */
export const DEMO_QUEUES = [
  { code: 'tiep-nhan', name: 'Tiếp nhận phản ánh, kiến nghị' },
  { code: 'tra-cuu', name: 'Tra cứu kết quả xử lý' },
] as const;

/**
 * The demo menu as the tenant's default flow on 1022, with its queues, so the IVR screen
 * starts from something an administrator can edit. Prompts are rendered by the telephony
 * node when it loads the flow.
 */
export async function insertDemoIvr(trx: Transaction<Database>, tenantId: string, at: Date) {
  await trx
    .insertInto('call_queue')
    .values(DEMO_QUEUES.map((q) => ({ tenant_id: tenantId, code: q.code, name: q.name })))
    .onConflict((oc) => oc.columns(['tenant_id', 'code']).doNothing())
    .execute();
  const flow = ivrFlowSchema.parse(DEMO_FLOW);
  const row = await trx
    .insertInto('ivr_flow')
    .values({
      tenant_id: tenantId,
      name: flow.name,
      flow: JSON.stringify(flow),
      is_default: true,
      created_at: at,
      updated_at: at,
      updated_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('ivr_flow_number')
    .values({ tenant_id: tenantId, number: '1022', flow_id: row.id })
    .execute();
}
