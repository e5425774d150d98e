import { useState } from 'react';
import { adminApi } from './api.ts';
import { invalidateCached, useResource } from '../../api/hooks.tsx';
import type { ScopeRule, ScopeRulePatch } from '../../api/types.ts';
import { matchScopeRule } from '../../../../src/core/routing/routing.ts';
import { Page } from '../../app/Page.tsx';
import { SelectField, TextArea, TextField } from '../../ui/fields.tsx';
import { ErrorAlert, Loading } from '../../ui/feedback.tsx';
import { useAdminI18n, type AdminKey } from './i18n.ts';
import {
  emptyRuleForm,
  formFromRule,
  parseKeywords,
  ruleBody,
  validateRule,
  type RuleField,
  type RuleForm,
} from './scope.ts';
import {
  ConfirmButton,
  Editor,
  focusFirst,
  Saved,
  useEditorState,
  useIssues,
  useMsg,
  useWrite,
} from './ui.tsx';

const ACTION_KEY: Record<ScopeRule['action'], AdminKey> = {
  reject: 'admin.rules.action.reject',
  redirect: 'admin.rules.action.redirect',
  transfer: 'admin.rules.action.transfer',
};

type EditorState = { rule: ScopeRule | null };

/**
 * Out-of-scope rules (R-SC-3): what the hotline does not accept (security 113, fire 114,
 * ambulance 115, formal complaints…), the words that flag it while an operator types, and the
 * guidance read to the citizen. A box tries any text against the rules in force.
 */
export function ScopeRulesScreen() {
  const { t } = useAdminI18n();
  const rules = useResource(adminApi.scopeRules, 'admin:scope-rules');
  const [saved, setSaved] = useState<string | null>(null);
  const editor = useEditorState<EditorState>();
  const toggle = useWrite();

  async function setActive(r: ScopeRule, active: boolean) {
    setSaved(null);
    const res = await toggle.run(() => adminApi.updateScopeRule(r.id, { active }));
    if (res) {
      setSaved(t(active ? 'admin.rules.activated' : 'admin.rules.deactivated', { name: r.name }));
      rules.reload();
      invalidateCached('scope-rules');
    }
  }

  const add = (
    <button
      type="button"
      className="btn btn-primary"
      onClick={() => {
        setSaved(null);
        editor.open({ rule: null });
      }}
    >
      {t('admin.rules.add')}
    </button>
  );

  return (
    <Page title={t('admin.rules.title')} actions={add}>
      <p className="muted page-intro">{t('admin.rules.intro')}</p>
      <Saved text={saved} />
      <ErrorAlert error={toggle.error ?? undefined} />
      {editor.state ? (
        <RuleEditor
          key={editor.state.rule?.id ?? 'new'}
          rule={editor.state.rule}
          taken={(rules.data ?? []).map((r) => r.code)}
          onCancel={editor.close}
          onSaved={(text) => {
            setSaved(text);
            editor.close();
            rules.reload();
            invalidateCached('scope-rules');
          }}
        />
      ) : null}
      <ErrorAlert error={rules.error} onRetry={rules.reload} />
      {!rules.data ? (
        rules.error ? null : (
          <Loading />
        )
      ) : (
        <div className="rules-layout">
          <div>
            {rules.data.length === 0 ? (
              <p className="muted empty">{t('admin.rules.none')}</p>
            ) : (
              <ul className="cards">
                {rules.data.map((r) => (
                  <li key={r.id}>
                    <section
                      className={`card rule${r.active ? '' : ' is-off'}`}
                      aria-labelledby={`rule-${r.id}`}
                      data-rule={r.code}
                    >
                      <div className="rule-head">
                        <h2 id={`rule-${r.id}`}>{r.name}</h2>
                        <span className="code">{r.code}</span>
                        <span className="badge badge-soft">
                          {t(ACTION_KEY[r.action])}
                          {r.redirectTo ? ` ${r.redirectTo}` : ''}
                        </span>
                        {r.active ? null : (
                          <span className="badge badge-off">{t('admin.rules.off')}</span>
                        )}
                      </div>
                      <p className="rule-label">{t('admin.rules.keywords')}</p>
                      {r.keywords.length ? (
                        <ul className="chips" aria-label={t('admin.rules.keywords')}>
                          {r.keywords.map((k) => (
                            <li key={k} className="chip">
                              {k}
                            </li>
                          ))}
                        </ul>
                      ) : (
                        <p className="muted">{t('admin.rules.noKeywords')}</p>
                      )}
                      <p className="rule-label">{t('admin.rules.guidanceVi')}</p>
                      <p className="prose">{r.guidanceVi}</p>
                      {r.guidanceEn ? (
                        <>
                          <p className="rule-label">{t('admin.rules.guidanceEn')}</p>
                          <p className="prose" lang="en">
                            {r.guidanceEn}
                          </p>
                        </>
                      ) : null}
                      <div className="tree-actions">
                        <button
                          type="button"
                          className="btn btn-small"
                          aria-label={t('admin.editNamed', { name: r.name })}
                          onClick={() => {
                            setSaved(null);
                            editor.open({ rule: r });
                          }}
                        >
                          {t('admin.edit')}
                        </button>
                        {r.active ? (
                          <ConfirmButton
                            label={t('admin.rules.deactivate')}
                            question={t('admin.rules.deactivateQ', { name: r.name })}
                            busy={toggle.busy}
                            onConfirm={() => void setActive(r, false)}
                          />
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small"
                            aria-label={t('admin.rules.activateNamed', { name: r.name })}
                            onClick={() => void setActive(r, true)}
                          >
                            {t('admin.rules.activate')}
                          </button>
                        )}
                      </div>
                    </section>
                  </li>
                ))}
              </ul>
            )}
          </div>
          <RuleTester rules={rules.data.filter((r) => r.active)} />
        </div>
      )}
    </Page>
  );
}

/** Screens a text as the operator's form does (same pure matcher as the server). */
function RuleTester({ rules }: { rules: readonly ScopeRule[] }) {
  const { t } = useAdminI18n();
  const [text, setText] = useState('');
  const hit = text.trim() ? matchScopeRule(text, rules) : null;
  return (
    <section className="card tester" aria-labelledby="rule-tester">
      <h2 id="rule-tester">{t('admin.rules.tryTitle')}</h2>
      <TextArea
        label={t('admin.rules.tryLabel')}
        hint={t('admin.rules.tryHint')}
        rows={4}
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      <div role="status" aria-live="polite">
        {!text.trim() ? null : hit ? (
          <div className="alert alert-warning">
            <strong>{t('admin.rules.tryHit', { name: hit.name })}</strong>
            <p className="prose">{hit.guidanceVi}</p>
          </div>
        ) : (
          <div className="alert alert-success">{t('admin.rules.tryNone')}</div>
        )}
      </div>
    </section>
  );
}

function RuleEditor({
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
  const [form, setForm] = useState<RuleForm>(() => (rule ? formFromRule(rule) : emptyRuleForm()));
  // After a first attempt, mistakes are re-checked as the form changes: fixed ones vanish.
  const [tried, setTried] = useState(false);
  const errors = tried ? validateRule(form, mode, taken) : {};
  const set = <K extends keyof RuleForm>(k: K, v: RuleForm[K]) =>
    setForm((f) => ({ ...f, [k]: v }));
  const issuesOf = useIssues();
  const labels: Partial<Record<RuleField, string>> = {
    name: t('admin.rules.name'),
    code: t('admin.code'),
    redirectTo: t('admin.rules.redirectTo'),
    keywords: t('admin.rules.keywords'),
    guidanceVi: t('admin.rules.guidanceVi'),
  };

  async function submit() {
    setTried(true);
    const found = validateRule(form, mode, taken);
    if (focusFirst(issuesOf(found, labels, 're-'))) return;
    const body = ruleBody(form);
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

  const count = parseKeywords(form.keywords).length;
  return (
    <Editor
      id="rule-editor"
      title={rule ? t('admin.rules.editTitle', { name: rule.name }) : t('admin.rules.createTitle')}
      onSubmit={() => void submit()}
      onCancel={onCancel}
      busy={write.busy}
      error={write.error}
      issues={issuesOf(errors, labels, 're-')}
      submitLabel={t(rule ? 'admin.save' : 'admin.rules.createSubmit')}
    >
      <div className="grid-2">
        <TextField
          id="re-name"
          label={t('admin.rules.name')}
          required
          value={form.name}
          onChange={(e) => set('name', e.target.value)}
          error={msg(errors.name)}
        />
        <TextField
          id="re-nameEn"
          label={t('admin.nameEn')}
          lang="en"
          value={form.nameEn}
          onChange={(e) => set('nameEn', e.target.value)}
        />
        <TextField
          id="re-code"
          label={t('admin.code')}
          required={!rule}
          disabled={Boolean(rule)}
          spellCheck={false}
          value={form.code}
          onChange={(e) => set('code', e.target.value)}
          error={msg(errors.code)}
        />
        <SelectField
          id="re-action"
          label={t('admin.rules.action')}
          value={form.action}
          onChange={(e) => set('action', e.target.value as RuleForm['action'])}
          hint={t('admin.rules.actionHint')}
        >
          {(['reject', 'redirect', 'transfer'] as const).map((a) => (
            <option key={a} value={a}>
              {t(ACTION_KEY[a])}
            </option>
          ))}
        </SelectField>
        {form.action !== 'reject' ? (
          <TextField
            id="re-redirectTo"
            label={t('admin.rules.redirectTo')}
            required
            value={form.redirectTo}
            onChange={(e) => set('redirectTo', e.target.value)}
            error={msg(errors.redirectTo)}
            hint={t('admin.rules.redirectHint')}
          />
        ) : null}
      </div>
      <TextArea
        id="re-keywords"
        label={t('admin.rules.keywords')}
        rows={4}
        value={form.keywords}
        onChange={(e) => set('keywords', e.target.value)}
        error={msg(errors.keywords)}
        hint={t('admin.rules.keywordsHint', { n: count })}
      />
      <TextArea
        id="re-guidanceVi"
        label={t('admin.rules.guidanceVi')}
        required
        rows={3}
        value={form.guidanceVi}
        onChange={(e) => set('guidanceVi', e.target.value)}
        error={msg(errors.guidanceVi)}
        hint={t('admin.rules.guidanceHint')}
      />
      <TextArea
        id="re-guidanceEn"
        label={t('admin.rules.guidanceEn')}
        lang="en"
        rows={3}
        value={form.guidanceEn}
        onChange={(e) => set('guidanceEn', e.target.value)}
      />
    </Editor>
  );
}
