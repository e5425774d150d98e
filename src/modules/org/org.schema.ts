import { z } from 'zod';
import { ROLES } from '../../core/ticket/state-machine.ts';

const name = z.string().trim().min(1).max(300);
const code = z
  .string()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[A-Za-z0-9_.-]+$/);

export const agencyBody = z.object({
  code,
  name,
  nameEn: z.string().trim().max(300).default(''),
  kind: z.enum([
    'hotline',
    'coordinator',
    'department',
    'committee',
    'vertical',
    'service_provider',
    'subunit',
  ]),
  parentId: z.uuid().nullable().default(null),
  orgUnitId: z.uuid().nullable().default(null),
  phone: z.string().trim().max(30).nullable().default(null),
  email: z.email().nullable().default(null),
  requiresApproval: z.boolean().default(false),
});
export const agencyPatch = agencyBody.partial().extend({
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

export const scopeRuleBody = z.object({
  code,
  name,
  nameEn: z.string().trim().max(300).default(''),
  action: z.enum(['reject', 'redirect', 'transfer']),
  redirectTo: z.string().trim().max(50).nullable().default(null),
  keywords: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
  guidanceVi: z.string().trim().min(1).max(5000),
  guidanceEn: z.string().trim().max(5000).default(''),
});

export const userBody = z.object({
  username: z
    .string()
    .trim()
    .min(3)
    .max(100)
    .regex(/^[a-z0-9_.@-]+$/),
  displayName: name,
  email: z.email().nullable().default(null),
  phone: z.string().trim().max(30).nullable().default(null),
  role: z.enum(ROLES),
  agencyId: z.uuid().nullable().default(null),
  title: z.string().trim().max(200).nullable().default(null),
  isDeputy: z.boolean().default(false),
  password: z.string().min(10).max(200),
  locale: z.enum(['vi', 'en']).default('vi'),
});
export const userPatch = userBody
  .omit({ username: true })
  .partial()
  .extend({ active: z.boolean().optional() });

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
