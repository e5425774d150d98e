import { z } from 'zod';

/** A transfer of a live call to an agency's phone (R-WF-8). The number is checked by the service. */
export const transferBody = z.object({
  target: z.string().max(40),
  mode: z.enum(['blind', 'attended']).default('blind'),
});
export type TransferBody = z.infer<typeof transferBody>;
