import { z } from 'zod';

/** An administrator issuing a key to an app (POST /api/v1/open311/keys). */
export const createKeyBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .refine((s) => !s.includes('\u0000'), { message: 'must not contain NUL characters' }),
  /** Service requests the app may post per hour. */
  hourlyLimit: z.number().int().min(1).max(100_000).default(600),
});
export type CreateKeyBody = z.infer<typeof createKeyBody>;

export const keyParams = z.object({ id: z.uuid() });
