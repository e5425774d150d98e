import { adminApi } from '../api.ts';
import { invalidateCached, useResource } from '../../../api/hooks.tsx';
import type { ScopeRule } from '../../../../../src/contract/org.ts';
import { useListScreen, useWrite } from '../../../ui/resource/hooks.ts';
import { AddButton, ListScreen } from '../../../ui/resource/ListScreen.tsx';
import { ConfirmButton } from '../../../ui/resource/parts.tsx';
import { useAdminI18n } from '../i18n.ts';
import { RuleEdit } from './RuleEdit.tsx';
import { RuleTester } from './RuleTester.tsx';
import { ACTION_KEY } from './scope.ts';

/**
 * Out-of-scope rules (R-SC-3): what the hotline does not accept (security 113, fire 114,
 * ambulance 115, formal complaints…), the words that flag it while an operator types, and the
 * guidance read to the citizen. A box tries any text against the rules in force.
 */
export function RuleList() {
  const { t } = useAdminI18n();
  const rules = useResource(adminApi.scopeRules, 'admin:scope-rules');
  const screen = useListScreen<{ rule: ScopeRule | null }>();
  const toggle = useWrite();

  async function setActive(r: ScopeRule, active: boolean) {
    screen.setSaved(null);
    const res = await toggle.run(() => adminApi.updateScopeRule(r.id, { active }));
    if (res) {
      screen.setSaved(
        t(active ? 'admin.rules.activated' : 'admin.rules.deactivated', { name: r.name }),
      );
      rules.reload();
      invalidateCached('scope-rules');
    }
  }

  return (
    <ListScreen
      title={t('admin.rules.title')}
      intro={t('admin.rules.intro')}
      actions={
        <AddButton label={t('admin.rules.add')} onClick={() => screen.open({ rule: null })} />
      }
      saved={screen.saved}
      errors={[toggle.error]}
      editor={
        screen.editing ? (
          <RuleEdit
            key={screen.editing.rule?.id ?? 'new'}
            rule={screen.editing.rule}
            taken={(rules.data ?? []).map((r) => r.code)}
            onCancel={screen.close}
            onSaved={(text) => {
              screen.done(text);
              rules.reload();
              invalidateCached('scope-rules');
            }}
          />
        ) : null
      }
      data={rules.data}
      error={rules.error}
      onRetry={rules.reload}
    >
      {(list) => (
        <div className="rules-layout">
          <div>
            {list.length === 0 ? (
              <p className="muted empty">{t('admin.rules.none')}</p>
            ) : (
              <ul className="cards">
                {list.map((r) => (
                  <li key={r.id}>
                    <RuleCard
                      rule={r}
                      busy={toggle.busy}
                      onEdit={() => screen.open({ rule: r })}
                      onActive={(active) => void setActive(r, active)}
                    />
                  </li>
                ))}
              </ul>
            )}
          </div>
          <RuleTester rules={list.filter((r) => r.active)} />
        </div>
      )}
    </ListScreen>
  );
}

function RuleCard({
  rule: r,
  busy,
  onEdit,
  onActive,
}: {
  rule: ScopeRule;
  busy: boolean;
  onEdit: () => void;
  onActive: (active: boolean) => void;
}) {
  const { t } = useAdminI18n();
  return (
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
        {r.active ? null : <span className="badge badge-off">{t('admin.rules.off')}</span>}
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
          onClick={onEdit}
        >
          {t('admin.edit')}
        </button>
        {r.active ? (
          <ConfirmButton
            label={t('admin.rules.deactivate')}
            question={t('admin.rules.deactivateQ', { name: r.name })}
            busy={busy}
            onConfirm={() => onActive(false)}
          />
        ) : (
          <button
            type="button"
            className="btn btn-small"
            aria-label={t('admin.rules.activateNamed', { name: r.name })}
            onClick={() => onActive(true)}
          >
            {t('admin.rules.activate')}
          </button>
        )}
      </div>
    </section>
  );
}
