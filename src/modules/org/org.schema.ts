import { z } from 'zod';
import { AGENCY_KINDS } from '../../contract/enums.ts';
import { ROLES } from '../../core/access/roles.ts';

const name = z.string().trim().min(1).max(300);
const code = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_.-]+$/);

const agencyKind = z.enum(AGENCY_KINDS);

export const agencyBody = z.object({
  code,
  name,
  nameEn: z.string().trim().max(300).default(''),
  kind: agencyKind,
  parentId: z.uuid().nullable().default(null),
  orgUnitId: z.uuid().nullable().default(null),
  phone: z.string().trim().max(30).nullable().default(null),
  email: z.email().nullable().default(null),
  requiresApproval: z.boolean().default(false),
});
// Patches are written out without defaults: a default inside .partial() still fills the key,
// so { name } would silently reset the parent, contacts and approval flag.
export const agencyPatch = z.object({
  code: code.optional(),
  name: name.optional(),
  nameEn: z.string().trim().max(300).optional(),
  kind: agencyKind.optional(),
  parentId: z.uuid().nullable().optional(),
  orgUnitId: z.uuid().nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  email: z.email().nullable().optional(),
  requiresApproval: z.boolean().optional(),
  active: z.boolean().optional(),
  /** Office hours of its own (null = the tenant's default calendar). */
  calendarId: z.uuid().nullable().optional(),
});

export const fieldBody = z.object({
  code,
  name,
  nameEn: z.string().trim().max(300).default(''),
  groupNumber: z.number().int().min(1).max(9),
  defaultAgencyId: z.uuid().nullable().default(null),
});
export const fieldPatch = z.object({
  name: name.optional(),
  nameEn: z.string().trim().max(300).optional(),
  defaultAgencyId: z.uuid().nullable().optional(),
  active: z.boolean().optional(),
});

const scopeAction = z.enum(['reject', 'redirect', 'transfer']);
const keywords = z.array(z.string().trim().min(1).max(100)).max(200);

export const scopeRuleBody = z.object({
  code,
  name,
  nameEn: z.string().trim().max(300).default(''),
  action: scopeAction,
  redirectTo: z.string().trim().max(50).nullable().default(null),
  keywords: keywords.default([]),
  guidanceVi: z.string().trim().min(1).max(5000),
  guidanceEn: z.string().trim().max(5000).default(''),
});

export const scopeRulePatch = z.object({
  name: name.optional(),
  nameEn: z.string().trim().max(300).optional(),
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

/** One of the subject groups of R-SC-1 (five in the seeds), named per deployment. */
export const fieldGroupBody = z.object({
  name,
  nameEn: z.string().trim().max(300).default(''),
});

const username = z
  .string()
  .trim()
  .min(3)
  .max(100)
  .regex(/^[a-z0-9_.@-]+$/);
const password = z.string().min(10).max(200);
const locale = z.enum(['vi', 'en']);

export const userBody = z.object({
  username,
  displayName: name,
  email: z.email().nullable().default(null),
  phone: z.string().trim().max(30).nullable().default(null),
  role: z.enum(ROLES),
  agencyId: z.uuid().nullable().default(null),
  title: z.string().trim().max(200).nullable().default(null),
  isDeputy: z.boolean().default(false),
  password,
  locale: locale.default('vi'),
});
export const userPatch = z.object({
  displayName: name.optional(),
  email: z.email().nullable().optional(),
  phone: z.string().trim().max(30).nullable().optional(),
  role: z.enum(ROLES).optional(),
  agencyId: z.uuid().nullable().optional(),
  title: z.string().trim().max(200).nullable().optional(),
  isDeputy: z.boolean().optional(),
  /** A new password (reset by the administrator); the user's sessions end. */
  password: password.optional(),
  locale: locale.optional(),
  active: z.boolean().optional(),
});

export const delegationBody = z.object({
  toUserId: z.uuid(),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
});

export const orgUnitBody = z.object({
  code,
  name,
  level: z.string().trim().min(1).max(50),
  parentId: z.uuid().nullable().default(null),
  validFrom: z.iso.date().nullable().default(null),
  validTo: z.iso.date().nullable().default(null),
  successorId: z.uuid().nullable().default(null),
});

/** Deployment settings an administrator may change (tenant.settings). */
export const tenantSettingsBody = z.object({
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
      focalPointHours: z.number().positive().max(10_000),
      headHours: z.number().positive().max(10_000),
      warnRatio: z.number().min(0).max(0.99),
    })
    .optional(),
});
