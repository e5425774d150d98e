/**
 * Personal data masked as a rule of the data (R-PUB-2): over tickets seeded with known
 * citizens — their names, phones, emails, ID numbers and addresses also written inside
 * contents, answers, notes, a chat's transcript, call records and notifications — every
 * operation of the OpenAPI document a masked role may call (leaders and administrators; agency
 * staff on a confidential ticket) answers without any of those values; masked roles cannot
 * find a ticket or a call by them; files that cannot be masked are refused; the hotline sees
 * everything as written.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, ticketBody, type ApiResponse } from '../helpers/app.ts';
import { buildCall } from '../factories.ts';
import { can, type Permission } from '../../src/core/access/permissions.ts';
import { ACTIONS } from '../../src/core/ticket/state-machine.ts';
import type { Role } from '../../src/contract/enums.ts';
import { assertError, outboxFor, signIn, type Session } from './support.ts';

const t = await createTestApp({ listen: true });
after(t.close);

const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const other = await t.newAgency({ code: 'STNMT', name: 'Sở Tài nguyên và Môi trường' });
const op = await signIn(t, await t.newUser('operator'));
const sup = await signIn(t, await t.newUser('supervisor'));
const masked = {
  leader: await signIn(t, await t.newUser('leader')),
  admin: await signIn(t, await t.newUser('admin')),
  focal_point: await signIn(t, await t.newUser('focal_point', agency)),
  agency_head: await signIn(t, await t.newUser('agency_head', agency)),
} satisfies Partial<Record<Role, Session>>;
type MaskedRole = keyof typeof masked;

interface Citizen {
  name: string;
  phone: string;
  email: string;
  address: string;
  idNumber: string;
  /** The given name, as an answer greets them ("ông Cường"). */
  given: string;
}
/** An ordinary ticket's citizen: masked for leaders and administrators. */
const C1: Citizen = {
  name: 'Phạm Minh Cường',
  phone: '0981234548',
  email: 'cuong.pham@example.vn',
  address: '45 Lê Lợi, phường Thạch Thang',
  idNumber: '079123456789',
  given: 'Cường',
};
/** A confidential ticket's citizen: masked for agency staff too. */
const C2: Citizen = {
  name: 'Lê Thị Hồng Nhung',
  phone: '0903555777',
  email: 'nhung.le@example.vn',
  address: 'số 7 hẻm 12 Nguyễn Trãi',
  idNumber: '031987654321',
  given: 'Nhung',
};
/** A chat visitor (the ticket made from the chat carries their name and transcript). */
const C3: Citizen = {
  name: 'Võ Thanh Tùng',
  phone: '0934111222',
  email: 'tung.vo@example.vn',
  address: '88 Hùng Vương, phường 2',
  idNumber: '045111222333',
  given: 'Tùng',
};
/** A caller of the call log, who keyed their CMND into the IVR. */
const C4: Citizen = {
  name: 'Đặng Quốc Bảo',
  phone: '0977888999',
  email: 'bao.dang@example.vn',
  address: '3 Phan Chu Trinh, phường 5',
  idNumber: '025123456',
  given: 'Đặng Quốc Bảo',
};

const contentOf = (c: Citizen) =>
  `Tôi là ${c.name}, CCCD ${c.idNumber}, nhà ở ${c.address}. Điện thoại ` +
  `${c.phone.slice(0, 4)} ${c.phone.slice(4, 7)} ${c.phone.slice(7)}, email ${c.email}. ` +
  'Đèn đường trước nhà hỏng nhiều ngày, đề nghị sửa chữa.';
const answerOf = (c: Citizen) =>
  `Kính gửi ông/bà ${c.name}. Sở Xây dựng đã sửa đèn trước nhà ông/bà ${c.given} tại ` +
  `${c.address}; cán bộ đã gọi số ${c.phone} và gửi thư tới ${c.email}.`;

const ok = (r: ApiResponse, status = 200) => {
  assert.equal(r.status, status, JSON.stringify(r.body));
  return r.body;
};

async function ticketOf(c: Citizen, over: Record<string, unknown> = {}) {
  const photo = ok(
    await op.upload('cccd-mat-truoc.jpg', 'image/jpeg', '\xff\xd8\xff\xe0 ảnh'),
    201,
  );
  const note = ok(await op.upload('ghi-chu.txt', 'text/plain', `Ghi chú: ${contentOf(c)}`), 201);
  const created = ok(
    await op.post(
      '/api/v1/tickets',
      ticketBody({
        subject: `${c.name} phản ánh đèn đường`,
        content: contentOf(c),
        citizen: { name: c.name, phone: c.phone, email: c.email, address: c.address },
        attachmentIds: [photo.id, note.id],
        ...over,
      }),
    ),
    201,
  );
  ok(
    await op.post(`/api/v1/tickets/${created.id}/actions/forward`, {
      agencyId: agency.id,
      note: `Chuyển, công dân ${c.name} (${c.phone}) cần được gọi lại.`,
    }),
  );
  ok(await masked.focal_point.post(`/api/v1/tickets/${created.id}/actions/accept`));
  ok(
    await masked.focal_point.post(`/api/v1/tickets/${created.id}/actions/comment`, {
      reason: `Đã liên hệ ${c.name}, CCCD ${c.idNumber}.`,
    }),
  );
  ok(
    await masked.focal_point.post(`/api/v1/tickets/${created.id}/actions/answer_agency`, {
      answer: answerOf(c),
    }),
  );
  return { id: created.id as string, code: created.code as string, photo: photo.id, note: note.id };
}

const t1 = await ticketOf(C1);
const t2 = await ticketOf(C2, { confidential: true });
// Answered at once by the switchboard, greeting the citizen by name.
const t1b = ok(
  await op.post(
    '/api/v1/tickets',
    ticketBody({
      content: contentOf(C1),
      citizen: { name: C1.name, phone: C1.phone, email: C1.email, address: C1.address },
    }),
  ),
  201,
);
ok(await op.post(`/api/v1/tickets/${t1b.id}/actions/answer_directly`, { answer: answerOf(C1) }));

// A chat handed to an operator and turned into a ticket: its transcript is attached.
const chat = t.services.chat;
const session = await chat.start(
  { name: C3.name, phone: C3.phone, email: C3.email, language: 'vi' },
  { ip: '10.9.0.1' },
);
await chat.visitorSend(
  session.token,
  { clientId: randomUUID().replaceAll('-', ''), body: contentOf(C3) },
  { ip: '10.9.0.1' },
);
await chat.handoff(session.token);
const chatId = session.conversation.id;
ok(await op.post(`/api/v1/chats/${chatId}/claim`));
const fromChat = ok(await op.post(`/api/v1/chats/${chatId}/ticket`));
const t3 = fromChat.ticketId as string;
ok(await op.post(`/api/v1/tickets/${t3}/actions/forward`, { agencyId: other.id }));
const transcript = (ok(await op.get(`/api/v1/tickets/${t3}`)).attachments as { id: string }[])[0]!
  .id;

// Call records: a caller with a name who keyed their CMND; one bound to the confidential
// ticket, with its recording.
mkdirSync(path.join(t.ctx.env.dataDir, 'voice', 'recordings', 'mask'), { recursive: true });
writeFileSync(path.join(t.ctx.env.dataDir, 'voice', 'recordings', 'mask', 'c2.wav'), 'RIFF');
const callRow = (
  caller: string,
  name: string | null,
  ticketId: string | null,
  file: string | null,
  digits = '1',
) =>
  buildCall(t.db, t.tenantId, { caller, callerName: name, ticketId, recordingFile: file, digits });
const calls = [
  await callRow(C4.phone, C4.name, null, null, `1${C4.idNumber}`),
  await callRow(C2.phone, C2.name, t2.id, 'mask/c2.wav'),
  await callRow(C1.phone, null, t1.id, null),
];

// Notifications about the tickets, naming their citizens, to every masked user.
const notes: Record<MaskedRole, string[]> = {
  leader: [],
  admin: [],
  focal_point: [],
  agency_head: [],
};
for (const role of Object.keys(masked) as MaskedRole[]) {
  for (const [c, id] of [
    [C1, t1.id],
    [C2, t2.id],
  ] as const) {
    const n = await t.db
      .insertInto('notification')
      .values({
        user_id: masked[role].me.id,
        title: `Phiếu của ${c.name}`,
        body: `Công dân ${c.name} (${c.phone}, ${c.email}) phản ánh tại ${c.address}.`,
        ticket_id: id,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    notes[role].push(String(n.id));
  }
}

// An attempt the abuse filter recorded, from C1's phone and email.
await t.db
  .insertInto('abuse_event')
  .values({
    tenant_id: t.tenantId,
    at: new Date('2026-03-02T01:00:00Z'),
    channel: 'web',
    outcome: 'flagged',
    reasons: ['words'],
    terms: [],
    phone: C1.phone,
    email: C1.email,
    ip: '10.9.0.2',
    excerpt: contentOf(C1),
    ticket_id: t1.id,
  })
  .execute();

/** The citizens whose data `role` must never read. */
const hiddenFrom = (role: MaskedRole): Citizen[] =>
  role === 'leader' || role === 'admin' ? [C1, C2, C3, C4] : [C2];

/** The personal values of `c` found in a response body (phones also without separators). */
function leaks(body: unknown, cs: Citizen[]): string[] {
  const s = (typeof body === 'string' ? body : JSON.stringify(body)).normalize('NFC');
  const digits = s.replace(/(?<=\d)[\s.-]+(?=\d)/g, '');
  const found: string[] = [];
  for (const c of cs) {
    for (const v of [c.name, c.email, c.address, c.given]) if (s.includes(v)) found.push(v);
    for (const v of [c.phone, c.idNumber]) if (digits.includes(v)) found.push(v);
  }
  return found;
}

// ---------------------------------------------------------------------------------- the walk

const spec = ok(await t.anonymous().get('/api/openapi.json'));
type Op = { method: string; path: string; permission: Permission };
const operations: Op[] = [];
for (const [p, item] of Object.entries(spec.paths as Record<string, Record<string, unknown>>)) {
  for (const [method, o] of Object.entries(item)) {
    if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
    const permission = (o as { 'x-permission'?: Permission })['x-permission'];
    assert.ok(permission, `${method} ${p} names no permission`);
    operations.push({ method: method.toUpperCase(), path: p, permission });
  }
}
assert.ok(operations.length > 80, `only ${operations.length} operations`);

/** Every URL worth calling for an operation: each seeded row its path parameters can name. */
function urlsOf(o: Op, role: MaskedRole): string[] {
  let urls = [o.path];
  const fill = (param: string, values: string[]) => {
    urls = urls.flatMap((u) =>
      u.includes(`{${param}}`)
        ? values.map((v) => u.replace(`{${param}}`, encodeURIComponent(v)))
        : [u],
    );
  };
  const base = o.path.split('/')[3];
  const ids: Record<string, string[]> = {
    tickets: [t1.id, t2.id, t1b.id, t3],
    attachments: [t1.photo, t1.note, t2.photo, t2.note, transcript],
    calls: calls,
    notifications: notes[role],
    chats: [chatId],
    calendars: [t.calendarId],
    publications: [t1.id, t2.id],
  };
  fill('id', ids[base ?? ''] ?? [randomUUID()]);
  fill('ticketId', [t1.id, t2.id]);
  fill('action', o.method === 'POST' ? [...ACTIONS] : []);
  fill('number', ['1']);
  fill('code', ['tiep-nhan']);
  fill('name', ['trunk-x']);
  fill('key', ['greeting']);
  fill('date', ['2026-12-25']);
  // Lists: also with the filters a masked role might try its guesses in.
  if (o.method === 'GET' && o.path === '/api/v1/tickets')
    urls.push('/api/v1/tickets?limit=200', `/api/v1/tickets?q=${encodeURIComponent(C1.name)}`);
  return urls;
}

const NEUTRAL = {
  reason: 'Theo dõi tiến độ.',
  note: 'Đã xem.',
  answer: 'Đã xử lý xong.',
  guidance: 'Liên hệ cơ quan có thẩm quyền.',
};

/** Operations left out, with why. */
const SKIPPED = new Set([
  // Ends the session the walk runs in (it returns no data either way).
  'POST /api/v1/auth/logout',
]);

test('R-PUB-2: no operation a masked role can call answers with the personal data it must see masked', async () => {
  const walked: Record<MaskedRole, number> = {
    leader: 0,
    admin: 0,
    focal_point: 0,
    agency_head: 0,
  };
  const problems: string[] = [];
  // Reads first (so every row is read in the state seeded), then writes.
  const ordered = [
    ...operations.filter((o) => o.method === 'GET'),
    ...operations.filter((o) => o.method !== 'GET'),
  ];
  for (const role of Object.keys(masked) as MaskedRole[]) {
    const u = masked[role];
    const cs = hiddenFrom(role);
    for (const o of ordered) {
      if (SKIPPED.has(`${o.method} ${o.path}`) || !can(role, o.permission)) continue;
      for (const url of urlsOf(o, role)) {
        const body = o.method === 'GET' || o.method === 'DELETE' ? undefined : NEUTRAL;
        const res = await u.req(o.method as 'GET', url, body);
        walked[role]++;
        const found = leaks(res.body, cs);
        if (found.length)
          problems.push(`${role} ${o.method} ${url} → ${res.status}: ${found.join(', ')}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  // The walk reached the rows: each role read many operations.
  for (const [role, n] of Object.entries(walked)) assert.ok(n > 40, `${role} walked ${n}`);
});

test('R-PUB-2: masked roles find tickets by code only and cannot filter calls by the caller', async () => {
  const total = async (u: Session, q: string) =>
    ok(await u.get(`/api/v1/tickets?limit=200&q=${encodeURIComponent(q)}`)).total as number;
  for (const role of ['leader', 'admin'] as const) {
    for (const guess of [C1.name, C1.phone, C1.email, C1.idNumber, C1.given, C2.name, C3.name])
      assert.equal(await total(masked[role], guess), 0, `${role} finds "${guess}"`);
    assert.equal(await total(masked[role], t1.code), 1);
    assertError(await masked.leader.get(`/api/v1/calls?caller=${C4.phone}`), 403, 'masked_filter');
  }
  // Agency staff: a confidential ticket by its code only; an ordinary one as before.
  for (const role of ['focal_point', 'agency_head'] as const) {
    for (const guess of [C2.name, C2.phone, C2.idNumber])
      assert.equal(await total(masked[role], guess), 0, `${role} finds "${guess}"`);
    assert.equal(await total(masked[role], t2.code), 1);
    assert.ok((await total(masked[role], C1.name)) >= 1);
  }
  // The hotline searches as before.
  assert.ok((await total(op, C1.name)) >= 2);
  assert.equal(await total(sup, C2.name), 1);
  const byCaller = ok(await sup.get(`/api/v1/calls?caller=${C4.phone}`));
  assert.equal(byCaller.items.length, 1);
  assert.equal(byCaller.items[0].digits, `1${C4.idNumber}`);
});

test('R-PUB-2: a masked role downloads text attachments masked and no file that cannot be masked', async () => {
  const get = (u: Session, id: string) => u.get(`/api/v1/attachments/${id}`);
  for (const role of ['leader', 'admin'] as const) {
    for (const id of [t1.photo, t2.photo])
      assertError(await get(masked[role], id), 403, 'attachment_masked');
    for (const [id, c] of [
      [t1.note, C1],
      [transcript, C3],
    ] as const) {
      const r = await get(masked[role], id);
      assert.equal(r.status, 200);
      assert.deepEqual(leaks(r.body, [c]), [], `${role} reads ${String(r.body)}`);
      assert.match(String(r.body), /\[họ tên\]/);
      assert.match(
        String(r.headers['content-disposition']),
        /filename\*=UTF-8''tep-[0-9a-f]{8}\.txt/,
      );
    }
  }
  for (const role of ['focal_point', 'agency_head'] as const) {
    assert.equal((await get(masked[role], t1.photo)).status, 200, 'an ordinary ticket: as before');
    assert.match(String((await get(masked[role], t1.note)).body), new RegExp(C1.name));
    assertError(await get(masked[role], t2.photo), 403, 'attachment_masked');
    const note = await get(masked[role], t2.note);
    assert.equal(note.status, 200);
    assert.deepEqual(leaks(note.body, [C2]), []);
    // The caller of a confidential ticket is not heard either.
    assertError(
      await masked[role].get(`/api/v1/calls/${calls[1]}/recording`),
      403,
      'attachment_masked',
    );
  }
  // The hotline downloads everything as uploaded.
  assert.equal((await get(op, t2.photo)).status, 200);
  assert.match(String((await get(op, t2.note)).body), new RegExp(C2.name));
  assert.match(String((await get(sup, transcript)).body), new RegExp(C3.name));
  assert.equal((await op.get(`/api/v1/calls/${calls[1]}/recording`)).status, 200);
});

test('R-PUB-2: answers and timelines are masked for a leader and unchanged for the hotline', async () => {
  const seen = ok(await masked.leader.get(`/api/v1/tickets/${t1.id}`));
  assert.match(seen.agencyAnswer, /^Kính gửi ông\/bà \[họ tên\]\. Sở Xây dựng đã sửa đèn/);
  assert.deepEqual(leaks(seen, [C1]), []);
  assert.equal(seen.citizen.name, 'P. M. C.');
  for (const u of [op, sup]) {
    const clear = ok(await u.get(`/api/v1/tickets/${t1.id}`));
    assert.equal(clear.agencyAnswer, answerOf(C1));
    assert.equal(clear.content, contentOf(C1));
    assert.equal(clear.citizen.name, C1.name);
    assert.ok(clear.timeline.some((e: { note: string | null }) => e.note?.includes(C1.phone)));
  }
  // Agency staff read an ordinary ticket's answer as written, a confidential one masked.
  const fp = masked.focal_point;
  assert.equal(ok(await fp.get(`/api/v1/tickets/${t1.id}`)).agencyAnswer, answerOf(C1));
  assert.deepEqual(leaks(ok(await fp.get(`/api/v1/tickets/${t2.id}`)), [C2]), []);
});

test('R-PUB-2: notifications leave masked for the staff who see their ticket masked', async () => {
  const rows = await outboxFor(t, t2.id);
  const agencyStaff = new Set([masked.focal_point.me.id, masked.agency_head.me.id]);
  const toAgency = rows.filter((r) => r.user_id !== null && agencyStaff.has(r.user_id));
  assert.ok(toAgency.length > 0, 'the agency was told of the confidential ticket');
  for (const r of toAgency) assert.deepEqual(leaks(r.payload, [C2]), [], r.template);
  // The ticket's own subject, masked: "[họ tên] phản ánh đèn đường".
  assert.ok(toAgency.some((r) => /\[họ tên\] phản ánh/.test(JSON.stringify(r.payload))));
  // The ordinary ticket's notifications to the same staff are as written.
  const clear = (await outboxFor(t, t1.id)).filter(
    (r) => r.user_id !== null && agencyStaff.has(r.user_id),
  );
  assert.ok(clear.some((r) => JSON.stringify(r.payload).includes(C1.name)));
});

test('R-PUB-2: the public Open311 feed publishes a ticket’s text without its citizen’s ID number, address or name', async () => {
  const r = await t.anonymous().get(`/open311/v2/requests/${t1.code}.json`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const [one] = r.body as { description: string | null }[];
  assert.ok(one?.description, 'the description is published');
  assert.match(one.description, /Đèn đường trước nhà hỏng/);
  assert.deepEqual(leaks(r.body, [C1]), [], one.description);
});
