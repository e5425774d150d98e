/**
 * Every screen's path and the permission that opens it (the server's permission table,
 * `src/contract/access.ts`). Role-based navigation reads NAV; adding a screen (admin,
 * coordinator, knowledge base…) means one entry here and one case in App.tsx.
 * Pure: unit tested without a DOM.
 */
import { can, type Permission } from '../../../src/contract/access.ts';
import type { MessageKey } from '../i18n/catalog.ts';

export const PATHS = {
  login: '/login',
  home: '/',
  inbox: '/operator',
  newTicket: '/operator/new',
  chat: '/operator/chat',
  agency: '/agency',
  ticket: '/tickets/:id',
  notifications: '/notifications',
  coordinator: '/coordinator',
  supervisor: '/supervisor',
  admin: '/admin',
  publications: '/publications',
  calls: '/calls',
  /** One's own account: password, API tokens, sign out everywhere (the header's name). */
  account: '/account',
} as const;

/** The administration area's sections, each at /admin/<section> (loaded as a separate chunk). */
export const ADMIN_SECTIONS = [
  'users',
  'agencies',
  'fields',
  'scope-rules',
  'calendars',
  'templates',
  'ivr',
] as const;
export type AdminSection = (typeof ADMIN_SECTIONS)[number];

export function adminPath(section: AdminSection): string {
  return `${PATHS.admin}/${section}`;
}

/** The section an /admin/… path opens (the bare /admin opens the first); null elsewhere. */
export function adminSectionOf(path: string): AdminSection | null | undefined {
  if (path !== PATHS.admin && !path.startsWith(`${PATHS.admin}/`)) return undefined;
  const rest = path.slice(PATHS.admin.length + 1).replace(/\/$/, '');
  if (rest === '') return ADMIN_SECTIONS[0];
  return (ADMIN_SECTIONS as readonly string[]).includes(rest) ? (rest as AdminSection) : null;
}

export interface NavItem {
  path: string;
  label: MessageKey;
  /** Who sees the entry: the roles holding this permission. */
  permission: Permission;
  /** Alt+key opens it (shown in the link's aria-keyshortcuts). */
  shortcut?: string;
  /** Current for every path under it too (the admin area's sections). */
  prefix?: boolean;
}

/** Notifications have no entry: the header's button opens them (and links to the full page). */
export const NAV: readonly NavItem[] = [
  {
    path: PATHS.coordinator,
    label: 'nav.coordinator',
    permission: 'screen.coordinator',
    shortcut: 'c',
  },
  {
    path: PATHS.admin,
    label: 'nav.admin',
    permission: 'screen.admin',
    shortcut: 'a',
    prefix: true,
  },
  { path: PATHS.inbox, label: 'nav.inbox', permission: 'screen.inbox', shortcut: 'i' },
  { path: PATHS.newTicket, label: 'nav.newTicket', permission: 'screen.new_ticket', shortcut: 'n' },
  { path: PATHS.chat, label: 'nav.chat', permission: 'chat.desk', shortcut: 'h' },
  {
    path: PATHS.supervisor,
    label: 'nav.supervisor',
    permission: 'screen.supervisor',
    shortcut: 's',
  },
  { path: PATHS.agency, label: 'nav.agency', permission: 'screen.agency', shortcut: 'i' },
  // R-TEL-1/5: the call log with recordings (leaders see it masked, without recordings).
  { path: PATHS.calls, label: 'nav.calls', permission: 'call.read', shortcut: 'g' },
  // R-PUB-1: the hotline approves what the public site shows.
  {
    path: PATHS.publications,
    label: 'nav.publications',
    permission: 'publication.manage',
    shortcut: 'p',
  },
];

export function navFor(role: string): NavItem[] {
  return NAV.filter((n) => can(role, n.permission));
}

/** The navigation entry a path belongs to, whoever may open it. */
export function navItemOf(path: string): NavItem | undefined {
  return NAV.find((n) => n.path === path || (n.prefix && path.startsWith(`${n.path}/`)));
}

/** Whether a role may open a path of the navigation (other paths decide for themselves). */
export function mayOpen(role: string, path: string): boolean {
  const item = navItemOf(path);
  return !item || can(role, item.permission);
}

/** Where a user lands after signing in. */
export function homeFor(role: string): string {
  if (can(role, 'screen.agency')) return PATHS.agency;
  if (can(role, 'screen.coordinator')) return PATHS.coordinator;
  if (can(role, 'screen.admin')) return adminPath('users');
  return PATHS.inbox;
}

/** `/tickets/:id` against `/tickets/abc` → `{ id: 'abc' }`; null when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    const val = s[i]!;
    if (seg.startsWith(':')) {
      try {
        params[seg.slice(1)] = decodeURIComponent(val);
      } catch {
        return null;
      }
    } else if (seg !== val) return null;
  }
  return params;
}

export function ticketPath(id: string): string {
  return `/tickets/${encodeURIComponent(id)}`;
}

/** Only same-app paths are followed after sign-in (no open redirect). */
export function safeNext(next: string | null): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/api'))
    return null;
  return next;
}
