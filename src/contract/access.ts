/**
 * Who may do what, for clients: the web app hides what a user may not do by asking `can()` of
 * the same table the server enforces (`src/core/access`).
 */
export {
  PERMISSIONS,
  can,
  reaches,
  mustMask,
  type Permission,
  type Caller,
} from '../core/access/permissions.ts';
export { ROLES, AGENCY_ROLES, HOTLINE_ROLES, isRole, type Role } from '../core/access/roles.ts';
export { maskedDownload, maskedRows, type MaskedRows } from '../core/privacy/rules.ts';
