/**
 * The organisation tree as data (R-SC-2, R-AG-2): agencies under their parents, each with its
 * focal points, head and deputies from the user list, and what is missing (every handling
 * agency needs at least one focal point and a head). Pure: see agency-tree.test.ts.
 */
import type { Agency, User } from '../../../../../src/contract/org.ts';
import { fold } from '../users/users.ts';

export interface AgencyNode {
  agency: Agency;
  children: AgencyNode[];
  depth: number;
}

/**
 * Agencies as a forest, by code at each level. An agency whose parent is missing (or that
 * sits in a parent cycle, which the server prevents only one step deep) is shown at the top
 * rather than lost.
 */
export function buildTree(agencies: readonly Agency[]): AgencyNode[] {
  const byId = new Map(agencies.map((a) => [a.id, a]));
  const kids = new Map<string | null, Agency[]>();
  const reachable = new Set<string>();
  const rootOf = (a: Agency) => {
    const seen = new Set<string>([a.id]);
    let p = a.parentId ? byId.get(a.parentId) : undefined;
    while (p) {
      if (seen.has(p.id)) return null; // a cycle: no root
      seen.add(p.id);
      p = p.parentId ? byId.get(p.parentId) : undefined;
    }
    return true;
  };
  for (const a of agencies) {
    const parent = a.parentId && byId.has(a.parentId) && rootOf(a) ? a.parentId : null;
    const list = kids.get(parent) ?? [];
    list.push(a);
    kids.set(parent, list);
  }
  const build = (parent: string | null, depth: number): AgencyNode[] =>
    (kids.get(parent) ?? [])
      .sort((x, y) => x.code.localeCompare(y.code))
      .filter((a) => !reachable.has(a.id) && reachable.add(a.id))
      .map((a) => ({ agency: a, depth, children: build(a.id, depth + 1) }));
  return build(null, 0);
}

/** Depth-first order, the order in which the tree is read. */
export function flatten(nodes: readonly AgencyNode[]): AgencyNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}

/** An agency and everything under it: none of them may become its parent. */
export function subtreeIds(agencies: readonly Agency[], id: string): Set<string> {
  const out = new Set<string>([id]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const a of agencies) {
      if (a.parentId && out.has(a.parentId) && !out.has(a.id)) {
        out.add(a.id);
        grew = true;
      }
    }
  }
  return out;
}

export interface Staff {
  focalPoints: User[];
  heads: User[];
  deputies: User[];
}

/** Active staff of one agency by duty: deputies are heads or focal points marked deputy. */
export function staffOf(users: readonly User[], agencyId: string): Staff {
  const mine = users.filter((u) => u.active && u.agencyId === agencyId);
  return {
    focalPoints: mine.filter((u) => u.role === 'focal_point' && !u.isDeputy),
    heads: mine.filter((u) => u.role === 'agency_head' && !u.isDeputy),
    deputies: mine.filter((u) => u.isDeputy),
  };
}

/** Agencies that receive tickets must have someone to receive them (R-AG-2). */
export function missingStaff(a: Agency, s: Staff): ('focal_point' | 'agency_head')[] {
  if (!a.active || a.kind === 'hotline' || a.kind === 'coordinator') return [];
  const out: ('focal_point' | 'agency_head')[] = [];
  if (s.focalPoints.length === 0 && !s.deputies.some((u) => u.role === 'focal_point'))
    out.push('focal_point');
  if (
    a.kind !== 'subunit' &&
    s.heads.length === 0 &&
    !s.deputies.some((u) => u.role === 'agency_head')
  )
    out.push('agency_head');
  return out;
}

/** Nodes matching the text, with their ancestors so that each match is seen in place. */
export function filterTree(nodes: readonly AgencyNode[], text: string): AgencyNode[] {
  const q = fold(text.trim());
  if (!q) return [...nodes];
  const keep = (n: AgencyNode): AgencyNode | null => {
    const children = n.children.map(keep).filter((c): c is AgencyNode => c !== null);
    const hit = fold(`${n.agency.code} ${n.agency.name} ${n.agency.nameEn}`).includes(q);
    return hit || children.length ? { ...n, children } : null;
  };
  return nodes.map(keep).filter((n): n is AgencyNode => n !== null);
}
