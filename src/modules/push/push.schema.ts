import { z } from 'zod';

const b64u = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'base64url')
    .refine((s) => Buffer.from(s, 'base64url').length === bytes, `${bytes} bytes`);

/** What `PushSubscription.toJSON()` gives in the browser. */
export const subscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.object({ p256dh: b64u(65), auth: b64u(16) }),
});
export type SubscriptionBody = z.infer<typeof subscriptionBody>;

export const unsubscribeBody = z.object({ endpoint: z.string().max(2000) });
