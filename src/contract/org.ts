/**
 * The organisation as data (R-SC-1..3, R-AD-1, R-AG-2, R-SLA-1/2): agencies, subject groups
 * and fields, out-of-scope rules, administrative units, staff accounts, delegations and the
 * deployment's settings. `/api/v1/agencies`, `/fields`, `/field-groups`, `/scope-rules`,
 * `/org-units`, `/users`, `/delegations`, `/settings`.
 */
import { z } from 'zod';
import { AGENCY_KINDS, LANGUAGES, ROLES } from './enums.ts';
import { code, day, instant, patchOf } from './common.ts';

const name = z.string().trim().min(1).max(300);
const nameEn = z.string().trim().max(300);
const phone = z.string().trim().max(30);

export const agencyKind = z.enum(AGENCY_KINDS);

/** What an out-of-scope rule tells the operator to do (R-SC-3). */
export const SCOPE_ACTIONS = ['reject', 'redirect', 'transfer'] as const;
export type ScopeAction = (typeof SCOPE_ACTIONS)[number];
export const scopeAction = z.enum(SCOPE_ACTIONS);

// ---- agencies ------------------------------------------------------------------------------

export const agencyBody = z.object({
  code,
  name,
  nameEn: nameEn.default(''),
  kind: agencyKind,
  parentId: z.uuid().nullable().default(null),
  orgUnitId: z.uuid().nullable().default(null),
  phone: phone.nullable().default(null),
  email: z.email().nullable().default(null),
  requiresApproval: z.boolean().default(false),
});
// Patches are written out without defaults: a default inside .partial() still fills the key,
// so { name } would silently reset the parent, contacts and approval flag.
export const agencyPatch = patchOf({
  code: code.optional(),
  name: name.optional(),
  nameEn: nameEn.optional(),
  kind: agencyKind.optional(),
  parentId: z.uuid().nullable().optional(),
  orgUnitId: z.uuid().nullable().optional(),
  phone: phone.nullable().optional(),
  email: z.email().nullable().optional(),
  requiresApproval: z.boolean().optional(),
  active: z.boolean().optional(),
  /** Office hours of its own (null = the tenant's default calendar). */
  calendarId: z.uuid().nullable().optional(),
});

export const agency = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  kind: agencyKind,
  parentId: z.string().nullable(),
  orgUnitId: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  requiresApproval: z.boolean(),
  /** Office hours of its own; null = the tenant default calendar. */
  calendarId: z.string().nullable(),
  active: z.boolean(),
});

// ---- subject groups and fields (R-SC-1) ----------------------------------------------------

export const fieldBody = z.object({
  code,
  name,
  nameEn: nameEn.default(''),
  groupNumber: z.number().int().min(1).max(9),
  defaultAgencyId: z.uuid().nullable().default(null),
});
export const fieldPatch = patchOf({
  name: name.optional(),
  nameEn: nameEn.optional(),
  defaultAgencyId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});

/** One of the subject groups of R-SC-1 (five in the seeds), named per deployment. */
export const fieldGroupBody = z.object({ name, nameEn: nameEn.default('') });
export const fieldGroupParams = z.object({ number: z.coerce.number().int().min(1).max(9) });

export const field = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  /** Present in the list; a field just created or changed is answered without it. */
  groupNumber: z.number().int().optional(),
  defaultAgencyId: z.string().nullable(),
  active: z.boolean(),
});

export const fieldGroup = z.object({
  id: z.string(),
  number: z.number().int(),
  name: z.string(),
  nameEn: z.string(),
});

export const fieldList = z.object({ groups: z.array(fieldGroup), fields: z.array(field) });

// ---- out-of-scope rules (R-SC-3) -----------------------------------------------------------

const keywords = z.array(z.string().trim().min(1).max(100)).max(200);

export const scopeRuleBody = z.object({
  code,
  name,
  nameEn: nameEn.default(''),
  action: scopeAction,
  redirectTo: z.string().trim().max(50).nullable().default(null),
  keywords: keywords.default([]),
  guidanceVi: z.string().trim().min(1).max(5000),
  guidanceEn: z.string().trim().max(5000).default(''),
});

export const scopeRulePatch = patchOf({
  name: name.optional(),
  nameEn: nameEn.optional(),
  action: scopeAction.optional(),
  redirectTo: z.string().trim().max(50).nullable().optional(),
  keywords: keywords.optional(),
  guidanceVi: z.string().trim().min(1).max(5000).optional(),
  guidanceEn: z.string().trim().max(5000).optional(),
  active: z.boolean().optional(),
});

export const scopeRulesQuery = z.object({
  /** Administrators may list switched-off rules too, to switch them back on. */
  includeInactive: z.enum(['true', 'false']).optional(),
});

export const screenBody = z.object({ text: z.string().max(20_000) });

export const scopeRule = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  action: scopeAction,
  redirectTo: z.string().nullable(),
  keywords: z.array(z.string()),
  guidanceVi: z.string(),
  guidanceEn: z.string(),
  active: z.boolean(),
});

/** The first rule a text matches, or null. */
export const screenResult = z.object({ match: scopeRule.nullable() });

// ---- administrative units ------------------------------------------------------------------

export const orgUnitBody = z.object({
  code,
  name,
  level: z.string().trim().min(1).max(50),
  parentId: z.uuid().nullable().default(null),
  validFrom: z.iso.date().nullable().default(null),
  validTo: z.iso.date().nullable().default(null),
  successorId: z.uuid().nullable().default(null),
});

export const orgUnit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  name: z.string(),
  level: z.string(),
  validFrom: day.nullable(),
  validTo: day.nullable(),
  successorId: z.string().nullable(),
});

// ---- staff accounts and delegations --------------------------------------------------------

const username = z
  .string()
  .trim()
  .min(3)
  .max(100)
  .regex(/^[a-z0-9_.@-]+$/);
const password = z.string().min(10).max(200);
const locale = z.enum(LANGUAGES);

export const userBody = z.object({
  username,
  displayName: name,
  email: z.email().nullable().default(null),
  phone: phone.nullable().default(null),
  role: z.enum(ROLES),
  agencyId: z.uuid().nullable().default(null),
  title: z.string().trim().max(200).nullable().default(null),
  isDeputy: z.boolean().default(false),
  password,
  locale: locale.default('vi'),
});
export const userPatch = patchOf({
  displayName: name.optional(),
  email: z.email().nullable().optional(),
  phone: phone.nullable().optional(),
  role: z.enum(ROLES).optional(),
  agencyId: z.uuid().nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  isDeputy: z.boolean().optional(),
  /** A new password (reset by the administrator); the user's sessions end. */
  password: password.optional(),
  locale: locale.optional(),
  active: z.boolean().optional(),
});

/** A staff account as the administrator sees it (never its password). */
export const user = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: z.enum(ROLES),
  agencyId: z.string().nullable(),
  title: z.string().nullable(),
  isDeputy: z.boolean(),
  locale,
  active: z.boolean(),
  createdAt: instant,
});

export const delegationBody = z.object({
  toUserId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
});

export const delegation = z.object({
  id: z.string(),
  toUserId: z.string(),
  startsAt: instant,
  endsAt: instant,
});

// ---- deployment settings -------------------------------------------------------------------

const slaHours = z.number().positive().max(10_000);

/** Deployment settings an administrator may change (tenant.settings). */
export const settingsPatch = patchOf({
  /** The number citizens call, as messages write it (`{hotline}`): "1022", "0236 1022". */
  hotline: z
    .string()
    .trim()
    .regex(/^[0-9+][0-9 .]{1,18}[0-9]$/, 'Số điện thoại tổng đài / the hotline number')
    .optional(),
  ticketPrefix: z
    .string()
    .regex(/^[A-Z][A-Z0-9]{0,9}$/)
    .optional(),
  sla: z
    .object({
      focalPointHours: slaHours,
      headHours: slaHours,
      warnRatio: z.number().min(0).max(0.99),
    })
    .optional(),
});

/** Deadline durations (R-SLA-1/2), the ticket code prefix and the hotline number. */
export const settings = z.object({
  tenantName: z.string(),
  ticketPrefix: z.string().nullable(),
  /** The number citizens call, as `{hotline}` writes it. */
  hotline: z.string(),
  sla: z.object({ focalPointHours: z.number(), headHours: z.number(), warnRatio: z.number() }),
});

export type AgencyKind = z.infer<typeof agencyKind>;
export type AgencyBody = z.infer<typeof agencyBody>;
export type AgencyPatch = z.infer<typeof agencyPatch>;
export type Agency = z.infer<typeof agency>;
export type FieldBody = z.infer<typeof fieldBody>;
export type FieldPatch = z.infer<typeof fieldPatch>;
export type FieldGroupBody = z.infer<typeof fieldGroupBody>;
export type Field = z.infer<typeof field>;
export type FieldGroup = z.infer<typeof fieldGroup>;
export type FieldList = z.infer<typeof fieldList>;
export type ScopeRuleBody = z.infer<typeof scopeRuleBody>;
export type ScopeRulePatch = z.infer<typeof scopeRulePatch>;
export type ScopeRule = z.infer<typeof scopeRule>;
export type ScreenResult = z.infer<typeof screenResult>;
export type OrgUnitBody = z.infer<typeof orgUnitBody>;
export type OrgUnit = z.infer<typeof orgUnit>;
export type UserBody = z.infer<typeof userBody>;
export type UserPatch = z.infer<typeof userPatch>;
export type User = z.infer<typeof user>;
export type DelegationBody = z.infer<typeof delegationBody>;
export type Delegation = z.infer<typeof delegation>;
export type SettingsPatch = z.infer<typeof settingsPatch>;
export type Settings = z.infer<typeof settings>;
/** What a client sends (defaults not yet applied). */
export type AgencyBodyInput = z.input<typeof agencyBody>;
export type FieldBodyInput = z.input<typeof fieldBody>;
export type ScopeRuleBodyInput = z.input<typeof scopeRuleBody>;
export type UserBodyInput = z.input<typeof userBody>;
export type SettingsPatchInput = z.input<typeof settingsPatch>;
