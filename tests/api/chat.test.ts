/**
 * Live chat (R-CH-5) against real PostgreSQL: the visitor's WebSocket, the bot's knowledge-base
 * suggestions (published only), the hand-off, the chat desk (claim, reply, close, convert),
 * staffed hours from the working calendar, the unclaimed wait, the transcript on the ticket,
 * acknowledgement (R-CH-11), abuse screening and limits (R-AB-1).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestApp, type Client } from '../helpers/app.ts';
import { CHAT_RULES } from '../../src/modules/chat/chat.service.ts';
import { DEFAULT_TERMS } from '../../src/core/abuse/words.ts';
import { randomBytes } from 'node:crypto';
import { startBody } from '../../src/contract/chat.ts';

const t = await createTestApp({ listen: true });
after(t.close);
const chat = t.services.chat;

const admin = await t.login(await t.newUser('admin'));
const op = await t.login(await t.newUser('operator'));
const op2 = await t.login(await t.newUser('operator'));
const sup = await t.login(await t.newUser('supervisor'));
await t.newAgency({ code: 'STP', name: 'Sở Tư pháp' });

const csv = [
  'kind,title,summary,agency_code',
  'faq,Thủ tục đăng ký khai sinh cho trẻ em,Hồ sơ gồm tờ khai và giấy chứng sinh; nộp tại UBND cấp xã,STP',
  'faq,Cấp bản sao trích lục khai sinh,Nộp yêu cầu tại cơ quan đã đăng ký khai sinh,STP',
  'faq,Đăng ký khai sinh có yếu tố nước ngoài,Nộp tại UBND cấp tỉnh,STP',
  'faq,Đăng ký khai sinh lưu động,Áp dụng cho vùng sâu vùng xa,STP',
].join('\n');
const pub = await admin.req('POST', '/api/v1/kb/import?publish=true', csv, {
  'content-type': 'text/csv',
});
assert.equal(pub.status, 201, JSON.stringify(pub.body));
const draft = await admin.req(
  'POST',
  '/api/v1/kb/import',
  'kind,title,summary,agency_code\nfaq,Đăng ký khai sinh bản nháp chưa duyệt,Nháp,STP\n',
  { 'content-type': 'text/csv' },
);
assert.equal(draft.status, 201, JSON.stringify(draft.body));
const draftId = draft.body.articles[0].id as string;

let phoneN = 0;
const visitor = (over: Record<string, unknown> = {}) => ({
  name: 'Trần Thị Bình',
  phone: `09130${String(++phoneN).padStart(5, '0')}`,
  language: 'vi' as const,
  ...over,
});
let ipN = 0;
const ip = () => `10.20.${Math.floor(++ipN / 200)}.${ipN % 200}`;
const uid = () => crypto.randomUUID().replaceAll('-', '');

type Frame = { type: string; [k: string]: unknown };
async function socket(url: string, headers: Record<string, string> = {}) {
  // A real socket: the visitor's frames go through the server as a browser's would.
  const ws = new WebSocket(t.baseUrl.replace(/^http/, 'ws') + url, { headers });
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  const frames: Frame[] = [];
  const waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (raw: Buffer) => {
    const f = JSON.parse(raw.toString()) as Frame;
    frames.push(f);
    for (const w of [...waiters]) {
      if (!w.pred(f)) continue;
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(f);
    }
  });
  const next = (pred: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve, reject) => {
      const found = frames.find(pred);
      if (found) return resolve(found);
      // Not a timed assertion: a guard so a missing frame fails with what did arrive.
      const timer = setTimeout(
        () => reject(new Error(`no matching frame; got ${JSON.stringify(frames).slice(0, 2000)}`)),
        10_000,
      );
      waiters.push({
        pred,
        resolve: (f) => {
          clearTimeout(timer);
          resolve(f);
        },
      });
    });
  return { ws, frames, next, send: (f: unknown) => ws.send(JSON.stringify(f)) };
}
const staffSocket = (c: Client) => socket('/api/v1/ws', { cookie: c.cookieHeader });
const data = (f: Frame) => f.data as Record<string, unknown>;

test('first line: the bot suggests up to 3 published articles, never a draft', async () => {
  const v = await socket('/chat/ws');
  v.send({ type: 'start', ...visitor() });
  const session = await v.next((f) => f.type === 'session');
  assert.match(String(session.token), /^[A-Za-z0-9_-]{32}$/);
  const conv = session.conversation as { id: string; status: string };
  assert.equal(conv.status, 'bot');
  const greeting = (session.messages as { author: string; body: string }[])[0]!;
  assert.equal(greeting.author, 'bot');
  assert.match(greeting.body, /Gặp tổng đài viên/);

  v.send({ type: 'send', clientId: 'c-0000001', body: 'dang ky khai sinh' });
  const ack = await v.next((f) => f.type === 'ack');
  assert.equal(ack.clientId, 'c-0000001');
  const bot = await v.next(
    (f) => f.type === 'chat.message' && data(f).author === 'bot' && data(f).seq === 3,
  );
  const suggestions = data(bot).suggestions as { id: string; title: string }[];
  assert.equal(suggestions.length, 3);
  for (const s of suggestions) assert.match(s.title, /khai sinh/i);
  assert.ok(!suggestions.some((s) => s.id === draftId), 'a draft is never suggested');
  // Stored before acknowledged: the message is in the database.
  const rows = await t.db
    .selectFrom('chat_message')
    .select(['author', 'body', 'seq'])
    .where('conversation_id', '=', conv.id)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    rows.map((r) => r.author),
    ['bot', 'visitor', 'bot'],
  );
  v.ws.terminate();
});

test('a resend with the same client id is stored once; a reconnect resumes by token', async () => {
  const s = await chat.start(visitor(), { ip: ip() });
  const a = await chat.visitorSend(
    s.token,
    { clientId: 'dup-000001', body: 'Xin hỏi về hộ khẩu' },
    { ip: ip() },
  );
  const b = await chat.visitorSend(
    s.token,
    { clientId: 'dup-000001', body: 'Xin hỏi về hộ khẩu' },
    { ip: ip() },
  );
  assert.equal(a.duplicate, false);
  assert.equal(b.duplicate, true);
  assert.equal(a.message.seq, b.message.seq);
  const n = await t.db
    .selectFrom('chat_message')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('conversation_id', '=', s.conversation.id)
    .where('author', '=', 'visitor')
    .executeTakeFirstOrThrow();
  assert.equal(Number(n.n), 1);

  const v = await socket('/chat/ws');
  v.send({ type: 'resume', token: s.token, after: 1 });
  const session = await v.next((f) => f.type === 'session');
  const seqs = (session.messages as { seq: number }[]).map((m) => m.seq);
  assert.deepEqual(seqs, [2, 3], 'what came after seq 1: the message and the bot answer');
  // Over the socket, the resend gets the first message's seq again.
  v.send({ type: 'send', clientId: 'dup-000001', body: 'Xin hỏi về hộ khẩu' });
  const ack = await v.next((f) => f.type === 'ack');
  assert.equal(ack.seq, a.message.seq);
  v.send({ type: 'resume', token: 'x'.repeat(32), after: 0 });
  const err = await v.next((f) => f.type === 'error');
  assert.equal(err.code, 'chat_not_found');
  v.ws.terminate();
});

test('a start sent again with its token finds the conversation it made, even at once', async () => {
  const token = randomBytes(32).toString('base64url');
  const body = { ...visitor({ name: 'Đặng Thị Lan' }), token };
  const first = await chat.start(body, { ip: ip() });
  assert.equal(first.token, token, 'the widget chose the secret');
  const again = await chat.start(body, { ip: ip() });
  assert.equal(again.conversation.id, first.conversation.id);
  assert.deepEqual(
    again.messages.map((m) => m.seq),
    first.messages.map((m) => m.seq),
    'no second greeting',
  );
  // Two at once (the reconnect crossed the first answer): still one conversation.
  const other = {
    ...visitor({ name: 'Đặng Văn Hùng' }),
    token: randomBytes(32).toString('base64url'),
  };
  const both = await Promise.all([
    chat.start(other, { ip: ip() }),
    chat.start(other, { ip: ip() }),
  ]);
  assert.equal(both[0].conversation.id, both[1].conversation.id);
  const rows = await t.db
    .selectFrom('chat_conversation')
    .select('id')
    .where('visitor_name', 'in', ['Đặng Thị Lan', 'Đặng Văn Hùng'])
    .execute();
  assert.equal(rows.length, 2, 'one conversation per token');
  // Without a token the server still chooses one.
  const plain = await chat.start(visitor(), { ip: ip() });
  assert.ok(plain.token.length >= 32);
  // A token is a secret, not a name: too short or with other characters is refused.
  for (const bad of ['short', 'x'.repeat(31), `${'x'.repeat(40)}!`])
    assert.equal(startBody.safeParse({ ...visitor(), token: bad }).success, false, bad);
  assert.equal(startBody.safeParse(body).success, true);
});

test('bad messages get clear localized errors and change nothing', async () => {
  const s = await chat.start(visitor({ language: 'en' }), { ip: ip() });
  const v = await socket('/chat/ws');
  v.send({ type: 'resume', token: s.token });
  await v.next((f) => f.type === 'session');
  v.send({ type: 'send', clientId: 'long-00001', body: 'ạ'.repeat(2001) });
  const long = await v.next((f) => f.type === 'error' && f.clientId === 'long-00001');
  assert.equal(long.code, 'chat_message_too_long');
  assert.match(String(long.message), /too long/);
  v.send({ type: 'send', clientId: 'empty-0001', body: '   ' });
  const empty = await v.next((f) => f.type === 'error' && f.clientId === 'empty-0001');
  assert.equal(empty.code, 'chat_message_empty');
  v.send({ type: 'send', clientId: 'bad id', body: 'x' });
  assert.equal(
    (await v.next((f) => f.type === 'error' && f.clientId === 'bad id')).code,
    'validation_failed',
  );
  v.ws.send('{not json');
  assert.equal((await v.next((f) => f.code === 'bad_request')).type, 'error');
  // JSON that is no frame at all is refused too, and the socket keeps working.
  const before = v.frames.length;
  v.ws.send('null');
  await v.next((f) => f.type === 'error' && v.frames.indexOf(f) >= before);
  v.send({ type: 'send', clientId: 'after-null', body: '  ' });
  assert.equal(
    (await v.next((f) => f.type === 'error' && f.clientId === 'after-null')).code,
    'chat_message_empty',
  );
  const stored = await t.db
    .selectFrom('chat_message')
    .select('author')
    .where('conversation_id', '=', s.conversation.id)
    .execute();
  assert.deepEqual(
    stored.map((r) => r.author),
    ['bot'],
    'only the greeting',
  );
  // Vietnamese by default.
  const vi = await socket('/chat/ws');
  vi.send({ type: 'start', name: 'A', language: 'vi' });
  const noContact = await vi.next((f) => f.type === 'error');
  assert.equal(noContact.code, 'validation_failed');
  vi.send({ type: 'start', ...visitor(), phone: '12345' });
  assert.equal(
    (await vi.next((f) => f.type === 'error' && f !== noContact)).code,
    'validation_failed',
  );
  v.ws.terminate();
  vi.ws.terminate();
});

test('hand-off in staffed hours: the desk hears it live, one operator claims, replies reach the visitor', async () => {
  t.clock.set('2026-03-02T09:00:00+07:00');
  const desk = await staffSocket(op);
  const v = await socket('/chat/ws');
  v.send({ type: 'start', ...visitor({ name: 'Lê Văn Cường' }) });
  const session = await v.next((f) => f.type === 'session');
  const id = (session.conversation as { id: string }).id;
  v.send({ type: 'send', clientId: 'q-00000001', body: 'Tôi cần hỏi về cấp giấy phép xây dựng' });
  await v.next((f) => f.type === 'ack');
  v.send({ type: 'handoff' });
  const waiting = await desk.next(
    (f) =>
      f.type === 'chat.updated' && data(f).conversationId === id && data(f).status === 'waiting',
  );
  assert.equal(data(waiting).visitorName, 'Lê Văn Cường');
  await v.next((f) => f.type === 'chat.status' && data(f).status === 'waiting');

  const list = await op.get('/api/v1/chats');
  assert.equal(list.status, 200);
  const item = list.body.find((c: { id: string }) => c.id === id);
  assert.equal(item.status, 'waiting');
  assert.equal(item.lastVisitorMessage, 'Tôi cần hỏi về cấp giấy phép xây dựng');

  assert.equal((await op.post(`/api/v1/chats/${id}/claim`)).status, 200);
  const taken = await op2.post(`/api/v1/chats/${id}/claim`);
  assert.equal(taken.status, 409);
  assert.equal(taken.body.error.code, 'chat_taken');
  assert.equal(
    (await op2.post(`/api/v1/chats/${id}/messages`, { clientId: uid(), body: 'x' })).status,
    409,
  );
  await v.next((f) => f.type === 'chat.status' && data(f).status === 'active');

  const reply = await op.post(`/api/v1/chats/${id}/messages`, {
    clientId: uid(),
    body: 'Chào anh, hồ sơ nộp tại Sở Xây dựng.',
  });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  const heard = await v.next((f) => f.type === 'chat.message' && data(f).author === 'operator');
  assert.equal(data(heard).body, 'Chào anh, hồ sơ nộp tại Sở Xây dựng.');
  // The visitor's next message reaches the desk live; no bot answers once a person is asked.
  v.send({ type: 'send', clientId: 'q-00000002', body: 'Cảm ơn chị' });
  const back = await desk.next((f) => f.type === 'chat.message' && data(f).body === 'Cảm ơn chị');
  assert.equal(data(back).author, 'visitor');
  const detail = await op.get(`/api/v1/chats/${id}`);
  assert.equal(detail.body.messages.at(-1).body, 'Cảm ơn chị');
  assert.equal(detail.body.conversation.visitor.phone.length, 10);

  assert.equal((await op.post(`/api/v1/chats/${id}/close`)).status, 200);
  await v.next((f) => f.type === 'chat.status' && data(f).status === 'closed');
  v.send({ type: 'send', clientId: 'q-00000003', body: 'Còn một câu' });
  assert.equal((await v.next((f) => f.type === 'error')).code, 'chat_closed');
  v.ws.terminate();
  desk.ws.terminate();
});

test('outside staffed hours the hand-off writes a ticket with the transcript; the visitor sees its code', async () => {
  t.clock.set('2026-03-08T10:00:00+07:00'); // a Sunday
  const v = await socket('/chat/ws');
  v.send({ type: 'start', ...visitor({ name: 'Phạm Thị Dung', email: 'dung@example.vn' }) });
  const session = await v.next((f) => f.type === 'session');
  const id = (session.conversation as { id: string }).id;
  v.send({ type: 'send', clientId: 'oh-0000001', body: 'Đường Lê Lợi ngập nước sau mưa' });
  await v.next((f) => f.type === 'ack');
  v.send({ type: 'handoff' });
  const status = await v.next((f) => f.type === 'chat.status' && data(f).status === 'ticket');
  const code = String(data(status).ticketCode);
  assert.match(code, /^PA-2026-\d+$/);
  const ack = await v.next(
    (f) =>
      f.type === 'chat.message' &&
      data(f).author === 'system' &&
      String(data(f).body).includes(code),
  );
  assert.match(String(data(ack).body), /đã nhận được thông tin góp ý, phản ánh/);

  const ticket = await t.db
    .selectFrom('ticket')
    .selectAll()
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  assert.equal(ticket.channel, 'chat');
  assert.equal(ticket.citizen_name, 'Phạm Thị Dung');
  assert.equal(ticket.citizen_email, 'dung@example.vn');
  assert.match(ticket.content, /Đường Lê Lợi ngập nước sau mưa/);
  // A session of the clock's new day (the test moved it by days).
  const sunday = await t.login(await t.newUser('operator'));
  const detail = await sunday.get(`/api/v1/tickets/${ticket.id}`);
  assert.equal(detail.status, 200);
  const att = detail.body.attachments[0];
  assert.equal(att.mimeType ?? att.mime_type ?? att.contentType ?? 'text/plain', 'text/plain');
  const file = await sunday.get(`/api/v1/attachments/${att.id}`);
  assert.equal(file.status, 200, JSON.stringify(file.body).slice(0, 200));
  assert.match(String(file.body), /Công dân: Đường Lê Lợi ngập nước sau mưa/);
  assert.match(String(file.body), /Trợ lý tự động: /);
  const conv = await t.db
    .selectFrom('chat_conversation')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(conv.ticket_id, ticket.id);
  v.ws.terminate();
  t.clock.set('2026-03-02T09:00:00+07:00');
});

test('nobody claims within the wait: the sweeper writes the ticket, once', async () => {
  t.clock.set('2026-03-02T09:00:00+07:00');
  const s = await chat.start(visitor(), { ip: ip() });
  await chat.visitorSend(s.token, { clientId: uid(), body: 'Hỏi về bảo hiểm y tế' }, { ip: ip() });
  await chat.handoff(s.token);
  t.clock.advance(60_000);
  await chat.sweep();
  assert.equal((await chat.byToken(s.token)).status, 'waiting', 'still waiting within 3 minutes');
  t.clock.advance(125_000);
  assert.ok((await chat.sweep()) >= 1);
  const c = await chat.byToken(s.token);
  assert.equal(c.status, 'ticket');
  assert.match(String(c.ticket_code), /^PA-/);
  assert.equal(await chat.sweep(), 0);
  // The tenant may shorten the wait.
  await t.db
    .updateTable('tenant')
    .set({ settings: JSON.stringify({ ticketPrefix: 'PA', chat: { waitSeconds: 30 } }) })
    .where('id', '=', t.tenantId)
    .execute();
  const s2 = await chat.start(visitor(), { ip: ip() });
  await chat.handoff(s2.token);
  t.clock.advance(31_000);
  await chat.sweep();
  assert.equal((await chat.byToken(s2.token)).status, 'ticket');

  // A conversion a crash left half-done is finished by the workers, once, however many race.
  const s3 = await chat.start(visitor(), { ip: ip() });
  await chat.visitorSend(s3.token, { clientId: uid(), body: 'Hỏi về đất đai' }, { ip: ip() });
  await t.db
    .updateTable('chat_conversation')
    .set({ status: 'converting', updated_at: t.clock.now() })
    .where('id', '=', s3.conversation.id)
    .execute();
  await chat.sweep();
  assert.equal((await chat.byToken(s3.token)).status, 'converting', 'not before a minute');
  t.clock.advance(61_000);
  await Promise.all([chat.sweep(), chat.sweep(), chat.sweep()]);
  const done = await chat.byToken(s3.token);
  assert.equal(done.status, 'ticket');
  const acks = await t.db
    .selectFrom('chat_message')
    .select('body')
    .where('conversation_id', '=', s3.conversation.id)
    .where('author', '=', 'system')
    .execute();
  assert.equal(acks.length, 1, JSON.stringify(acks));
  assert.equal(
    (
      await t.db
        .selectFrom('ticket')
        .select('id')
        .where('idempotency_key', '=', `chat:${s3.conversation.id}`)
        .execute()
    ).length,
    1,
  );
});

test('an operator converts a chat in one step; twice gives the same ticket; the admin’s acknowledgement is used', async () => {
  t.clock.set('2026-03-02T09:00:00+07:00');
  const tpl = await admin.post('/api/v1/templates', {
    kind: 'acknowledgement',
    code: 'ACK_CHAT',
    title: 'Xác nhận chat',
    channel: 'chat',
    bodyVi: 'Tổng đài 1022 đã nhận phản ánh của {name}, mã {code}.',
    bodyEn: 'Received, number {code}.',
  });
  assert.equal(tpl.status, 201, JSON.stringify(tpl.body));
  const s = await chat.start(visitor({ name: 'Võ Văn Em' }), { ip: ip() });
  await chat.visitorSend(
    s.token,
    { clientId: uid(), body: 'Xin hỏi lịch tiếp công dân' },
    { ip: ip() },
  );
  await chat.handoff(s.token);
  const id = s.conversation.id;
  assert.equal((await op.post(`/api/v1/chats/${id}/claim`)).status, 200);
  const conv = await op.post(`/api/v1/chats/${id}/ticket`);
  assert.equal(conv.status, 200, JSON.stringify(conv.body));
  assert.equal(conv.body.status, 'ticket');
  const again = await op.post(`/api/v1/chats/${id}/ticket`);
  assert.equal(again.body.ticketCode, conv.body.ticketCode);
  const tickets = await t.db
    .selectFrom('ticket')
    .select(['id', 'assignee_id'])
    .where('idempotency_key', '=', `chat:${id}`)
    .execute();
  assert.equal(tickets.length, 1);
  assert.ok(tickets[0]!.assignee_id, 'the converting operator holds it');
  const last = (await op.get(`/api/v1/chats/${id}`)).body.messages.at(-1);
  assert.equal(
    last.body,
    `Tổng đài 1022 đã nhận phản ánh của Võ Văn Em, mã ${conv.body.ticketCode}.`,
  );
  await admin.patch(`/api/v1/templates/${tpl.body.id}`, { active: false });
});

test('abuse: a blocked address is refused and recorded, bad language flags the ticket, floods are limited', async () => {
  t.clock.set('2026-03-02T09:00:00+07:00');
  const blockedIp = '10.99.0.9';
  const b = await admin.post('/api/v1/abuse/blocklist', {
    kind: 'ip',
    value: blockedIp,
    reason: 'Quấy rối',
  });
  assert.equal(b.status, 201, JSON.stringify(b.body));
  await assert.rejects(chat.start(visitor(), { ip: blockedIp }), { code: 'abuse_blocked' });
  const refused = await t.db
    .selectFrom('abuse_event')
    .select('outcome')
    .where('channel', '=', 'chat')
    .execute();
  assert.ok(refused.some((e) => e.outcome === 'blocked'));
  assert.equal(
    Number(
      (
        await t.db
          .selectFrom('chat_conversation')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('client_ip', '=', blockedIp)
          .executeTakeFirstOrThrow()
      ).n,
    ),
    0,
  );

  const s = await chat.start(visitor(), { ip: ip() });
  const bad = DEFAULT_TERMS[0]!.term;
  await chat.visitorSend(
    s.token,
    { clientId: uid(), body: `Cán bộ phường là đồ ${bad}` },
    { ip: ip() },
  );
  const c = await op.post(`/api/v1/chats/${s.conversation.id}/ticket`);
  assert.equal(c.status, 200, JSON.stringify(c.body));
  const flag = await t.db
    .selectFrom('ticket_flag')
    .selectAll()
    .where('ticket_id', '=', c.body.ticketId)
    .executeTakeFirst();
  assert.ok(flag, 'the ticket is flagged');

  const flood = await chat.start(visitor(), { ip: ip() });
  const limit = CHAT_RULES.messagesPerConversation.limit;
  for (let i = 0; i < limit; i++) {
    await chat.visitorSend(flood.token, { clientId: uid(), body: `tin ${i}` }, { ip: ip() });
  }
  await assert.rejects(
    chat.visitorSend(flood.token, { clientId: uid(), body: 'một tin nữa' }, { ip: ip() }),
    { code: 'rate_limited' },
  );
  // Someone trying tokens from one address is stopped, right tokens included.
  const prober = ip();
  for (let i = 0; i < CHAT_RULES.resumesPerIp.limit; i++) {
    await assert.rejects(chat.resume('x'.repeat(32), 0, { ip: prober }), {
      code: 'chat_not_found',
    });
  }
  await assert.rejects(chat.resume(flood.token, 0, { ip: prober }), { code: 'rate_limited' });
  assert.equal(
    (await chat.resume(flood.token, 0, { ip: ip() })).conversation.id,
    flood.conversation.id,
  );
});

test('only operators and supervisors work the chat desk; a supervisor may step in', async () => {
  const s = await chat.start(visitor(), { ip: ip() });
  await chat.handoff(s.token);
  const id = s.conversation.id;
  for (const role of ['focal_point', 'coordinator', 'leader', 'admin'] as const) {
    const c = await t.login(
      await t.newUser(role, role === 'focal_point' ? await t.newAgency() : null),
    );
    assert.equal((await c.get('/api/v1/chats')).status, 403, role);
    assert.equal((await c.post(`/api/v1/chats/${id}/claim`)).status, 403, role);
  }
  assert.equal((await t.anonymous().get('/api/v1/chats')).status, 401);
  assert.equal((await op.post(`/api/v1/chats/${id}/claim`)).status, 200);
  const step = await sup.post(`/api/v1/chats/${id}/messages`, {
    clientId: uid(),
    body: 'Giám sát viên hỗ trợ',
  });
  assert.equal(step.status, 201);
  assert.equal((await op.get(`/api/v1/chats/${crypto.randomUUID()}`)).status, 404);
});

test('the visitor may leave: the desk hears it, nothing is deleted, nothing more is accepted', async () => {
  t.clock.set('2026-03-02T09:00:00+07:00');
  const desk = await staffSocket(op);
  const v = await socket('/chat/ws');
  v.send({ type: 'start', ...visitor() });
  const id = ((await v.next((f) => f.type === 'session')).conversation as { id: string }).id;
  v.send({ type: 'send', clientId: 'bye-000001', body: 'Tôi hỏi xong rồi' });
  await v.next((f) => f.type === 'ack');
  v.send({ type: 'handoff' });
  await desk.next((f) => f.type === 'chat.updated' && data(f).conversationId === id);
  v.send({ type: 'close' });
  await desk.next(
    (f) =>
      f.type === 'chat.updated' && data(f).conversationId === id && data(f).status === 'closed',
  );
  const detail = await op.get(`/api/v1/chats/${id}`);
  assert.equal(detail.body.conversation.status, 'closed');
  assert.ok(detail.body.messages.some((m: { body: string }) => m.body === 'Tôi hỏi xong rồi'));
  assert.equal((await op.post(`/api/v1/chats/${id}/claim`)).body.error.code, 'chat_invalid_state');
  v.ws.terminate();
  desk.ws.terminate();
});

test('the widget script and its demo page are served', async () => {
  const js = await t.app.inject({ url: '/chat/widget.js', headers: { 'accept-encoding': 'gzip' } });
  assert.equal(js.statusCode, 200);
  assert.equal(js.headers['content-encoding'], 'gzip');
  const plain = await t.app.inject({ url: '/chat/widget.js' });
  assert.match(plain.body, /Gặp tổng đài viên/);
  assert.ok(!plain.body.includes('import '), 'one self-contained file');
  const demo = await t.app.inject({ url: '/chat/demo' });
  assert.match(demo.body, /<script src="\/chat\/widget\.js" defer><\/script>/);
  assert.equal((await t.app.inject({ url: '/chat/widget.css' })).statusCode, 200);
});
