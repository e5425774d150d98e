/** Statistics for those who run the hotline: `/api/v1/stats`. */
import { z } from 'zod';
import { instant } from './common.ts';

/** No options yet: "today" is the deployment's local day (UTC+7). */
export const operatorLoadQuery = z.object({});

/** Each operator's load today (R-OP-2). */
export const operatorLoad = z.object({
  /** When "today" began: local midnight. */
  since: instant,
  at: instant,
  operators: z.array(
    z.object({
      id: z.string(),
      displayName: z.string(),
      username: z.string(),
      /** Tickets they recorded today. */
      createdToday: z.number().int(),
      /** Distinct tickets they handled today (answered, forwarded, rejected, closed…). */
      handledToday: z.number().int(),
      /** Tickets they hold that wait at the hotline. */
      openHeld: z.number().int(),
      lastActionAt: instant.nullable(),
      signedIn: z.boolean(),
    }),
  ),
});
export type OperatorLoad = z.infer<typeof operatorLoad>;
