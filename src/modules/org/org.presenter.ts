import type { Selectable } from 'kysely';
import type { AgencyRow } from '../../db/schema.ts';
import type {
  FieldTable,
  FieldGroupTable,
  ScopeRuleTable,
  OrgUnitTable,
  TenantTable,
} from '../../db/schema.ts';
import { slaSettings } from '../sla/sla.settings.ts';

export const presentAgency = (a: AgencyRow) => ({
  id: a.id,
  code: a.code,
  name: a.name,
  nameEn: a.name_en,
  kind: a.kind,
  parentId: a.parent_id,
  orgUnitId: a.org_unit_id,
  phone: a.phone,
  email: a.email,
  requiresApproval: a.requires_approval,
  calendarId: a.calendar_id,
  active: a.active,
});

export const presentField = (f: Selectable<FieldTable> & { group_number?: number }) => ({
  id: f.id,
  code: f.code,
  name: f.name,
  nameEn: f.name_en,
  groupNumber: f.group_number,
  defaultAgencyId: f.default_agency_id,
  active: f.active,
});

export const presentGroup = (g: Selectable<FieldGroupTable>) => ({
  id: g.id,
  number: g.number,
  name: g.name,
  nameEn: g.name_en,
});

export const presentScopeRule = (r: Selectable<ScopeRuleTable>) => ({
  id: r.id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  action: r.action,
  redirectTo: r.redirect_to,
  keywords: r.keywords,
  guidanceVi: r.guidance_vi,
  guidanceEn: r.guidance_en,
  active: r.active,
});

/** What a deployment configures: deadline durations (R-SLA-1/2) and the ticket code prefix. */
export const presentSettings = (t: Selectable<TenantTable>) => ({
  tenantName: t.name,
  ticketPrefix: typeof t.settings.ticketPrefix === 'string' ? t.settings.ticketPrefix : null,
  hotline: typeof t.settings.hotline === 'string' ? t.settings.hotline : '1022',
  sla: slaSettings(t.settings),
});

export const presentOrgUnit = (u: Selectable<OrgUnitTable>) => ({
  id: u.id,
  parentId: u.parent_id,
  code: u.code,
  name: u.name,
  level: u.level,
  validFrom: u.valid_from,
  validTo: u.valid_to,
  successorId: u.successor_id,
});

export const presentUser = (u: {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  role: string;
  agency_id: string | null;
  title: string | null;
  is_deputy: boolean;
  locale: string;
  active: boolean;
  created_at: Date;
}) => ({
  id: u.id,
  username: u.username,
  displayName: u.display_name,
  email: u.email,
  phone: u.phone,
  role: u.role,
  agencyId: u.agency_id,
  title: u.title,
  isDeputy: u.is_deputy,
  locale: u.locale,
  active: u.active,
  createdAt: u.created_at.toISOString(),
});
