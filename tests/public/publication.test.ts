import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, ticketBody, type Client, type TestApp } from '../helpers/app.ts';
import { get, seed, submit, tokenOf, validFields, type Seed } from './support.ts';

let t: TestApp;
let s: Seed;
let op: Client;
let coord: Client;
before(async () => {
  t = await createTestApp();
  s = await seed(t);
  op = await t.login(await t.newUser('operator'));
  coord = await t.login(await t.newUser('coordinator'));
});
after(() => t.close());

const ANSWER =
  'Sở Xây dựng đã kiểm tra và thay bóng đèn ngày 05/3/2026. Ông Nguyễn Văn An có thể gọi 0912345678 nếu đèn hỏng lại.';

/** A ticket answered by the hotline; `over` changes the intake body. */
async function answered(over: Record<string, unknown> = {}) {
  const c = await op.post(
    '/api/v1/tickets',
    ticketBody({
      content:
        'Tôi là Nguyễn Văn An, nhà ở số 12 đường Trần Hưng Đạo, SĐT 0912345678. Đèn đường trước nhà bị hỏng.',
      fieldId: s.fieldId,
      ...over,
    }),
  );
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const a = await op.post(`/api/v1/tickets/${c.body.id}/actions/answer_directly`, {
    answer: ANSWER,
  });
  assert.equal(a.status, 200, JSON.stringify(a.body));
  return c.body as { id: string; code: string };
}

async function audits(ticketId: string, action: string) {
  return t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_id', '=', ticketId)
    .where('action', '=', action)
    .execute();
}

test('R-PUB-1/2 the approver reviews proposed redactions, adjusts them and publishes; the site shows only the approved text', async () => {
  const tk = await answered();
  const cands = await op.get('/api/v1/publications');
  assert.equal(cands.status, 200);
  assert.ok(cands.body.some((c: { ticketId: string }) => c.ticketId === tk.id));

  const d = await op.get(`/api/v1/publications/${tk.id}`);
  assert.equal(d.status, 200, JSON.stringify(d.body));
  assert.equal(d.body.publishable, true);
  const q = d.body.proposal.question;
  assert.deepEqual(
    q.redactions.map((r: { kind: string; text: string }) => [r.kind, r.text]),
    [
      ['name', 'Nguyễn Văn An'],
      ['address', 'số 12 đường Trần Hưng Đạo'],
      ['phone', '0912345678'],
    ],
  );
  assert.doesNotMatch(q.redacted, /Nguyễn Văn An|0912345678|số 12/);
  const a = d.body.proposal.answer;
  assert.doesNotMatch(a.redacted, /Nguyễn Văn An|0912345678/);
  assert.match(a.redacted, /Sở Xây dựng/, 'agency names stay');

  // The citizen's own name left in the text is refused; nothing is published.
  const bad = await op.put(`/api/v1/publications/${tk.id}`, {
    title: 'Đèn đường hỏng',
    question: q.original,
    answer: a.redacted,
  });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'publication_personal_data');
  assert.equal((await t.db.selectFrom('publication').selectAll().execute()).length, 0);

  // The approver's adjusted text (a word the automatic pass did not know to hide).
  const title = 'Đèn đường <b>hỏng</b> "trước nhà"';
  const pub = await op.put(`/api/v1/publications/${tk.id}`, {
    title,
    question: q.redacted,
    answer: a.redacted,
  });
  assert.equal(pub.status, 200, JSON.stringify(pub.body));
  assert.equal((await audits(tk.id, 'publication.publish')).length, 1);

  const list = await get(t, '/cong-dan/tra-loi');
  assert.match(list.body, /Đèn đường &lt;b&gt;hỏng&lt;\/b&gt; &quot;trước nhà&quot;/);
  const page = await get(t, `/cong-dan/tra-loi/${tk.id}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /Nguyễn Văn An|0912345678|<b>hỏng/);
  assert.match(page.body, /\[họ tên\]/);
  // Filters: by field (match and no match), by words, by period.
  assert.match((await get(t, `/cong-dan/tra-loi?field=${s.fieldId}`)).body, /1 kết quả/);
  assert.match((await get(t, `/cong-dan/tra-loi?field=${s.otherFieldId}`)).body, /0 kết quả/);
  assert.match((await get(t, '/cong-dan/tra-loi?q=b%C3%B3ng%20%C4%91%C3%A8n')).body, /1 kết quả/);
  assert.match((await get(t, '/cong-dan/tra-loi?from=2026-03-01&to=2026-03-31')).body, /1 kết quả/);
  assert.match((await get(t, '/cong-dan/tra-loi?from=2026-04-01')).body, /0 kết quả/);
  assert.equal((await get(t, '/cong-dan/tra-loi?field=abc')).statusCode, 400);
  assert.equal((await get(t, '/cong-dan/tra-loi?from=hôm-qua')).statusCode, 400);

  // Withdrawn: gone from the site, audited; withdrawing twice finds nothing.
  const un = await coord.delete(`/api/v1/publications/${tk.id}`);
  assert.equal(un.status, 200);
  assert.equal((await audits(tk.id, 'publication.unpublish')).length, 1);
  assert.equal((await get(t, `/cong-dan/tra-loi/${tk.id}`)).statusCode, 404);
  assert.equal((await coord.delete(`/api/v1/publications/${tk.id}`)).status, 404);
  // Published again, then the ticket is reopened: the stale answer leaves the site by itself.
  assert.equal(
    (
      await op.put(`/api/v1/publications/${tk.id}`, {
        title: 'Đèn đường hỏng',
        question: q.redacted,
        answer: a.redacted,
      })
    ).status,
    200,
  );
  assert.equal((await get(t, `/cong-dan/tra-loi/${tk.id}`)).statusCode, 200);
  const re = await op.post(`/api/v1/tickets/${tk.id}/actions/reopen`, { reason: 'Đèn lại hỏng' });
  assert.equal(re.status, 200, JSON.stringify(re.body));
  assert.equal((await get(t, `/cong-dan/tra-loi/${tk.id}`)).statusCode, 404);
});

test('R-PUB-2 confidential tickets and web tickets without consent are never published', async () => {
  const conf = await answered({ confidential: true });
  const d = await op.get(`/api/v1/publications/${conf.id}`);
  assert.equal(d.body.publishable, false);
  assert.equal(d.body.ineligible, 'confidential');
  const body = { title: 'Tiêu đề', question: 'Nội dung đã ẩn tên.', answer: 'Trả lời đã ẩn tên.' };
  const r = await op.put(`/api/v1/publications/${conf.id}`, body);
  assert.equal(r.status, 409);
  assert.equal(r.body.error.code, 'publication_not_allowed');

  // Through the website without consent.
  const res = await submit(t, validFields(s, { consent: '' }));
  const token = tokenOf(res);
  const page = await get(t, `/cong-dan/phieu?t=${encodeURIComponent(token)}&moi=1`);
  const code = /id="ticket-code">([^<]+)</.exec(page.body)![1]!;
  const web = await t.db
    .selectFrom('ticket')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.equal(
    (await op.post(`/api/v1/tickets/${web.id}/actions/answer_directly`, { answer: ANSWER })).status,
    200,
  );
  assert.equal((await op.get(`/api/v1/publications/${web.id}`)).body.ineligible, 'no_consent');
  assert.equal((await op.put(`/api/v1/publications/${web.id}`, body)).status, 409);
  const cands = await op.get('/api/v1/publications');
  const ids = cands.body.map((c: { ticketId: string }) => c.ticketId);
  assert.ok(!ids.includes(web.id) && !ids.includes(conf.id));
  assert.equal(
    (
      await t.db
        .selectFrom('publication')
        .selectAll()
        .where('ticket_id', 'in', [web.id, conf.id])
        .execute()
    ).length,
    0,
  );
  // Unanswered tickets are not publishable either; bad bodies are 400.
  const c = await op.post('/api/v1/tickets', ticketBody());
  assert.equal((await op.get(`/api/v1/publications/${c.body.id}`)).body.ineligible, 'not_answered');
  assert.equal((await op.put(`/api/v1/publications/${c.body.id}`, { title: '' })).status, 400);
});
