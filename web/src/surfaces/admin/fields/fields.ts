/**
 * Fields (lĩnh vực) grouped by the five subject groups of R-SC-1, each mapped to the agency
 * that answers it by default (R-SC-2). Pure: see fields.test.ts.
 */
import type { Field, FieldGroup } from '../../../../../src/contract/org.ts';
import type { AdminMessage } from '../messages.ts';

/** The seeds' five groups: always shown, named or not, so that none is forgotten. */
export const STANDARD_GROUPS = [1, 2, 3, 4, 5] as const;

/**
 * The seeds' names of the five groups (R-SC-1), stored as data when a group is named the first
 * time, in both languages whatever the administrator's interface language.
 */
export const STANDARD_GROUP_NAMES: Readonly<Record<number, { vi: string; en: string }>> = {
  1: { vi: 'Thủ tục hành chính các cấp', en: 'Administrative procedures at every level' },
  2: {
    vi: 'Kinh tế - xã hội, dịch vụ sự nghiệp công, dịch vụ công ích',
    en: 'Socio-economic and public services',
  },
  3: {
    vi: 'Sự cố hạ tầng kỹ thuật và phản ánh hiện trường',
    en: 'On-site infrastructure incidents and violations',
  },
  4: {
    vi: 'Đầu tư, khu công nghiệp, du lịch và sự kiện',
    en: 'Investment, industrial zones, tourism and events',
  },
  5: { vi: 'Lĩnh vực khác', en: 'Other matters' },
};

export interface GroupSection {
  number: number;
  group: FieldGroup | null;
  fields: Field[];
  /** Active fields with no default agency: operators get no proposal for them. */
  unmapped: number;
}

export function groupSections(
  groups: readonly FieldGroup[],
  fields: readonly Field[],
): GroupSection[] {
  const numbers = new Set<number>([...STANDARD_GROUPS, ...groups.map((g) => g.number)]);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((n) => {
      const list = fields
        .filter((f) => f.groupNumber === n)
        .sort((a, b) => Number(b.active) - Number(a.active) || a.code.localeCompare(b.code));
      return {
        number: n,
        group: groups.find((g) => g.number === n) ?? null,
        fields: list,
        unmapped: list.filter((f) => f.active && !f.defaultAgencyId).length,
      };
    });
}

export interface FieldForm {
  code: string;
  name: string;
  nameEn: string;
  defaultAgencyId: string;
  active: boolean;
}

const CODE = /^[A-Za-z0-9_.-]+$/;

export function validateCode(code: string): AdminMessage | null {
  const c = code.trim();
  if (!c) return { key: 'validation.required' };
  if (c.length > 50) return { key: 'validation.tooLong', params: { max: 50 } };
  if (!CODE.test(c)) return { key: 'admin.err.code' };
  return null;
}

export function validateField(
  f: FieldForm,
  mode: 'create' | 'edit',
  taken: readonly string[],
): Partial<Record<'code' | 'name', AdminMessage>> {
  const e: Partial<Record<'code' | 'name', AdminMessage>> = {};
  if (mode === 'create') {
    const c = validateCode(f.code);
    if (c) e.code = c;
    else if (taken.some((x) => x.toLowerCase() === f.code.trim().toLowerCase()))
      e.code = { key: 'admin.err.codeTaken' };
  }
  if (!f.name.trim()) e.name = { key: 'validation.required' };
  return e;
}
