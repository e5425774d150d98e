import { z } from 'zod';

/**
 * Deadline settings per deployment (tenant.settings.sla). The seeds' 8 h focal point and
 * 48 h agency head (R-SLA-1, R-SLA-2) are the defaults.
 */
export const slaSettingsSchema = z.object({
  focalPointHours: z.number().positive().max(10_000).default(8),
  headHours: z.number().positive().max(10_000).default(48),
  /** Share of the allowed time after which a pre-breach warning goes out (0 = none). */
  warnRatio: z.number().min(0).max(0.99).default(0.75),
});
export type SlaSettings = z.infer<typeof slaSettingsSchema>;

export function slaSettings(tenantSettings: Record<string, unknown> | undefined): SlaSettings {
  const parsed = slaSettingsSchema.safeParse(tenantSettings?.sla ?? {});
  return parsed.success ? parsed.data : slaSettingsSchema.parse({});
}
