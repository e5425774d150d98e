/**
 * The staff roles of a 1022 hotline (REQUIREMENTS §2) and the groups the permission table is
 * written in. Nothing outside `core/access` lists roles: code asks the permission table
 * (`permissions.ts`) what a role may do.
 */
export const ROLES = [
  'operator',
  'supervisor',
  'focal_point',
  'agency_head',
  'coordinator',
  'leader',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

/** The sweeper and channels act as `system`. */
export type ActorRole = Role | 'system';

/** Staff of one agency (or of one of its sub-units): their reach stops at that agency. */
export const AGENCY_ROLES = ['focal_point', 'agency_head'] as const satisfies readonly Role[];

/** The switchboard's own staff. */
export const HOTLINE_ROLES = ['operator', 'supervisor'] as const satisfies readonly Role[];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);

/** Whether a role's reach stops at its own agency (focal points, heads, sub-unit staff). */
export const isAgencyRole = (r: ActorRole | string): boolean =>
  (AGENCY_ROLES as readonly string[]).includes(r);
