import type { Selectable } from 'kysely';
import type {
  AgencyRow,
  AppUserTable,
  DelegationTable,
  FieldGroupTable,
  FieldTable,
  OrgUnitTable,
  ScopeRuleTable,
  TenantTable,
} from '../../db/schema.ts';
import type {
  Agency,
  Delegation,
  Field,
  FieldGroup,
  OrgUnit,
  ScopeRule,
  Settings,
  User,
} from '../../contract/org.ts';
import { slaSettings } from '../sla/sla.settings.ts';

export const presentAgency = (a: AgencyRow): Agency => ({
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

/** `group_number` comes with the list (joined); a row just written has none. */
export const presentField = (f: Selectable<FieldTable> & { group_number?: number }): Field => ({
  id: f.id,
  code: f.code,
  name: f.name,
  nameEn: f.name_en,
  groupNumber: f.group_number,
  defaultAgencyId: f.default_agency_id,
  active: f.active,
});

export const presentGroup = (g: Selectable<FieldGroupTable>): FieldGroup => ({
  id: g.id,
  number: g.number,
  name: g.name,
  nameEn: g.name_en,
});

export const presentScopeRule = (r: Selectable<ScopeRuleTable>): ScopeRule => ({
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
export const presentSettings = (t: Selectable<TenantTable>): Settings => ({
  tenantName: t.name,
  ticketPrefix: typeof t.settings.ticketPrefix === 'string' ? t.settings.ticketPrefix : null,
  hotline: typeof t.settings.hotline === 'string' ? t.settings.hotline : '1022',
  sla: slaSettings(t.settings),
});

export const presentOrgUnit = (u: Selectable<OrgUnitTable>): OrgUnit => ({
  id: u.id,
  parentId: u.parent_id,
  code: u.code,
  name: u.name,
  level: u.level,
  validFrom: u.valid_from,
  validTo: u.valid_to,
  successorId: u.successor_id,
});

export const presentUser = (
  u: Omit<Selectable<AppUserTable>, 'tenant_id' | 'password_hash'>,
): User => ({
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

export const presentDelegation = (d: Selectable<DelegationTable>): Delegation => ({
  id: d.id,
  toUserId: d.to_user_id,
  startsAt: d.starts_at.toISOString(),
  endsAt: d.ends_at.toISOString(),
});
