/**
 * Out-of-scope rules (R-SC-3) as the administrator writes them: keywords one per line or
 * separated by commas, guidance required in Vietnamese, a number to call for redirects.
 * Pure: see scope.test.ts.
 */
import type { ScopeRule, ScopeRuleBodyInput } from '../../../../../src/contract/org.ts';
import type { AdminKey, AdminMessage } from '../messages.ts';
import { validateCode } from '../fields/fields.ts';

export const ACTION_KEY: Record<ScopeRule['action'], AdminKey> = {
  reject: 'admin.rules.action.reject',
  redirect: 'admin.rules.action.redirect',
  transfer: 'admin.rules.action.transfer',
};

export interface RuleForm {
  code: string;
  name: string;
  nameEn: string;
  action: ScopeRule['action'];
  redirectTo: string;
  keywords: string;
  guidanceVi: string;
  guidanceEn: string;
}

export type RuleField = keyof RuleForm;

export const emptyRuleForm = (): RuleForm => ({
  code: '',
  name: '',
  nameEn: '',
  action: 'reject',
  redirectTo: '',
  keywords: '',
  guidanceVi: '',
  guidanceEn: '',
});

export function formFromRule(r: ScopeRule): RuleForm {
  return {
    code: r.code,
    name: r.name,
    nameEn: r.nameEn,
    action: r.action,
    redirectTo: r.redirectTo ?? '',
    keywords: r.keywords.join('\n'),
    guidanceVi: r.guidanceVi,
    guidanceEn: r.guidanceEn,
  };
}

/** Keywords from the text box: split on new lines and commas, trimmed, each once. */
export function parseKeywords(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of text.split(/[\n,;]/)) {
    const k = raw.trim().replace(/\s+/g, ' ');
    const key = k.toLowerCase();
    if (k && !seen.has(key)) {
      seen.add(key);
      out.push(k);
    }
  }
  return out;
}

export function validateRule(
  f: RuleForm,
  mode: 'create' | 'edit',
  taken: readonly string[],
): Partial<Record<RuleField, AdminMessage>> {
  const e: Partial<Record<RuleField, AdminMessage>> = {};
  if (mode === 'create') {
    const c = validateCode(f.code);
    if (c) e.code = c;
    else if (taken.some((x) => x.toLowerCase() === f.code.trim().toLowerCase()))
      e.code = { key: 'admin.err.codeTaken' };
  }
  if (!f.name.trim()) e.name = { key: 'validation.required' };
  if (f.action !== 'reject' && !f.redirectTo.trim())
    e.redirectTo = { key: 'admin.rules.err.redirect' };
  if (f.redirectTo.trim().length > 50)
    e.redirectTo = { key: 'validation.tooLong', params: { max: 50 } };
  const kw = parseKeywords(f.keywords);
  // No keywords is allowed: the rule then only serves as a rejection template.
  if (kw.length > 200 || kw.some((k) => k.length > 100))
    e.keywords = { key: 'admin.rules.err.keywordsLong' };
  if (!f.guidanceVi.trim()) e.guidanceVi = { key: 'validation.required' };
  return e;
}

export function ruleBody(f: RuleForm): ScopeRuleBodyInput {
  return {
    code: f.code.trim(),
    name: f.name.trim(),
    nameEn: f.nameEn.trim(),
    action: f.action,
    redirectTo: f.action === 'reject' ? null : f.redirectTo.trim() || null,
    keywords: parseKeywords(f.keywords),
    guidanceVi: f.guidanceVi.trim(),
    guidanceEn: f.guidanceEn.trim(),
  };
}
