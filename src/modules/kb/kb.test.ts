/**
 * Knowledge base through the HTTP API against real PostgreSQL (R-KB-1…3): who may write,
 * review and publish; drafts never reach search; versions kept; all-or-nothing import with
 * errors that name the row; bad input refused with stable codes; text stored verbatim.
 */
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type Client } from '../../../tests/helpers/app.ts';

const t = await createTestApp();
after(t.close);

const A = await t.newAgency({ code: 'STP', name: 'Sở Tư pháp' });
const B = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
let fpA: Client;
let headA: Client;
let fpB: Client;
let headB: Client;
let op: Client;
let coord: Client;
let admin: Client;

before(async () => {
  [fpA, headA, fpB, headB, op, coord, admin] = await Promise.all([
    t.login(await t.newUser('focal_point', A)),
    t.login(await t.newUser('agency_head', A)),
    t.login(await t.newUser('focal_point', B)),
    t.login(await t.newUser('agency_head', B)),
    t.login(await t.newUser('operator')),
    t.login(await t.newUser('coordinator')),
    t.login(await t.newUser('admin')),
  ]);
});

const procedure = {
  level: 'commune',
  implementingAgency: 'Ủy ban nhân dân cấp xã',
  steps: ['Nộp tờ khai và giấy chứng sinh', 'Nhận giấy khai sinh'],
  dossier: ['Tờ khai đăng ký khai sinh', 'Giấy chứng sinh'],
  processingTime: 'Ngay trong ngày',
  fees: 'Miễn lệ phí',
  legalBasis: ['Luật Hộ tịch số 60/2014/QH13'],
};

function article(over: Record<string, unknown> = {}) {
  return {
    kind: 'procedure',
    code: `T.${Math.random().toString().slice(2, 8)}`,
    title: 'Đăng ký khai sinh',
    summary: 'Cha mẹ đăng ký khai sinh cho con trong 60 ngày.',
    body: 'Nộp tại Ủy ban nhân dân cấp xã.',
    procedure,
    ...over,
  };
}

async function publishedBy(author: Client, body: Record<string, unknown>) {
  const c = await author.post('/api/v1/kb/articles', body);
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.equal((await author.post(`/api/v1/kb/articles/${c.body.id}/submit`)).status, 200);
  const p = await coord.post(`/api/v1/kb/articles/${c.body.id}/publish`);
  assert.equal(p.status, 200, JSON.stringify(p.body));
  return p.body;
}

const search = async (c: Client, q: string, extra = '') =>
  (await c.get(`/api/v1/kb/search?q=${encodeURIComponent(q)}${extra}`)).body;

test('R-KB-1 agency staff write their own agency’s articles only; approvers publish', async () => {
  const created = await fpA.post('/api/v1/kb/articles', article());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const id = created.body.id;
  assert.equal(created.body.status, 'draft');
  assert.equal(created.body.agencyId, A.id);
  assert.equal(created.body.version, 1);

  // Another agency does not see a draft at all; an operator neither.
  assert.equal((await fpB.get(`/api/v1/kb/articles/${id}`)).status, 404);
  assert.equal(
    (await fpB.patch(`/api/v1/kb/articles/${id}`, { title: 'Sửa bậy' })).body.error.code,
    'kb_article_not_found',
  );
  assert.equal((await op.get(`/api/v1/kb/articles/${id}`)).status, 404);
  // Agency staff cannot file articles under another agency; operators write nothing.
  assert.equal((await fpA.post('/api/v1/kb/articles', article({ agencyId: B.id }))).status, 403);
  assert.equal((await op.post('/api/v1/kb/articles', article())).body.error.code, 'forbidden');

  // Publishing needs a review request first, and an approver.
  assert.equal(
    (await coord.post(`/api/v1/kb/articles/${id}/publish`)).body.error.code,
    'kb_invalid_state',
  );
  assert.equal((await fpA.post(`/api/v1/kb/articles/${id}/submit`)).body.status, 'in_review');
  assert.equal((await fpA.post(`/api/v1/kb/articles/${id}/publish`)).status, 403);
  assert.equal((await op.post(`/api/v1/kb/articles/${id}/publish`)).status, 403);
  assert.equal((await headB.post(`/api/v1/kb/articles/${id}/publish`)).status, 404);
  const pub = await headA.post(`/api/v1/kb/articles/${id}/publish`);
  assert.equal(pub.status, 200, JSON.stringify(pub.body));
  assert.equal(pub.body.status, 'published');
  // Without a review date, a year from publication (Monday 2 March 2026 in the test clock).
  assert.equal(pub.body.reviewDue, '2027-03-02');

  // Published: everyone reads it; the other agency still cannot edit it.
  assert.equal((await op.get(`/api/v1/kb/articles/${id}`)).status, 200);
  assert.equal((await fpB.get(`/api/v1/kb/articles/${id}`)).body.canEdit, false);
  assert.equal((await fpB.patch(`/api/v1/kb/articles/${id}`, { title: 'Sửa bậy' })).status, 403);
  assert.equal((await headB.post(`/api/v1/kb/articles/${id}/archive`)).status, 403);

  const audit = await t.db
    .selectFrom('audit_log')
    .select('action')
    .where('entity_id', '=', id)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    ['kb.create', 'kb.submit', 'kb.publish'],
  );
});

test('R-KB-3 drafts are invisible to search; published articles are found; archived gone', async () => {
  const draft = await fpA.post(
    '/api/v1/kb/articles',
    article({
      kind: 'faq',
      code: null,
      procedure: null,
      title: 'Thủ tục nhận nuôi con nuôi trong nước',
    }),
  );
  const ids = async (q: string) => (await search(op, q)).items.map((i: { id: string }) => i.id);
  assert.ok(!(await ids('nhan nuoi con nuoi')).includes(draft.body.id));
  await fpA.post(`/api/v1/kb/articles/${draft.body.id}/submit`);
  assert.ok(!(await ids('nhan nuoi con nuoi')).includes(draft.body.id), 'in review: still hidden');
  await coord.post(`/api/v1/kb/articles/${draft.body.id}/publish`);
  const found = await search(op, 'nhan nuoi con nuoi');
  assert.equal(found.items[0]?.id, draft.body.id);
  assert.equal(found.items[0].kind, 'faq');
  assert.deepEqual(
    found.items[0].titleHighlights.map(([s, e]: [number, number]) =>
      found.items[0].title.slice(s, e),
    ),
    ['nhận nuôi con nuôi'],
  );
  assert.equal(found.items[0].needsReview, false);
  // Operators search; they cannot archive.
  assert.equal((await op.post(`/api/v1/kb/articles/${draft.body.id}/archive`)).status, 403);
  assert.equal(
    (await fpA.post(`/api/v1/kb/articles/${draft.body.id}/archive`)).body.status,
    'archived',
  );
  assert.ok(!(await ids('nhan nuoi con nuoi')).includes(draft.body.id));
  assert.equal((await op.get(`/api/v1/kb/articles/${draft.body.id}`)).status, 404);
});

test('search: codes first, kind filter, diacritics and synonyms, snippets with highlights', async () => {
  const a = await publishedBy(
    fpA,
    article({ code: '1.001193', title: 'Đăng ký khai sinh lưu động' }),
  );
  await publishedBy(
    fpA,
    article({
      kind: 'faq',
      code: null,
      procedure: null,
      title: 'Mất CMND thì làm lại ở đâu?',
      summary: 'Đến Công an cấp xã làm thủ tục cấp thẻ căn cước.',
    }),
  );
  const byCode = await search(op, '1.001193');
  assert.equal(byCode.items[0].id, a.id);
  assert.equal(byCode.items[0].match, 'code');
  const cccd = await search(op, 'cccd bị mất', '&kind=faq');
  assert.equal(cccd.items[0].title, 'Mất CMND thì làm lại ở đâu?');
  assert.ok(cccd.items.every((i: { kind: string }) => i.kind === 'faq'));
  const s = cccd.items[0];
  assert.deepEqual(
    s.highlights.map(([from, to]: [number, number]) => s.snippet.slice(from, to)),
    ['thẻ căn cước'],
  );
  // Typed without marks, with the other tone placement and i/y spelling.
  const plain = await search(op, 'dang ki khai sinh luu dong');
  assert.equal(plain.items[0].id, a.id);
  assert.equal(typeof plain.items[0].score, 'number');
  assert.equal(plain.items[0].level, 'commune');
});

test('R-KB-1 versions kept; an edit of a published article waits for publication', async () => {
  const p = await publishedBy(fpA, article({ title: 'Cấp bản sao trích lục hộ tịch' }));
  const id = p.id;
  // Version 1 published. Edit: version 2 waits; operators still read version 1.
  const edit = await fpA.patch(`/api/v1/kb/articles/${id}`, {
    title: 'Cấp bản sao trích lục hộ tịch (sửa đổi)',
    note: 'Cập nhật tiêu đề',
    baseVersion: 1,
  });
  assert.equal(edit.status, 200, JSON.stringify(edit.body));
  assert.equal(edit.body.title, 'Cấp bản sao trích lục hộ tịch');
  assert.equal(edit.body.pendingRevision.version, 2);
  assert.equal(edit.body.pendingRevision.content.title, 'Cấp bản sao trích lục hộ tịch (sửa đổi)');
  assert.equal((await op.get(`/api/v1/kb/articles/${id}`)).body.pendingRevision, null);
  assert.equal(
    (await search(op, 'trich luc ho tich')).items[0].title,
    'Cấp bản sao trích lục hộ tịch',
  );
  // A stale edit is refused.
  const stale = await fpA.patch(`/api/v1/kb/articles/${id}`, { summary: 'x', baseVersion: 1 });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error.code, 'kb_version_conflict');
  // Submit and publish the edit.
  assert.equal(
    (await fpA.post(`/api/v1/kb/articles/${id}/submit`)).body.pending.status,
    'in_review',
  );
  const pub = await headA.post(`/api/v1/kb/articles/${id}/publish`);
  assert.equal(pub.body.title, 'Cấp bản sao trích lục hộ tịch (sửa đổi)');
  assert.equal(pub.body.version, 2);
  assert.equal(pub.body.pending, null);
  const versions = await fpA.get(`/api/v1/kb/articles/${id}/versions`);
  assert.deepEqual(
    versions.body.map((v: { version: number; published: boolean }) => [v.version, v.published]),
    [
      [2, true],
      [1, true],
    ],
  );
  assert.equal(versions.body[0].note, 'Cập nhật tiêu đề');
  // A draft version is seen by the agency, not by operators.
  await fpA.patch(`/api/v1/kb/articles/${id}`, { summary: 'Bản nháp' });
  assert.equal((await fpA.get(`/api/v1/kb/articles/${id}/versions`)).body.length, 3);
  assert.equal((await op.get(`/api/v1/kb/articles/${id}/versions`)).body.length, 2);
});

test('review-due: past review dates and expiries are flagged and listed', async () => {
  const due = await publishedBy(
    fpA,
    article({
      title: 'Thông báo cũ về lệ phí hộ tịch',
      kind: 'policy',
      code: null,
      procedure: null,
      reviewDue: '2026-01-31',
    }),
  );
  const expired = await publishedBy(
    fpB,
    article({
      title: 'Quy định tạm thời về cấp phép',
      kind: 'policy',
      code: null,
      procedure: null,
      expiresAt: '2026-02-28',
    }),
  );
  assert.equal(due.needsReview, true);
  assert.equal(expired.needsReview, true);
  assert.equal(expired.expired, true);
  const hit = (await search(op, 'thong bao cu ve le phi ho tich')).items[0];
  assert.equal(hit.id, due.id);
  assert.equal(hit.needsReview, true);
  const all = await coord.get('/api/v1/kb/review-due');
  const ids = all.body.map((a: { id: string }) => a.id);
  assert.ok(ids.includes(due.id) && ids.includes(expired.id));
  // Agency staff see their own agency's list.
  const mine = await fpA.get('/api/v1/kb/review-due');
  assert.ok(mine.body.every((a: { agencyId: string }) => a.agencyId === A.id));
  assert.equal((await fpA.get(`/api/v1/kb/review-due?agencyId=${B.id}`)).status, 403);
});

test('listing: agencies see their drafts, operators only what is published', async () => {
  await fpB.post('/api/v1/kb/articles', article({ code: null, title: 'Nháp của Sở Xây dựng' }));
  const mine = await fpB.get('/api/v1/kb/articles?status=draft');
  assert.ok(mine.body.total >= 1);
  assert.ok(mine.body.items.every((a: { agencyId: string }) => a.agencyId === B.id));
  const opDrafts = await op.get('/api/v1/kb/articles?status=draft');
  assert.equal(opDrafts.body.total, 0);
  const opAll = await op.get('/api/v1/kb/articles');
  assert.ok(opAll.body.items.every((a: { status: string }) => a.status === 'published'));
  assert.equal(
    (await coord.get(`/api/v1/kb/articles?agencyId=${B.id}&status=draft`)).body.total >= 1,
    true,
  );
});

test('import: all or nothing, errors name the row; CSV with semicolons; codes update', async () => {
  const count = async () =>
    Number(
      (
        await t.db
          .selectFrom('kb_article')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  const rows = [
    { ...article({ code: 'IMP.1', title: 'Nhập thử một' }), agencyCode: 'STP' },
    { ...article({ code: 'IMP.2', title: 'Nhập thử hai', procedure: null }), agencyCode: 'STP' },
    { ...article({ code: 'IMP.3', title: 'Nhập thử ba' }), agencyCode: 'KHONGCO' },
    { ...article({ code: 'IMP.1', title: 'Trùng mã' }), agencyCode: 'STP' },
  ];
  for (const r of rows) delete (r as Record<string, unknown>).agencyId;
  const bad = await admin.post('/api/v1/kb/import', rows);
  assert.equal(bad.status, 422);
  assert.equal(bad.body.error.code, 'kb_import_invalid');
  assert.deepEqual(
    bad.body.error.details.errors.map((e: { row: number; path: string }) => [e.row, e.path]),
    [
      [2, 'procedure'],
      [3, 'agencyCode'],
      [4, 'code'],
    ],
  );
  assert.equal(await count(), before, 'nothing stored');
  assert.equal((await coord.post('/api/v1/kb/import', [rows[0]])).status, 403);

  const ok = await admin.post('/api/v1/kb/import?publish=true', [rows[0]]);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.deepEqual([ok.body.created, ok.body.updated], [1, 0]);
  assert.equal((await search(op, 'IMP.1')).items[0].title, 'Nhập thử một');

  const csv = [
    'kind;code;title;summary;agency_code;level;steps;processing_time;fees;effective_from',
    'procedure;IMP.1;Nhập thử một (bản 2);Tóm tắt;STP;cấp xã;"Bước 1',
    'Bước 2";03 ngày làm việc;Không thu;01/07/2025',
    'faq;;"Hỏi ""đáp"" qua CSV";Trả lời;SXD;;;;;',
  ].join('\r\n');
  const imported = await admin.req('POST', '/api/v1/kb/import?publish=true', csv, {
    'content-type': 'text/csv',
  });
  assert.equal(imported.status, 201, JSON.stringify(imported.body));
  assert.deepEqual([imported.body.created, imported.body.updated], [1, 1]);
  const updated = await op.get(`/api/v1/kb/articles/${imported.body.articles[0].id}`);
  assert.equal(updated.body.title, 'Nhập thử một (bản 2)');
  assert.equal(updated.body.version, 2);
  assert.deepEqual(updated.body.procedure.steps, ['Bước 1', 'Bước 2']);
  assert.equal(updated.body.procedure.level, 'commune');
  assert.equal(updated.body.effectiveFrom, '2025-07-01');
  assert.equal(
    (await op.get(`/api/v1/kb/articles/${imported.body.articles[1].id}`)).body.title,
    'Hỏi "đáp" qua CSV',
  );

  const badCsv = 'kind,title,agency_code\nfaq,Được,STP\nfaq,,STP\nthủ tục,Thủ tục X,STP\n';
  const res = await admin.req('POST', '/api/v1/kb/import', badCsv, { 'content-type': 'text/csv' });
  assert.equal(res.status, 422);
  assert.deepEqual(
    res.body.error.details.errors.map((e: { row: number; line: number; path: string }) => [
      e.row,
      e.line,
      e.path,
    ]),
    [
      [2, 3, 'title'],
      [3, 4, 'procedure'],
    ],
  );
  const unknownColumn = await admin.req('POST', '/api/v1/kb/import', 'kind,title,agency,x\n', {
    'content-type': 'text/csv',
  });
  assert.equal(unknownColumn.status, 422);
  assert.match(unknownColumn.body.error.details.errors[0].message, /unknown columns: agency, x/);
});

test('bad input: stable codes, nothing stored', async () => {
  const count = async () =>
    Number(
      (
        await t.db
          .selectFrom('kb_article')
          .select((e) => e.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const before = await count();
  for (const body of [
    article({ kind: 'procedure', procedure: null }),
    article({ kind: 'faq' }),
    article({ title: '' }),
    article({ kind: 'guide' }),
    article({ sourceUrl: 'javascript:alert(1)' }),
    article({ effectiveFrom: '2026-05-01', expiresAt: '2026-04-01' }),
    article({ reviewDue: '31/12/2026' }),
    article({ code: 'có dấu cách' }),
  ]) {
    const res = await fpA.post('/api/v1/kb/articles', body);
    assert.equal(res.status, 400, JSON.stringify(body));
    assert.equal(res.body.error.code, 'validation_failed');
  }
  assert.equal(
    (await coord.post('/api/v1/kb/articles', article())).body.error.code,
    'validation_failed',
  );
  assert.equal(
    (
      await coord.post(
        '/api/v1/kb/articles',
        article({ agencyId: '00000000-0000-4000-8000-000000000000' }),
      )
    ).body.error.code,
    'agency_not_found',
  );
  assert.equal((await op.get('/api/v1/kb/search?q=')).status, 400);
  assert.equal((await op.get('/api/v1/kb/search?q=x&limit=500')).status, 400);
  assert.equal((await op.get('/api/v1/kb/articles/not-a-uuid')).status, 400);
  assert.equal((await t.anonymous().get('/api/v1/kb/search?q=khai%20sinh')).status, 401);
  assert.equal(await count(), before);
  // A code is unique in the tenant.
  await fpA.post('/api/v1/kb/articles', article({ code: 'UNIQ.1' }));
  const dup = await fpB.post('/api/v1/kb/articles', article({ code: 'uniq.1' }));
  assert.equal(dup.status, 409);
  assert.equal(dup.body.error.code, 'kb_code_taken');
});

test('script in an article is stored verbatim and returned as JSON text', async () => {
  const evil = '<script>alert("khai sinh")</script><img src=x onerror=alert(1)>';
  const p = await publishedBy(
    fpA,
    article({
      kind: 'faq',
      code: null,
      procedure: null,
      title: `Khai sinh ${evil}`,
      summary: evil,
      body: evil,
    }),
  );
  const row = await t.db
    .selectFrom('kb_article')
    .select(['title', 'body'])
    .where('id', '=', p.id)
    .executeTakeFirstOrThrow();
  assert.equal(row.body, evil);
  assert.equal(row.title, `Khai sinh ${evil}`);
  const res = await op.get(`/api/v1/kb/search?q=${encodeURIComponent('onerror alert')}`);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const hit = res.body.items.find((i: { id: string }) => i.id === p.id);
  assert.equal(hit.title, `Khai sinh ${evil}`);
  assert.equal(hit.snippet, evil);
  const got = await op.get(`/api/v1/kb/articles/${p.id}`);
  assert.equal(got.body.body, evil);
});

test('reindex is for admins and leaves current articles alone', async () => {
  assert.equal((await coord.post('/api/v1/kb/reindex')).status, 403);
  const r = await admin.post('/api/v1/kb/reindex');
  assert.equal(r.status, 200);
  assert.equal(r.body.reindexed, 0);
  // An article indexed by an older normaliser is re-indexed.
  await sql`UPDATE kb_article SET search_revision = 0, search_a = '' WHERE tenant_id = ${t.tenantId}`.execute(
    t.db,
  );
  const again = await admin.post('/api/v1/kb/reindex');
  assert.ok(again.body.reindexed > 0);
  assert.ok((await search(op, 'khai sinh')).items.length > 0);
});
