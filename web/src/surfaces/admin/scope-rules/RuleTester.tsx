import { useState } from 'react';
import type { ScopeRule } from '../../../../../src/contract/org.ts';
import { matchScopeRule } from '../../../../../src/core/routing/routing.ts';
import { TextArea } from '../../../ui/fields.tsx';
import { useAdminI18n } from '../i18n.ts';

/** Screens a text as the operator's form does (same pure matcher as the server). */
export function RuleTester({ rules }: { rules: readonly ScopeRule[] }) {
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
