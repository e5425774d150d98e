import { useMemo } from 'react';
import { useWatch } from 'react-hook-form';
import type { ScopeRule, ScopeRulePatch } from '../../../../../src/contract/org.ts';
import { ResourceForm, useResourceForm } from '../../../ui/resource/form.tsx';
import { useWrite } from '../../../ui/resource/hooks.ts';
import { SelectInput, TextAreaInput, TextInput } from '../../../ui/resource/inputs.tsx';
import { messageResolver } from '../../../ui/resource/resolvers.ts';
import { adminApi } from '../api.ts';
import { useAdminI18n, useMsg } from '../i18n.ts';
import {
  ACTION_KEY,
  emptyRuleForm,
  formFromRule,
  parseKeywords,
  ruleBody,
  validateRule,
  type RuleForm,
} from './scope.ts';

/** A new out-of-scope rule, or a rule's words, action and guidance. */
export function RuleEdit({
  rule,
  taken,
  onCancel,
  onSaved,
}: {
  rule: ScopeRule | null;
  taken: readonly string[];
  onCancel: () => void;
  onSaved: (text: string) => void;
}) {
  const { t } = useAdminI18n();
  const msg = useMsg();
  const write = useWrite();
  const mode = rule ? 'edit' : 'create';
  const resolver = useMemo(
    () => messageResolver((f: RuleForm) => validateRule(f, mode, taken), msg),
    [mode, taken, msg],
  );
  const form = useResourceForm<RuleForm>({
    defaultValues: rule ? formFromRule(rule) : emptyRuleForm(),
    resolver,
  });
  const [action, keywords] = useWatch({ control: form.control, name: ['action', 'keywords'] });

  async function submit(f: RuleForm) {
    const body = ruleBody(f);
    if (!rule) {
      const r = await write.run(() => adminApi.createScopeRule(body));
      if (r) onSaved(t('admin.rules.created', { name: r.name }));
      return;
    }
    const { code: _code, ...rest } = body;
    const patch: ScopeRulePatch = {};
    for (const k of Object.keys(rest) as (keyof typeof rest)[]) {
      if (JSON.stringify(rest[k]) !== JSON.stringify(rule[k]))
        (patch as Record<string, unknown>)[k] = rest[k];
    }
    if (Object.keys(patch).length === 0) return onCancel();
    const r = await write.run(() => adminApi.updateScopeRule(rule.id, patch));
    if (r) onSaved(t('admin.rules.updated', { name: r.name }));
  }

  return (
    <ResourceForm
      form={form}
      id="rule-editor"
      idPrefix="re-"
      labels={{
        name: t('admin.rules.name'),
        nameEn: t('admin.nameEn'),
        code: t('admin.code'),
        action: t('admin.rules.action'),
        redirectTo: t('admin.rules.redirectTo'),
        keywords: t('admin.rules.keywords'),
        guidanceVi: t('admin.rules.guidanceVi'),
        guidanceEn: t('admin.rules.guidanceEn'),
      }}
      title={rule ? t('admin.rules.editTitle', { name: rule.name }) : t('admin.rules.createTitle')}
      onSubmit={submit}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      submitLabel={t(rule ? 'admin.save' : 'admin.rules.createSubmit')}
    >
      <div className="grid-2">
        <TextInput<RuleForm> source="name" required />
        <TextInput<RuleForm> source="nameEn" lang="en" />
        <TextInput<RuleForm>
          source="code"
          required={!rule}
          disabled={Boolean(rule)}
          spellCheck={false}
        />
        <SelectInput<RuleForm> source="action" hint={t('admin.rules.actionHint')}>
          {(['reject', 'redirect', 'transfer'] as const).map((a) => (
            <option key={a} value={a}>
              {t(ACTION_KEY[a])}
            </option>
          ))}
        </SelectInput>
        {action !== 'reject' ? (
          <TextInput<RuleForm> source="redirectTo" required hint={t('admin.rules.redirectHint')} />
        ) : null}
      </div>
      <TextAreaInput<RuleForm>
        source="keywords"
        rows={4}
        hint={t('admin.rules.keywordsHint', { n: parseKeywords(keywords).length })}
      />
      <TextAreaInput<RuleForm>
        source="guidanceVi"
        required
        rows={3}
        hint={t('admin.rules.guidanceHint')}
      />
      <TextAreaInput<RuleForm> source="guidanceEn" lang="en" rows={3} />
    </ResourceForm>
  );
}
