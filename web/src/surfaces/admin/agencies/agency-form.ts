/**
 * An agency as the administrator edits it (R-SC-2, R-AG-2, R-WF-11, R-SLA-4): the checks made
 * before sending, and the body or the patch (only what changed) sent. Pure.
 */
import type {
  Agency,
  AgencyBodyInput,
  AgencyKind,
  AgencyPatch,
} from '../../../../../src/contract/org.ts';
import { validateCode } from '../fields/fields.ts';
import type { AdminKey, AdminMessage } from '../messages.ts';

export const KINDS: readonly AgencyKind[] = [
  'department',
  'committee',
  'vertical',
  'service_provider',
  'subunit',
  'coordinator',
  'hotline',
];

export const KIND_KEY: Record<AgencyKind, AdminKey> = {
  department: 'admin.kind.department',
  committee: 'admin.kind.committee',
  vertical: 'admin.kind.vertical',
  service_provider: 'admin.kind.service_provider',
  subunit: 'admin.kind.subunit',
  coordinator: 'admin.kind.coordinator',
  hotline: 'admin.kind.hotline',
};

export interface AgencyForm {
  code: string;
  name: string;
  nameEn: string;
  kind: AgencyKind;
  parentId: string;
  phone: string;
  email: string;
  requiresApproval: boolean;
  calendarId: string;
  active: boolean;
}

const orNull = (s: string) => (s.trim() ? s.trim() : null);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function formFromAgency(a: Agency): AgencyForm {
  return {
    code: a.code,
    name: a.name,
    nameEn: a.nameEn,
    kind: a.kind,
    parentId: a.parentId ?? '',
    phone: a.phone ?? '',
    email: a.email ?? '',
    requiresApproval: a.requiresApproval,
    calendarId: a.calendarId ?? '',
    active: a.active,
  };
}

/** A new agency: a sub-unit when it is added under another one. */
export function emptyAgencyForm(parentId: string | null): AgencyForm {
  return {
    code: '',
    name: '',
    nameEn: '',
    kind: parentId ? 'subunit' : 'department',
    parentId: parentId ?? '',
    phone: '',
    email: '',
    requiresApproval: false,
    calendarId: '',
    active: true,
  };
}

export function validateAgency(f: AgencyForm): Partial<Record<keyof AgencyForm, AdminMessage>> {
  const e: Partial<Record<keyof AgencyForm, AdminMessage>> = {};
  const c = validateCode(f.code);
  if (c) e.code = c;
  if (!f.name.trim()) e.name = { key: 'validation.required' };
  if (f.email.trim() && !EMAIL.test(f.email.trim())) e.email = { key: 'validation.email' };
  if (f.kind === 'subunit' && !f.parentId) e.parentId = { key: 'admin.agencies.err.subunit' };
  return e;
}

export function agencyBody(f: AgencyForm): AgencyBodyInput {
  return {
    code: f.code.trim(),
    name: f.name.trim(),
    nameEn: f.nameEn.trim(),
    kind: f.kind,
    parentId: f.parentId || null,
    phone: orNull(f.phone),
    email: orNull(f.email),
    requiresApproval: f.requiresApproval,
  };
}

/** Only what changed, so the audit record says exactly what the administrator did. */
export function agencyPatch(a: Agency, f: AgencyForm): AgencyPatch {
  const b = agencyBody(f);
  const p: AgencyPatch = {};
  for (const k of Object.keys(b) as (keyof AgencyBodyInput)[]) {
    if (b[k] !== a[k]) (p as Record<string, unknown>)[k] = b[k];
  }
  const cal = f.calendarId || null;
  if (cal !== a.calendarId) p.calendarId = cal;
  if (f.active !== a.active) p.active = f.active;
  return p;
}
