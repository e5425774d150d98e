/**
 * The first run of a deployment without the demo (issue #14 item 1): `GET /api/v1/setup/status`
 * and `POST /api/v1/setup`, the same input `npm run -s setup` takes. Once any administrator
 * exists the route answers 409 `setup_done` (no takeover of a live install).
 */
import { z } from 'zod';
import { code } from './common.ts';
import { settingsPatch, userBody } from './org.ts';

export const TENANT_KINDS = ['province', 'district'] as const;

/** Office-hours presets of the default calendar; `default` is the demo's (and the engine's). */
export const OFFICE_HOURS = ['default'] as const;

export const setupStatus = z.object({
  /** True exactly when no administrator exists in any tenant. */
  needsSetup: z.boolean(),
});

export const setupBody = z.object({
  tenant: z.object({
    code,
    name: z.string().trim().min(1).max(300),
    kind: z.enum(TENANT_KINDS),
    hotline: settingsPatch.shape.hotline.unwrap().default('1022'),
  }),
  admin: z.object({
    username: userBody.shape.username,
    displayName: userBody.shape.displayName,
    password: userBody.shape.password,
  }),
  officeHours: z.enum(OFFICE_HOURS).default('default'),
});

export const setupResult = z.object({
  /** `created` by this call, or `unchanged` (the command run again with the same deployment). */
  outcome: z.enum(['created', 'unchanged']),
  tenantId: z.string(),
  tenantCode: z.string(),
  calendarId: z.string().nullable(),
  hotlineAgencyId: z.string().nullable(),
  adminId: z.string(),
  adminUsername: z.string(),
});

export type SetupStatus = z.infer<typeof setupStatus>;
export type SetupBody = z.infer<typeof setupBody>;
export type SetupInput = z.input<typeof setupBody>;
export type SetupResult = z.infer<typeof setupResult>;
