import type { Logger } from 'pino';
import type { AppContext } from '../app/context.ts';
import type { Services } from '../app/services.ts';

/** Placeholder until the demo province lands: loads nothing. */
export async function seedIfEmpty(_ctx: AppContext, _s: Services, _log: Logger): Promise<void> {}
