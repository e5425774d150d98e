import type { Q } from '../db/helpers.ts';
import { DEFAULT_QUEUE, agentsRepository } from '../voice/agents/agents.repository.ts';
import { DEMO_FLOW } from '../voice/ivr/demo.ts';
import { ivrFlowSchema } from '../voice/ivr/flow.ts';
import { demoRepository } from './demo.repository.ts';

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
export async function insertDemoIvr(trx: Q, tenantId: string, at: Date) {
  for (const queue of DEMO_QUEUES) {
    await agentsRepository.putQueue(trx, tenantId, { ...DEFAULT_QUEUE, ...queue });
  }
  const flow = ivrFlowSchema.parse(DEMO_FLOW);
  await demoRepository.insertDefaultFlow(trx, tenantId, flow, '1022', at);
}
