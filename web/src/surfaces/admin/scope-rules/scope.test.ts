import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyRuleForm, parseKeywords, ruleBody, validateRule } from './scope.ts';

test('scope rules: keywords split and deduplicated; redirects need a number', () => {
  assert.deepEqual(parseKeywords(' cháy,  cứu hộ\nCháy;\n\n cứu   nạn '), [
    'cháy',
    'cứu hộ',
    'cứu nạn',
  ]);
  const f = {
    ...emptyRuleForm(),
    code: 'CC',
    name: 'Cháy nổ',
    action: 'redirect' as const,
    guidanceVi: 'Gọi 114',
    keywords: 'cháy',
  };
  assert.deepEqual(validateRule(f, 'create', []), {
    redirectTo: { key: 'admin.rules.err.redirect' },
  });
  const ok = { ...f, redirectTo: '114' };
  assert.deepEqual(validateRule(ok, 'create', []), {});
  assert.equal(ruleBody({ ...ok, action: 'reject' }).redirectTo, null);
  // A rule without keywords screens nothing but still serves as a rejection template.
  assert.deepEqual(validateRule({ ...ok, keywords: '' }, 'edit', []), {});
});
