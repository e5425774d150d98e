import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hasTemplate, renderTemplate } from './templates.ts';

/** Every `template: '…'` the server's code names (state machine, sweeper, services). */
function templatesNamedIn(dir: string, out = new Set<string>()): Set<string> {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) templatesNamedIn(p, out);
    else if (p.endsWith('.ts') && !p.endsWith('.test.ts'))
      for (const m of readFileSync(p, 'utf8').matchAll(/template: '([a-z_]+)'/g)) out.add(m[1]!);
  }
  return out;
}

test('every notification the server sends has its own text, not the generic fallback', () => {
  const named = templatesNamedIn(path.resolve(import.meta.dirname, '../../'));
  assert.ok(named.size >= 15, `found ${named.size}`);
  const missing = [...named].filter((t) => !hasTemplate(t));
  assert.deepEqual(missing, []);
});

test('a coordinator’s reminder carries its reason and the deadline, in both languages', () => {
  const payload = {
    ticketCode: 'PA-2026-000042',
    subject: 'Đèn đường hỏng',
    note: 'Đề nghị giải trình lý do chậm xử lý.',
    dueAt: '2026-03-09T09:00:00.000Z',
  };
  const vi = renderTemplate('agency_reminded', payload, 'vi');
  assert.equal(vi.title, 'Nhắc nhở xử lý phiếu PA-2026-000042');
  assert.equal(
    vi.body,
    'Cơ quan điều phối đề nghị đơn vị khẩn trương xử lý phiếu PA-2026-000042 "Đèn đường hỏng": Đề nghị giải trình lý do chậm xử lý. Hạn xử lý: 16:00 09/03/2026.',
  );
  const en = renderTemplate('agency_reminded', payload, 'en');
  assert.equal(en.title, 'Reminder: ticket PA-2026-000042');
  assert.match(
    en.body,
    /Đề nghị giải trình lý do chậm xử lý\. Deadline: 16:00 09\/03\/2026 \(UTC\+7\)\.$/,
  );
});

test('the escalation notice does not name a duration the tenant may have changed', () => {
  const r = renderTemplate('head_escalated', { ticketCode: 'X' }, 'vi');
  assert.doesNotMatch(r.title, /\d+ giờ/);
});
