/** Agencies and users as the API presents them, for the admin area's unit tests. */
import type { Agency, User } from '../../../../src/contract/org.ts';

export const A = (
  id: string,
  code: string,
  parentId: string | null = null,
  over: Partial<Agency> = {},
): Agency => ({
  id,
  code,
  name: `Cơ quan ${code}`,
  nameEn: '',
  kind: 'department',
  parentId,
  orgUnitId: null,
  phone: null,
  email: null,
  requiresApproval: false,
  calendarId: null,
  active: true,
  ...over,
});

export const U = (
  id: string,
  role: User['role'],
  agencyId: string | null,
  over: Partial<User> = {},
): User => ({
  id,
  username: id,
  displayName: `Người ${id}`,
  email: null,
  phone: null,
  role,
  agencyId,
  title: null,
  isDeputy: false,
  locale: 'vi',
  active: true,
  createdAt: '2026-03-02T01:00:00.000Z',
  ...over,
});
