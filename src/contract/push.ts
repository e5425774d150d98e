/** Web Push subscriptions for the agency app (R-CH-8): `/api/v1/push`. */
import { z } from 'zod';

/** Base64url (no padding) of exactly `bytes` bytes: 4 characters carry 3 bytes. */
const b64u = (bytes: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'base64url')
    .refine((s) => Math.floor((s.length * 3) / 4) === bytes, `${bytes} bytes`);

/** What `PushSubscription.toJSON()` gives in the browser. */
export const subscriptionBody = z.object({
  endpoint: z.url({ protocol: /^https?$/ }).max(2000),
  keys: z.object({ p256dh: b64u(65), auth: b64u(16) }),
});
export type SubscriptionBody = z.infer<typeof subscriptionBody>;
export type SubscriptionBodyInput = z.input<typeof subscriptionBody>;

export const unsubscribeBody = z.object({ endpoint: z.string().max(2000) });
export type UnsubscribeBody = z.infer<typeof unsubscribeBody>;

/** The VAPID public key browsers subscribe with (`applicationServerKey`). */
export const pushKey = z.object({ publicKey: z.string() });
export type PushKey = z.infer<typeof pushKey>;

/** A stored subscription (not the browser's `PushSubscription`). */
export const subscriptionCreated = z.object({ id: z.string() });
export type SubscriptionCreated = z.infer<typeof subscriptionCreated>;

export const pushRemoved = z.object({ removed: z.boolean() });
export type PushRemoved = z.infer<typeof pushRemoved>;
