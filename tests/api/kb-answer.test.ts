/**
 * R-WF-1 / R-KB-3 through the API: an answer given from the knowledge base records which
 * article, in which version, it came from; an unknown or unpublished article is refused and
 * changes nothing; an outside reference is kept as given.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody, type Client } from '../helpers/app.ts';

const t = await createTestApp();
after(t.close);

const stp = await t.newAgency({ code: 'STP', name: 'Sở Tư pháp' });
let op: Client;
let coord: Client;
let fp: Client;

before(async () => {
  [op, coord, fp] = await Promise.all([
    t.login(await t.newUser('operator')),
    t.login(await t.newUser('coordinator')),
    t.login(await t.newUser('focal_point', stp)),
  ]);
});

const faq = {
  kind: 'faq',
  code: 'HD-TP-001',
  title: 'Đăng ký khai sinh cho con ở đâu?',
  summary: 'Cha mẹ đăng ký khai sinh tại UBND xã, phường nơi cư trú trong 60 ngày.',
  body: 'Không mất lệ phí nếu đăng ký đúng hạn.',
};

async function article(over: Record<string, unknown> = {}, publish = true) {
  const c = await fp.post('/api/v1/kb/articles', { ...faq, ...over });
  assert.equal(c.status, 201, JSON.stringify(c.body));
  if (!publish) return c.body as { id: string; version: number };
  assert.equal((await fp.post(`/api/v1/kb/articles/${c.body.id}/submit`)).status, 200);
  const p = await coord.post(`/api/v1/kb/articles/${c.body.id}/publish`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body as { id: string; version: number };
}

async function ticket() {
  const r = await op.post(
    '/api/v1/tickets',
    ticketBody({ content: 'Hỏi nơi làm khai sinh cho con' }),
  );
  assert.equal(r.status, 201);
  assert.deepEqual(r.body.flags, [], 'not flagged');
  return r.body as { id: string; version: number };
}

test('an answer from an article records its id, version, title and code on the event', async () => {
  const a = await article();
  const tk = await ticket();
  const answer = `${faq.summary}\n\nNguồn: ${faq.title}`;
  const r = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, {
    answer,
    kbArticleId: a.id,
    version: tk.version,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const ev = r.body.timeline.at(-1);
  assert.equal(ev.action, 'answer_directly');
  assert.deepEqual(ev.data, {
    answer,
    kbArticleId: a.id,
    kbVersion: a.version,
    kbTitle: faq.title,
    kbCode: faq.code,
  });
});

test('an older version read by the operator is recorded as that version', async () => {
  const a = await article({ code: 'HD-TP-002' });
  const edited = await fp.patch(`/api/v1/kb/articles/${a.id}`, { summary: 'Nội dung mới.' });
  assert.equal(edited.status, 200);
  await fp.post(`/api/v1/kb/articles/${a.id}/submit`);
  const p = await coord.post(`/api/v1/kb/articles/${a.id}/publish`);
  assert.equal(p.body.version, a.version + 1);
  const tk = await ticket();
  const r = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, {
    answer: 'Trả lời.',
    kbArticleId: a.id,
    kbVersion: a.version,
  });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.timeline.at(-1).data.kbVersion, a.version);
  const tooNew = await op.post(`/api/v1/tickets/${(await ticket()).id}/actions/answer_directly`, {
    answer: 'Trả lời.',
    kbArticleId: a.id,
    kbVersion: a.version + 5,
  });
  assert.equal(tooNew.status, 400);
  assert.equal(tooNew.body.error.code, 'validation_failed');
});

test('an unknown or unpublished article is refused and the ticket stays as it was', async () => {
  const draft = await article({ code: 'HD-TP-003' }, false);
  for (const kbArticleId of [draft.id, '00000000-0000-4000-8000-000000000000']) {
    const tk = await ticket();
    const r = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, {
      answer: 'Trả lời.',
      kbArticleId,
    });
    assert.equal(r.status, 404);
    assert.equal(r.body.error.code, 'kb_article_not_found');
    const after = await op.get(`/api/v1/tickets/${tk.id}`);
    assert.equal(after.body.status, 'received');
    assert.equal(after.body.timeline.length, 1);
  }
});

test('an outside reference is kept as given; a version needs an article id', async () => {
  const tk = await ticket();
  const bad = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, {
    answer: 'Trả lời.',
    kbArticleId: 'KB-TTHC-0042',
    kbVersion: 2,
  });
  assert.equal(bad.status, 400);
  const ok = await op.post(`/api/v1/tickets/${tk.id}/actions/answer_directly`, {
    answer: 'Trả lời.',
    kbArticleId: 'KB-TTHC-0042',
  });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body.timeline.at(-1).data, {
    answer: 'Trả lời.',
    kbArticleId: 'KB-TTHC-0042',
  });
});
