/**
 * Who may call what (R-SEC-1, R-SEC-2, R-PUB-2): every role (and nobody) × every endpoint;
 * zero cross-agency reads or writes; personal data masking; CSRF on cookie sessions; API
 * tokens; login throttling.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, ticketBody, TEST_PASSWORD, Client } from '../helpers/app.ts';
import { buildCall } from '../factories.ts';
import { ROLES, type Role } from '../../src/contract/enums.ts';
import { SESSION_COOKIE } from '../../src/http/types.ts';
import { hashPassword } from '../../src/modules/auth/password.ts';
import { ACTIONS } from '../../src/core/ticket/state-machine.ts';
import { can, type Permission } from '../../src/core/access/permissions.ts';
import {
  assertError,
  counts,
  nextIp,
  outboxFor,
  signIn,
  tryLogin,
  uploadRaw,
  type Session,
} from './support.ts';

const t = await createTestApp();
after(t.close);

type Who = Role | 'anonymous';

const EVERYONE: Who[] = [...ROLES, 'anonymous'];

const agencyA = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const subA = await t.newAgency({
  code: 'SXD-P1',
  name: 'Phòng 1',
  kind: 'subunit',
  parentId: agencyA.id,
});
const agencyB = await t.newAgency({ code: 'STNMT', name: 'Sở Tài nguyên và Môi trường' });
const spareAgency = await t.newAgency({ code: 'SPARE', name: 'Cơ quan để sửa' });

const users: Record<Role, Session> = {
  operator: await signIn(t, await t.newUser('operator')),
  supervisor: await signIn(t, await t.newUser('supervisor')),
  focal_point: await signIn(t, await t.newUser('focal_point', agencyA)),
  agency_head: await signIn(t, await t.newUser('agency_head', agencyA)),
  coordinator: await signIn(t, await t.newUser('coordinator')),
  leader: await signIn(t, await t.newUser('leader')),
  admin: await signIn(t, await t.newUser('admin')),
};
const fpB = await signIn(t, await t.newUser('focal_point', agencyB));
const headB = await signIn(t, await t.newUser('agency_head', agencyB));
const subStaff = await signIn(t, await t.newUser('focal_point', subA));
const spareUser = await t.newUser('operator');
const op = users.operator;
/** One API token of each role's user, for it to revoke. */
const ownTokens = Object.fromEntries(
  await Promise.all(
    ROLES.map(async (r) => [
      r,
      (await users[r].post('/api/v1/auth/tokens', { name: 'Để thu hồi' })).body.id as string,
    ]),
  ),
) as Record<Role, string>;
const client = (w: Who): Client => (w === 'anonymous' ? t.anonymous() : users[w]);

const group = await t.db
  .insertInto('field_group')
  .values({ tenant_id: t.tenantId, number: 1, name: 'Thủ tục hành chính', name_en: '' })
  .returning('id')
  .executeTakeFirstOrThrow();
const field = await t.db
  .insertInto('field')
  .values({
    tenant_id: t.tenantId,
    group_id: group.id,
    code: 'XD',
    name: 'Xây dựng',
    name_en: '',
    default_agency_id: agencyA.id,
  })
  .returning('id')
  .executeTakeFirstOrThrow();
const rule = await t.db
  .insertInto('scope_rule')
  .values({
    tenant_id: t.tenantId,
    code: 'R_SPARE',
    name: 'Quy định để sửa',
    action: 'reject',
    redirect_to: null,
    keywords: ['không liên quan'],
    guidance_vi: 'Hướng dẫn',
  })
  .returning('id')
  .executeTakeFirstOrThrow();

const CITIZEN = {
  name: 'Nguyễn Văn An',
  phone: '0912345678',
  email: 'an.nguyen@example.vn',
  address: '12 Trần Hưng Đạo, phường 1',
};
const MASKED = { name: 'N. V. A.', phone: '091*****78', email: 'a***@example.vn', address: '***' };

async function ticketAt(agencyId: string, over: Record<string, unknown> = {}) {
  const c = await op.post('/api/v1/tickets', ticketBody({ citizen: CITIZEN, ...over }));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  const f = await op.post(`/api/v1/tickets/${c.body.id}/actions/forward`, { agencyId });
  assert.equal(f.status, 200, JSON.stringify(f.body));
  return f.body as { id: string; code: string };
}

// A's ticket, accepted, with an attachment; B's ticket; a confidential one at A.
const upl = await op.upload('bien-ban.pdf', 'application/pdf', '%PDF-1.4 biên bản');
assert.equal(upl.status, 201, JSON.stringify(upl.body));
// A text every role reading the ticket may download (masked where the ticket is, R-PUB-2; a
// PDF is refused to those, tests/api/masking.test.ts).
const uplText = await op.upload('ghi-chu.txt', 'text/plain', 'Biên bản kiểm tra hiện trường.');
assert.equal(uplText.status, 201, JSON.stringify(uplText.body));
const tA = await ticketAt(agencyA.id, {
  attachmentIds: [upl.body.id, uplText.body.id],
  fieldId: field.id,
});
assert.equal((await users.focal_point.post(`/api/v1/tickets/${tA.id}/actions/accept`)).status, 200);
const tB = await ticketAt(agencyB.id, {
  content: 'Khiếu nại về cấp giấy chứng nhận quyền sử dụng đất chậm.',
});
const tConf = await ticketAt(agencyA.id, {
  confidential: true,
  content: 'Phản ánh cán bộ phường gây phiền hà, xin giữ bí mật.',
});
const attA = upl.body.id as string;
const attText = uplText.body.id as string;

// One in-app notification per user, to read.
const notes = {} as Record<Role, string>;
for (const r of ROLES) {
  const n = await t.db
    .insertInto('notification')
    .values({ user_id: users[r].me.id, title: 'Thông báo', body: 'Nội dung', ticket_id: tA.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  notes[r] = String(n.id);
}

let seq = 0;
const uniq = () => `${++seq}${Math.random().toString(36).slice(2, 6)}`;
const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//open1022 tests//EN',
  'BEGIN:VEVENT',
  'UID:nghi-1@tests',
  'DTSTART;VALUE=DATE:20261225',
  'SUMMARY:Nghỉ đột xuất',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As registered, e.g. /tickets/:id (for the coverage check). */
  route: string;
  url: (w: Who) => string;
  body?: (w: Who) => unknown;
  headers?: Record<string, string>;
  /** Multipart upload instead of JSON. */
  upload?: true;
  expect: Partial<Record<Who, number>>;
}

/** `ok` for the listed roles, 403 for the other roles, 401 for nobody. */
function only(ok: number, allowed: readonly Who[], others = 403): Partial<Record<Who, number>> {
  const e: Partial<Record<Who, number>> = {};
  for (const w of EVERYONE) e[w] = w === 'anonymous' ? 401 : allowed.includes(w) ? ok : others;
  return e;
}
const all = (ok: number) => only(ok, ROLES);
const HOTLINE: Who[] = ['operator', 'supervisor', 'coordinator'];
const cal = `/calendars/${t.calendarId}`;
const STAFF: Who[] = ['supervisor', 'admin'];
// Things the DELETE/PATCH rows of the allowed roles act on, one each.
const spareKey = (await users.admin.post('/api/v1/open311/keys', { name: 'Để thu hồi' })).body.id;
const spareBlocks = {} as Record<string, string>;
for (const [i, w] of ['supervisor', 'admin', 'patch'].entries()) {
  const b = await users.admin.post('/api/v1/abuse/blocklist', {
    kind: 'phone',
    value: `098800000${i}`,
    reason: 'Để kiểm thử',
  });
  spareBlocks[w] = b.body.id;
}
for (const term of ['xoa mot', 'xoa hai']) await users.admin.post('/api/v1/abuse/words', { term });
let phoneSeq = 0;
// Live chat: a waiting conversation per desk role and action (claim, close and convert change it).
const DESK: Who[] = ['operator', 'supervisor'];
let chatSeq = 0;
async function waitingChat() {
  const s = await t.services.chat.start(
    { name: 'Khách chat', phone: `091400${String(++chatSeq).padStart(4, '0')}`, language: 'vi' },
    { ip: `10.77.0.${chatSeq}` },
  );
  await t.services.chat.handoff(s.token);
  return s.conversation.id;
}
const chats = {} as Record<string, Record<'claim' | 'reply' | 'close' | 'ticket', string>>;
for (const w of [...DESK, 'other'] as const) {
  chats[w] = {
    claim: await waitingChat(),
    reply: await waitingChat(),
    close: await waitingChat(),
    ticket: await waitingChat(),
  };
  if (w !== 'other') await client(w).post(`/api/v1/chats/${chats[w].reply}/claim`);
}
const chatOf = (w: Who, action: 'claim' | 'reply' | 'close' | 'ticket') =>
  (chats[w] ?? chats.other!)[action];

// Calls (R-TEL-5): one recorded call bound to a ticket at agency A, and one unbound call per
// role that may turn a call into a ticket.
const callRow = (ticketId: string | null, file: string | null) =>
  buildCall(t.db, t.tenantId, { ticketId, recordingFile: file });
mkdirSync(path.join(t.ctx.env.dataDir, 'voice', 'recordings', 'auth'), { recursive: true });
writeFileSync(path.join(t.ctx.env.dataDir, 'voice', 'recordings', 'auth', 'a.wav'), 'RIFF');
const recordedCall = await callRow(tA.id, 'auth/a.wav');
const callToTicket: Partial<Record<Who, string>> = {
  operator: await callRow(null, null),
  supervisor: await callRow(null, null),
};

// IVR flows (R-TEL-2): one to read and change, one to delete, one with a recording to remove.
const IVR_FLOW = {
  name: 'Kịch bản phân quyền',
  voice: 'vi',
  start: 'hi',
  nodes: {
    hi: { type: 'message', prompt: 'Xin chào.', next: 'bye' },
    bye: { type: 'hangup', prompt: 'Tạm biệt.' },
  },
};
const ivrFlowRow = async () =>
  (
    await t.db
      .insertInto('ivr_flow')
      .values({
        tenant_id: t.tenantId,
        name: IVR_FLOW.name,
        flow: JSON.stringify(IVR_FLOW),
        updated_at: new Date(),
        updated_by: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id;
const ivrFlow = await ivrFlowRow();
const ivrFlowToDelete = await ivrFlowRow();
await t.db
  .insertInto('ivr_prompt_file')
  .values({
    flow_id: ivrFlow,
    key: 'bye.prompt',
    storage_key: 'none/ivr-auth',
    sha256: 'a'.repeat(64),
    format: null,
    bytes: 4,
    duration_ms: 1000,
    uploaded_by: null,
    uploaded_at: new Date(),
  })
  .execute();
/** A short WAV (8 kHz, 16-bit, 0.1 s of silence) to upload as a prompt's recording. */
const IVR_WAV = (() => {
  const data = Buffer.alloc(1600);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(16000, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
})();

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', route: '/chats', url: () => '/chats', expect: only(200, DESK) },
  {
    method: 'GET',
    route: '/chats/:id',
    url: () => `/chats/${chatOf('operator', 'claim')}`,
    expect: only(200, DESK),
  },
  {
    method: 'POST',
    route: '/chats/:id/claim',
    url: (w) => `/chats/${chatOf(w, 'claim')}/claim`,
    expect: only(200, DESK),
  },
  {
    method: 'POST',
    route: '/chats/:id/messages',
    url: (w) => `/chats/${chatOf(w, 'reply')}/messages`,
    body: () => ({ clientId: `auth-${uniq()}`, body: 'Xin chào' }),
    expect: only(201, DESK),
  },
  {
    method: 'POST',
    route: '/chats/:id/close',
    url: (w) => `/chats/${chatOf(w, 'close')}/close`,
    expect: only(200, DESK),
  },
  {
    method: 'POST',
    route: '/chats/:id/ticket',
    url: (w) => `/chats/${chatOf(w, 'ticket')}/ticket`,
    expect: only(200, DESK),
  },
  { method: 'GET', route: '/auth/me', url: () => '/auth/me', expect: all(200) },
  {
    method: 'POST',
    route: '/auth/tokens',
    url: () => '/auth/tokens',
    body: () => ({ name: `t${uniq()}` }),
    expect: all(201),
  },
  { method: 'GET', route: '/auth/tokens', url: () => '/auth/tokens', expect: all(200) },
  {
    method: 'DELETE',
    route: '/auth/tokens/:id',
    // Everyone revokes their own (someone else's: tests/api/accounts.test.ts).
    url: (w) => `/auth/tokens/${w === 'anonymous' ? spareUser.id : ownTokens[w]}`,
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/users/:id/tokens',
    url: () => `/users/${spareUser.id}/tokens`,
    expect: only(200, ['admin']),
  },
  {
    method: 'POST',
    route: '/auth/password',
    url: () => '/auth/password',
    // A wrong current password: allowed to try, refused (the change itself: accounts.test.ts).
    body: () => ({ currentPassword: 'khong-dung', newPassword: 'Tram-kiem-soat-47-lua' }),
    expect: all(400),
  },
  {
    method: 'POST',
    route: '/auth/sign-out-everywhere',
    url: () => '/auth/sign-out-everywhere',
    expect: all(200),
  },
  {
    method: 'POST',
    route: '/tickets',
    url: () => '/tickets',
    body: () => ticketBody(),
    expect: only(201, HOTLINE),
  },
  { method: 'GET', route: '/tickets', url: () => '/tickets', expect: all(200) },
  {
    method: 'GET',
    route: '/tickets/lookup',
    url: () => '/tickets/lookup?phone=0912345678',
    expect: only(200, HOTLINE),
  },
  { method: 'GET', route: '/tickets/:id', url: () => `/tickets/${tA.id}`, expect: all(200) },
  {
    method: 'POST',
    route: '/tickets/:id/actions/:action',
    url: () => `/tickets/${tA.id}/actions/comment`,
    body: (w) => ({ reason: `Ghi chú của ${w}` }),
    expect: only(200, [
      'operator',
      'supervisor',
      'focal_point',
      'agency_head',
      'coordinator',
      'leader',
    ]),
  },
  {
    method: 'POST',
    route: '/attachments',
    url: () => '/attachments',
    upload: true,
    expect: all(201),
  },
  {
    method: 'GET',
    route: '/attachments/:id',
    url: () => `/attachments/${attText}`,
    expect: all(200),
  },
  { method: 'GET', route: '/agencies', url: () => '/agencies', expect: all(200) },
  {
    method: 'POST',
    route: '/agencies',
    url: () => '/agencies',
    body: () => ({ code: `AG-${uniq()}`, name: 'Cơ quan mới', kind: 'department' }),
    expect: only(201, ['admin']),
  },
  {
    method: 'PATCH',
    route: '/agencies/:id',
    url: () => `/agencies/${spareAgency.id}`,
    body: (w) => ({ name: `Đổi tên bởi ${w}` }),
    expect: only(200, ['admin']),
  },
  { method: 'GET', route: '/fields', url: () => '/fields', expect: all(200) },
  {
    method: 'POST',
    route: '/fields',
    url: () => '/fields',
    body: () => ({ code: `F-${uniq()}`, name: 'Lĩnh vực mới', groupNumber: 1 }),
    expect: only(201, ['admin']),
  },
  {
    method: 'PATCH',
    route: '/fields/:id',
    url: () => `/fields/${field.id}`,
    body: (w) => ({ nameEn: `Construction (${w})` }),
    expect: only(200, ['admin']),
  },
  { method: 'GET', route: '/scope-rules', url: () => '/scope-rules', expect: all(200) },
  {
    method: 'POST',
    route: '/scope-rules',
    url: () => '/scope-rules',
    body: () => ({
      code: `R-${uniq()}`,
      name: 'Cấp cứu',
      action: 'redirect',
      redirectTo: '115',
      keywords: ['cấp cứu'],
      guidanceVi: 'Gọi 115',
    }),
    expect: only(201, ['admin']),
  },
  {
    method: 'PATCH',
    route: '/scope-rules/:id',
    url: () => `/scope-rules/${rule.id}`,
    body: (w) => ({ guidanceEn: `Guidance (${w})` }),
    expect: only(200, ['admin']),
  },
  {
    method: 'PUT',
    route: '/field-groups/:number',
    url: () => '/field-groups/2',
    body: (w) => ({ name: `Nhóm 2 (${w})` }),
    expect: only(200, ['admin']),
  },
  { method: 'GET', route: '/settings', url: () => '/settings', expect: all(200) },
  {
    method: 'PATCH',
    route: '/settings',
    url: () => '/settings',
    body: () => ({ sla: { focalPointHours: 8, headHours: 48, warnRatio: 0.75 } }),
    expect: only(200, ['admin']),
  },
  {
    method: 'POST',
    route: '/scope-rules/screen',
    url: () => '/scope-rules/screen',
    body: () => ({ text: 'cháy nhà' }),
    expect: all(200),
  },
  { method: 'GET', route: '/org-units', url: () => '/org-units', expect: all(200) },
  {
    method: 'GET',
    route: '/users',
    url: () => '/users',
    expect: only(200, ['admin', 'supervisor', 'coordinator']),
  },
  {
    method: 'POST',
    route: '/users',
    url: () => '/users',
    body: () => ({
      username: `nv${uniq()}`,
      displayName: 'Nhân viên mới',
      role: 'operator',
      password: 'mat-khau-dai-1234',
    }),
    expect: only(201, ['admin']),
  },
  {
    method: 'PATCH',
    route: '/users/:id',
    url: () => `/users/${spareUser.id}`,
    body: (w) => ({ displayName: `Đổi tên bởi ${w}` }),
    expect: only(200, ['admin']),
  },
  {
    method: 'POST',
    route: '/delegations',
    url: () => '/delegations',
    body: (w) => ({
      toUserId: w === 'focal_point' ? users.agency_head.me.id : users.focal_point.me.id,
      startsAt: '2026-03-02T00:00:00+07:00',
      endsAt: '2026-03-06T23:59:00+07:00',
    }),
    expect: only(201, ['focal_point', 'agency_head', 'admin']),
  },
  { method: 'GET', route: '/calendars', url: () => '/calendars', expect: all(200) },
  {
    method: 'POST',
    route: '/calendars',
    url: () => '/calendars',
    body: (w) => ({ name: `Lịch của ${w}`, config: { timezone: 'Asia/Ho_Chi_Minh' } }),
    expect: only(201, ['admin']),
  },
  { method: 'GET', route: '/calendars/:id', url: () => cal, expect: all(200) },
  {
    method: 'PUT',
    route: '/calendars/:id/config',
    url: () => `${cal}/config`,
    body: () => ({ timezone: 'Asia/Ho_Chi_Minh' }),
    expect: only(200, ['admin']),
  },
  {
    method: 'PUT',
    route: '/calendars/:id/exceptions',
    url: () => `${cal}/exceptions`,
    body: () => ({ date: '2026-12-24', kind: 'holiday', nameVi: 'Nghỉ' }),
    expect: only(200, ['admin']),
  },
  {
    method: 'DELETE',
    route: '/calendars/:id/exceptions/:date',
    url: () => `${cal}/exceptions/2026-12-24`,
    expect: only(200, ['admin']),
  },
  {
    method: 'GET',
    route: '/calendars/:id/holidays',
    url: () => `${cal}/holidays?year=2026`,
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/calendars/:id/preview',
    url: () => `${cal}/preview?hours=8&from=${encodeURIComponent('2026-03-02T08:00:00+07:00')}`,
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/calendars/:id/ical',
    url: () => `${cal}/ical?year=2026`,
    expect: all(200),
  },
  {
    method: 'POST',
    route: '/calendars/:id/ical',
    url: () => `${cal}/ical`,
    body: () => ICS,
    headers: { 'content-type': 'text/calendar' },
    expect: only(200, ['admin']),
  },
  { method: 'GET', route: '/notifications', url: () => '/notifications', expect: all(200) },
  {
    method: 'POST',
    route: '/open311/keys',
    url: () => '/open311/keys',
    body: (w) => ({ name: `Ứng dụng của ${w}` }),
    expect: only(201, ['admin']),
  },
  {
    method: 'GET',
    route: '/open311/keys',
    url: () => '/open311/keys',
    expect: only(200, ['admin']),
  },
  // The call log (R-TEL-5): the hotline's own staff and leaders, never agencies.
  {
    method: 'GET',
    route: '/stats/operators',
    url: () => '/stats/operators',
    expect: only(200, ['supervisor', 'coordinator', 'admin']),
  },
  {
    method: 'GET',
    route: '/calls',
    url: () => '/calls',
    expect: only(200, ['operator', 'supervisor', 'leader']),
  },
  // Operators' phones, states and queues (R-TEL-3, R-TEL-6).
  {
    method: 'GET',
    route: '/agents',
    url: () => '/agents',
    expect: only(200, ['operator', 'supervisor', 'admin']),
  },
  {
    method: 'PUT',
    route: '/agents/me/state',
    url: () => '/agents/me/state',
    body: () => ({ state: 'break' }),
    expect: only(200, ['operator', 'supervisor']),
  },
  {
    method: 'PUT',
    route: '/agents/:id/sip',
    url: () => `/agents/${spareUser.id}/sip`,
    body: () => ({ username: '1099', password: 'mat-khau-may-le' }),
    expect: only(200, ['admin']),
  },
  {
    method: 'DELETE',
    route: '/agents/:id/sip',
    url: () => `/agents/${spareUser.id}/sip`,
    expect: only(204, ['admin']),
  },
  {
    method: 'GET',
    route: '/call-queues',
    url: () => '/call-queues',
    expect: only(200, ['operator', 'supervisor', 'admin']),
  },
  {
    method: 'GET',
    route: '/call-queues/waiting',
    url: () => '/call-queues/waiting',
    expect: only(200, ['operator', 'supervisor', 'admin']),
  },
  {
    method: 'PUT',
    route: '/call-queues/:code',
    url: () => '/call-queues/tiep-nhan',
    body: () => ({ name: 'Tiếp nhận phản ánh' }),
    expect: only(200, ['admin']),
  },
  // IVR flows (R-TEL-2): supervisors read, administrators change.
  {
    method: 'GET',
    route: '/ivr/flows',
    url: () => '/ivr/flows',
    expect: only(200, ['supervisor', 'admin']),
  },
  {
    method: 'GET',
    route: '/ivr/flows/:id',
    url: () => `/ivr/flows/${ivrFlow}`,
    expect: only(200, ['supervisor', 'admin']),
  },
  {
    method: 'POST',
    route: '/ivr/flows',
    url: () => '/ivr/flows',
    body: (w) => ({ flow: { ...IVR_FLOW, name: `Kịch bản của ${w}` } }),
    expect: only(201, ['admin']),
  },
  {
    method: 'PUT',
    route: '/ivr/flows/:id',
    url: () => `/ivr/flows/${ivrFlow}`,
    body: () => ({ version: 1, flow: IVR_FLOW, numbers: ['1022'] }),
    expect: only(200, ['admin']),
  },
  {
    method: 'DELETE',
    route: '/ivr/flows/:id',
    url: () => `/ivr/flows/${ivrFlowToDelete}`,
    expect: only(204, ['admin']),
  },
  {
    method: 'PUT',
    route: '/ivr/flows/:id/prompts/:key',
    url: () => `/ivr/flows/${ivrFlow}/prompts/hi.prompt`,
    body: () => IVR_WAV,
    headers: { 'content-type': 'audio/wav' },
    expect: only(200, ['admin']),
  },
  {
    method: 'DELETE',
    route: '/ivr/flows/:id/prompts/:key',
    url: () => `/ivr/flows/${ivrFlow}/prompts/bye.prompt`,
    expect: only(204, ['admin']),
  },
  {
    method: 'GET',
    route: '/ivr/preview',
    url: () => `/ivr/preview?text=${encodeURIComponent('Nghe thử.')}`,
    expect: only(200, ['supervisor', 'admin']),
  },
  {
    method: 'GET',
    route: '/calls/:id/recording',
    url: () => `/calls/${recordedCall}/recording`,
    // Agency staff only for calls bound to their agency's ticket (this one is, below).
    expect: only(200, ['operator', 'supervisor', 'focal_point', 'agency_head']),
  },
  {
    method: 'POST',
    route: '/calls/:id/ticket',
    url: (w) => `/calls/${callToTicket[w] ?? recordedCall}/ticket`,
    body: () => ({ content: 'Phản ánh qua điện thoại về đèn đường hỏng.' }),
    expect: only(201, ['operator', 'supervisor']),
  },
  // Transfers of live calls (R-WF-8): this call has ended, so the hotline gets call_not_live.
  {
    method: 'POST',
    route: '/calls/:id/transfer',
    url: () => `/calls/${recordedCall}/transfer`,
    body: () => ({ target: '02363822123', mode: 'blind' }),
    expect: only(409, ['operator', 'supervisor']),
  },
  {
    method: 'POST',
    route: '/calls/:id/transfer/complete',
    url: () => `/calls/${recordedCall}/transfer/complete`,
    expect: only(409, ['operator', 'supervisor']),
  },
  {
    method: 'POST',
    route: '/calls/:id/transfer/cancel',
    url: () => `/calls/${recordedCall}/transfer/cancel`,
    expect: only(409, ['operator', 'supervisor']),
  },
  // The carrier's SIP trunks (R-TEL-4).
  {
    method: 'GET',
    route: '/telephony/trunks',
    url: () => '/telephony/trunks',
    expect: only(200, ['admin']),
  },
  {
    method: 'PUT',
    route: '/telephony/trunks/:name',
    url: () => '/telephony/trunks/carrier',
    body: () => ({ host: '203.0.113.5', password: 'mat-khau' }),
    expect: only(200, ['admin']),
  },
  {
    method: 'DELETE',
    route: '/telephony/trunks/:name',
    url: (w) => `/telephony/trunks/${w === 'admin' ? 'carrier' : 'none'}`,
    expect: only(204, ['admin']),
  },
  {
    method: 'DELETE',
    route: '/open311/keys/:id',
    url: () => `/open311/keys/${spareKey}`,
    expect: only(200, ['admin']),
  },
  {
    method: 'GET',
    route: '/abuse/blocklist',
    url: () => '/abuse/blocklist',
    expect: only(200, STAFF),
  },
  {
    method: 'POST',
    route: '/abuse/blocklist',
    url: () => '/abuse/blocklist',
    body: () => ({
      kind: 'phone',
      value: `09770${String(++phoneSeq).padStart(5, '0')}`,
      reason: 'x',
    }),
    expect: only(201, STAFF),
  },
  {
    method: 'PATCH',
    route: '/abuse/blocklist/:id',
    url: () => `/abuse/blocklist/${spareBlocks.patch}`,
    body: (w) => ({ reason: `Sửa bởi ${w}` }),
    expect: only(200, STAFF),
  },
  {
    method: 'DELETE',
    route: '/abuse/blocklist/:id',
    url: (w) => `/abuse/blocklist/${spareBlocks[w] ?? spareBlocks.patch}`,
    expect: only(200, STAFF),
  },
  { method: 'GET', route: '/abuse/words', url: () => '/abuse/words', expect: only(200, STAFF) },
  {
    method: 'POST',
    route: '/abuse/words',
    url: () => '/abuse/words',
    body: () => ({ term: `tu ${uniq()}` }),
    expect: only(200, STAFF),
  },
  {
    method: 'DELETE',
    route: '/abuse/words',
    url: (w) => `/abuse/words?term=${encodeURIComponent(w === 'admin' ? 'xoa hai' : 'xoa mot')}`,
    expect: only(204, STAFF),
  },
  { method: 'GET', route: '/abuse/events', url: () => '/abuse/events', expect: only(200, STAFF) },
  {
    method: 'GET',
    route: '/public/challenge',
    url: () => '/public/challenge',
    // Public: what an anonymous form fetches.
    expect: { ...all(200), anonymous: 200 },
  },
  // Publication workflow (R-PUB-1/2): hotline staff approve. tA is not answered: the draft
  // says so, publishing it is refused (409) and there is nothing to withdraw (404).
  {
    method: 'GET',
    route: '/publications',
    url: () => '/publications',
    expect: only(200, HOTLINE),
  },
  {
    method: 'GET',
    route: '/publications/:ticketId',
    url: () => `/publications/${tA.id}`,
    expect: only(200, HOTLINE),
  },
  {
    method: 'PUT',
    route: '/publications/:ticketId',
    url: () => `/publications/${tA.id}`,
    body: () => ({
      title: 'Đèn đường hỏng',
      question: 'Đèn đường bị hỏng nhiều ngày.',
      answer: 'Đã sửa chữa xong đèn đường.',
    }),
    expect: only(409, HOTLINE),
  },
  {
    method: 'DELETE',
    route: '/publications/:ticketId',
    url: () => `/publications/${tA.id}`,
    expect: only(404, HOTLINE),
  },
  {
    method: 'POST',
    route: '/notifications/:id/read',
    url: (w) => `/notifications/${w === 'anonymous' ? notes.operator : notes[w]}/read`,
    expect: all(200),
  },
];

async function call(e: Endpoint, w: Who) {
  const url = `/api/v1${e.url(w)}`;
  if (e.upload) {
    if (w === 'anonymous') return uploadRaw(t, 'nội dung', 'ghi-chu.txt', 'text/plain', {});
    return users[w].upload('ghi-chu.txt', 'text/plain', 'nội dung');
  }
  return client(w).req(e.method, url, e.body?.(w), e.headers);
}

/** Every (method, route) the server documents, with its tags. */
async function registeredRoutes() {
  const spec = await t.anonymous().get('/api/openapi.json');
  return Object.entries(
    spec.body.paths as Record<string, Record<string, { tags?: string[] }>>,
  ).flatMap(([p, ops]) =>
    Object.entries(ops).map(([m, op]) => ({
      key: `${m.toUpperCase()} ${p.replace('/api/v1', '').replace(/\{(\w+)\}/g, ':$1')}`,
      permission: (op as { 'x-permission'?: Permission })['x-permission'],
      url: p.replace(/\{(\w+)\}/g, () => crypto.randomUUID()),
      method: m.toUpperCase() as Endpoint['method'],
      tags: op.tags ?? [],
    })),
  );
}
// Modules with their own authorization suite; here only "nobody gets in" is checked.
const OWN_SUITES = ['knowledge base', 'templates', 'push'];

test('R-SEC-1 the matrix covers every endpoint the server registers', async () => {
  const registered = (await registeredRoutes())
    .filter((r) => !r.tags.some((tag) => OWN_SUITES.includes(tag)))
    .map((r) => r.key)
    .sort();
  const covered = [
    ...ENDPOINTS.map((e) => `${e.method} ${e.route}`),
    // Public, tested on their own below.
    'POST /auth/login',
    'POST /auth/logout',
    'GET /auth/session',
    // The first run's public pair, guarded by "no administrator yet" (tests/setup/).
    'GET /setup/status',
    'POST /setup',
  ].sort();
  assert.deepEqual(
    covered,
    registered,
    'add new endpoints to ENDPOINTS with their expected statuses',
  );
});

test('R-SEC-1 the permission each route names gives exactly the roles the matrix lets in', async () => {
  // The matrix above is written by hand from the requirements; the table is what the code
  // enforces. A role the matrix refuses (403) must not hold the route's permission, and a role
  // it lets in (any other status) must.
  const byKey = new Map((await registeredRoutes()).map((r) => [r.key, r.permission]));
  const failures: string[] = [];
  for (const e of ENDPOINTS) {
    const permission = byKey.get(`${e.method} ${e.route}`);
    if (!permission) {
      failures.push(`${e.method} ${e.route}: no x-permission`);
      continue;
    }
    const letIn = ROLES.filter((r) => e.expect[r] !== 403).sort();
    const holders = ROLES.filter((r) => can(r, permission)).sort();
    if (JSON.stringify(letIn) !== JSON.stringify(holders))
      failures.push(`${e.method} ${e.route} (${permission}): matrix ${letIn} ≠ table ${holders}`);
  }
  assert.deepEqual(failures, []);
});

test('R-SEC-1 no other endpoint answers anonymous callers with data', async () => {
  const others = (await registeredRoutes()).filter((r) =>
    r.tags.some((tag) => OWN_SUITES.includes(tag)),
  );
  for (const r of others) {
    const res = await t.anonymous().req(r.method, r.url, r.method === 'GET' ? undefined : {});
    // 401, or 400 when the body or query is checked before the caller (never 2xx, 404 or 5xx).
    assert.ok(
      [400, 401].includes(res.status),
      `${r.key}: ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`,
    );
    if (res.status === 401) assert.equal(res.body.error.code, 'unauthenticated');
  }
});

test('R-SEC-1 R-AD-1 every role and nobody × every endpoint → 2xx / 401 / 403', async () => {
  const failures: string[] = [];
  for (const e of ENDPOINTS) {
    for (const w of EVERYONE) {
      const res = await call(e, w);
      const want = e.expect[w];
      if (res.status !== want) {
        failures.push(
          `${e.method} ${e.route} as ${w}: ${res.status} (want ${want}) ${JSON.stringify(res.body).slice(0, 200)}`,
        );
        continue;
      }
      if (want === 401) assert.equal(res.body.error.code, 'unauthenticated');
      if (want === 403) assert.equal(res.body.error.code, 'forbidden');
    }
  }
  assert.deepEqual(failures, []);
});

test("R-SEC-1 role × action: roles outside each action's rule are refused (403) and nothing changes", async () => {
  // Who may attempt what, from REQUIREMENTS §3–§5 (hand-written, not read from the code).
  const allowed: Record<string, Role[]> = {
    answer_directly: ['operator', 'supervisor'],
    reject: ['operator', 'supervisor', 'coordinator'],
    request_supplement: ['operator', 'supervisor', 'focal_point', 'agency_head'],
    supplement: ['operator', 'supervisor'],
    send_to_coordinator: ['operator', 'supervisor'],
    forward: ['operator', 'supervisor', 'coordinator'],
    accept: ['focal_point', 'agency_head'],
    return_misrouted: ['focal_point', 'agency_head'],
    transfer: ['focal_point', 'agency_head'],
    route_internal: ['focal_point', 'agency_head'],
    subunit_reply: [], // the ticket is not routed to their sub-unit
    request_verification: ['focal_point', 'agency_head'],
    answer_agency: ['focal_point', 'agency_head'],
    approve_answer: ['agency_head', 'leader'],
    reject_answer: ['agency_head', 'leader'],
    escalate: ['focal_point'],
    mark_overdue: [], // the sweeper only
    remind: ['coordinator', 'leader'],
    answer_citizen: ['operator', 'supervisor', 'coordinator'],
    close: ['operator', 'supervisor', 'coordinator'],
    reopen: ['operator', 'supervisor'],
    comment: ['operator', 'supervisor', 'focal_point', 'agency_head', 'coordinator', 'leader'],
  };
  assert.deepEqual(Object.keys(allowed).sort(), [...ACTIONS].sort());
  const before = (await op.get(`/api/v1/tickets/${tA.id}`)).body;
  const rows = await counts(t);
  const failures: string[] = [];
  for (const action of ACTIONS) {
    for (const role of ROLES) {
      if (allowed[action]!.includes(role)) continue;
      const res = await users[role].post(`/api/v1/tickets/${tA.id}/actions/${action}`, {});
      if (res.status !== 403 || res.body.error?.code !== 'forbidden') {
        failures.push(`${action} as ${role}: ${res.status} ${res.body.error?.code}`);
      }
    }
    const anon = await t.anonymous().post(`/api/v1/tickets/${tA.id}/actions/${action}`, {});
    if (anon.status !== 401) failures.push(`${action} as anonymous: ${anon.status}`);
  }
  assert.deepEqual(failures, []);
  const afterwards = (await op.get(`/api/v1/tickets/${tA.id}`)).body;
  assert.equal(afterwards.version, before.version);
  assert.deepEqual(afterwards.timeline, before.timeline);
  assert.deepEqual(await counts(t), rows);
});

test("R-SEC-2 zero cross-agency access: B's staff get 404 on A's tickets for reads and every action", async () => {
  const before = (await op.get(`/api/v1/tickets/${tA.id}`)).body;
  const beforeConf = (await op.get(`/api/v1/tickets/${tConf.id}`)).body;
  const rows = await counts(t);
  const bodies: Record<string, object> = {
    forward: { agencyId: agencyB.id },
    transfer: { agencyId: agencyB.id },
    route_internal: { subunitId: subA.id },
    request_verification: { promisedDate: '2026-12-31' },
    answer_agency: { answer: 'Trả lời hộ' },
    subunit_reply: { answer: 'Trả lời hộ' },
    answer_citizen: { answer: 'Trả lời hộ' },
    answer_directly: { answer: 'Trả lời hộ' },
    reject: { reason: 'x', guidance: 'y' },
  };
  const failures: string[] = [];
  for (const outsider of [fpB, headB, subStaff]) {
    for (const id of [tA.id, tConf.id]) {
      const get = await outsider.get(`/api/v1/tickets/${id}`);
      if (get.status !== 404 || get.body.error.code !== 'ticket_not_found') {
        failures.push(`GET as ${outsider.me.username}: ${get.status}`);
      }
      for (const action of ACTIONS) {
        const res = await outsider.post(`/api/v1/tickets/${id}/actions/${action}`, {
          reason: 'thử',
          note: 'thử',
          ...bodies[action],
        });
        if (res.status !== 404 || res.body.error?.code !== 'ticket_not_found') {
          failures.push(
            `${action} as ${outsider.me.username}: ${res.status} ${res.body.error?.code}`,
          );
        }
      }
    }
    const att = await outsider.get(`/api/v1/attachments/${attA}`);
    if (att.status !== 404) failures.push(`attachment as ${outsider.me.username}: ${att.status}`);
  }
  assert.deepEqual(failures, []);
  // Exactly what a ticket that does not exist answers: existence does not leak.
  for (const action of ['escalate', 'accept', 'comment']) {
    assertError(
      await headB.post(`/api/v1/tickets/${crypto.randomUUID()}/actions/${action}`),
      404,
      'ticket_not_found',
    );
  }

  assert.deepEqual(await counts(t), rows, 'nothing was written');
  const afterwards = (await op.get(`/api/v1/tickets/${tA.id}`)).body;
  assert.equal(afterwards.version, before.version);
  assert.deepEqual(afterwards.timeline, before.timeline);
  assert.equal((await op.get(`/api/v1/tickets/${tConf.id}`)).body.version, beforeConf.version);
});

test("R-SEC-2 list endpoints never show another agency's tickets, whatever the filters", async () => {
  const queries = [
    '',
    `?agencyId=${agencyA.id}`,
    '?status=forwarded,in_progress',
    '?escalation=none',
    `?q=${encodeURIComponent(tA.code)}`,
    '?q=SXD',
    `?fieldId=${field.id}`,
    '?order=deadline_asc&limit=200',
    '?channel=phone',
    '?offset=0&limit=1',
  ];
  for (const outsider of [fpB, headB]) {
    for (const q of queries) {
      const res = await outsider.get(`/api/v1/tickets${q}`);
      assert.equal(res.status, 200);
      const found = res.body.items.map((x: { id: string; agencyId: string }) => x.agencyId);
      assert.ok(
        found.every((a: string) => a === agencyB.id),
        `${q}: ${JSON.stringify(found)}`,
      );
      assert.ok(res.body.total <= 1, `${q}: total ${res.body.total} counts only B's ticket`);
    }
    const mine = await outsider.get('/api/v1/tickets');
    assert.deepEqual(
      mine.body.items.map((x: { id: string }) => x.id),
      [tB.id],
    );
    assertError(await outsider.get('/api/v1/tickets/lookup?phone=0912345678'), 403, 'forbidden');
  }
  // The sub-unit, with nothing routed to it, sees nothing.
  assert.equal((await subStaff.get('/api/v1/tickets')).body.total, 0);
  // A's staff do not see B's ticket either.
  const aList = await users.agency_head.get('/api/v1/tickets?limit=200');
  assert.ok(!aList.body.items.some((x: { id: string }) => x.id === tB.id));
  assert.ok(aList.body.items.every((x: { agencyId: string }) => x.agencyId === agencyA.id));
  // And B's staff were never notified about A's tickets.
  for (const id of [tA.id, tConf.id]) {
    for (const r of await outboxFor(t, id)) {
      assert.ok(![fpB.me.id, headB.me.id].includes(r.user_id ?? ''), `${r.template} went to B`);
    }
  }
});

test('R-SEC-2 a sub-unit sees a ticket only while it is routed to it', async () => {
  const tk = await ticketAt(agencyA.id);
  await users.focal_point.post(`/api/v1/tickets/${tk.id}/actions/accept`);
  assertError(await subStaff.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');
  const r = await users.focal_point.post(`/api/v1/tickets/${tk.id}/actions/route_internal`, {
    subunitId: subA.id,
  });
  assert.equal(r.status, 200);
  assert.equal((await subStaff.get(`/api/v1/tickets/${tk.id}`)).status, 200);
  assert.deepEqual(
    (await subStaff.get('/api/v1/tickets')).body.items.map((x: { id: string }) => x.id),
    [tk.id],
  );
  // The sub-unit cannot hand it on or answer for the agency.
  assertError(
    await subStaff.post(`/api/v1/tickets/${tk.id}/actions/transfer`, { agencyId: agencyB.id }),
    403,
    'forbidden',
  );
  assertError(
    await subStaff.post(`/api/v1/tickets/${tk.id}/actions/return_misrouted`, { reason: 'x' }),
    403,
    'forbidden',
  );
  assert.equal(
    (
      await subStaff.post(`/api/v1/tickets/${tk.id}/actions/subunit_reply`, {
        answer: 'Đã kiểm tra.',
      })
    ).status,
    200,
  );
  assertError(await subStaff.get(`/api/v1/tickets/${tk.id}`), 404, 'ticket_not_found');
});

test('R-PUB-2 personal data is masked for leaders and admins, and for agency staff when confidential', async () => {
  const clear = (b: { citizen: Record<string, unknown>; masked: boolean }) => {
    assert.equal(b.masked, false);
    assert.deepEqual(
      {
        name: b.citizen.name,
        phone: b.citizen.phone,
        email: b.citizen.email,
        address: b.citizen.address,
      },
      CITIZEN,
    );
  };
  const masked = (b: { citizen: Record<string, unknown>; masked: boolean }) => {
    assert.equal(b.masked, true);
    assert.deepEqual(
      {
        name: b.citizen.name,
        phone: b.citizen.phone,
        email: b.citizen.email,
        address: b.citizen.address,
      },
      MASKED,
    );
  };
  const expect: Record<Role, { plain: boolean; confidential: boolean }> = {
    operator: { plain: true, confidential: true },
    supervisor: { plain: true, confidential: true },
    coordinator: { plain: true, confidential: true },
    focal_point: { plain: true, confidential: false },
    agency_head: { plain: true, confidential: false },
    leader: { plain: false, confidential: false },
    admin: { plain: false, confidential: false },
  };
  for (const role of ROLES) {
    const u = users[role];
    for (const [id, seesClear] of [
      [tA.id, expect[role].plain],
      [tConf.id, expect[role].confidential],
    ] as const) {
      const check = seesClear ? clear : masked;
      const one = await u.get(`/api/v1/tickets/${id}`);
      assert.equal(one.status, 200);
      check(one.body);
      const list = await u.get('/api/v1/tickets?limit=200');
      const row = list.body.items.find((x: { id: string }) => x.id === id);
      check(row);
      // Nothing personal hides elsewhere in the JSON.
      if (!seesClear) {
        for (const s of [JSON.stringify(one.body), JSON.stringify(row)]) {
          for (const v of Object.values(CITIZEN)) assert.ok(!s.includes(v), `${role} sees ${v}`);
        }
      }
    }
  }
  // The answer to a write is masked the same way.
  const c = await users.focal_point.post(`/api/v1/tickets/${tConf.id}/actions/comment`, {
    reason: 'Đã xem',
  });
  masked(c.body);
  const l = await users.leader.post(`/api/v1/tickets/${tA.id}/actions/comment`, {
    reason: 'Theo dõi',
  });
  masked(l.body);
  // The confidential ticket's notifications to agency staff carry no personal data.
  for (const r of await outboxFor(t, tConf.id)) {
    if (r.user_id === null) continue;
    const s = JSON.stringify(r.payload);
    for (const v of Object.values(CITIZEN)) assert.ok(!s.includes(v), `${r.template} carries ${v}`);
  }
});

test('R-SEC-1 CSRF: a cookie-authenticated write without the x-csrf-token header is refused and changes nothing', async () => {
  const fresh = await op.post('/api/v1/tickets', ticketBody());
  const id = fresh.body.id as string;
  const rows = await counts(t);
  const noCsrf = op.withoutCsrf();
  assertError(await noCsrf.post('/api/v1/tickets', ticketBody()), 403, 'csrf_failed');
  assertError(
    await noCsrf.post(`/api/v1/tickets/${id}/actions/forward`, { agencyId: agencyA.id }),
    403,
    'csrf_failed',
  );
  assertError(await noCsrf.post('/api/v1/auth/tokens', { name: 'csrf' }), 403, 'csrf_failed');
  assertError(await noCsrf.post('/api/v1/auth/logout'), 403, 'csrf_failed');
  const adminNoCsrf = users.admin.withoutCsrf();
  assertError(
    await adminNoCsrf.put(`/api/v1/calendars/${t.calendarId}/exceptions`, {
      date: '2026-05-04',
      kind: 'holiday',
      nameVi: 'x',
    }),
    403,
    'csrf_failed',
  );
  assertError(
    await adminNoCsrf.patch(`/api/v1/users/${spareUser.id}`, { role: 'admin' }),
    403,
    'csrf_failed',
  );
  assertError(
    await adminNoCsrf.delete(`/api/v1/calendars/${t.calendarId}/exceptions/2026-12-25`),
    403,
    'csrf_failed',
  );
  assertError(
    await adminNoCsrf.post('/api/v1/agencies', { code: 'CSRF', name: 'x', kind: 'department' }),
    403,
    'csrf_failed',
  );
  // A wrong token, or another session's token, is no better.
  const wrong = new Client(t.app, op.sid, 'not-the-token');
  assertError(await wrong.post('/api/v1/tickets', ticketBody()), 403, 'csrf_failed');
  const stolen = new Client(t.app, op.sid, users.supervisor.csrfToken);
  assertError(await stolen.post('/api/v1/tickets', ticketBody()), 403, 'csrf_failed');
  // Multipart uploads too.
  const up = await uploadRaw(t, 'x', 'a.txt', 'text/plain', {
    cookie: `${SESSION_COOKIE}=${op.sid}`,
  });
  assertError(up, 403, 'csrf_failed');

  assert.deepEqual(await counts(t), rows, 'nothing changed');
  const d = await op.get(`/api/v1/tickets/${id}`);
  assert.equal(d.body.status, 'received');
  assert.equal(
    (
      await t.db
        .selectFrom('app_user')
        .select('role')
        .where('id', '=', spareUser.id)
        .executeTakeFirstOrThrow()
    ).role,
    'operator',
  );
  // Reads need no token, and the same session still writes with it.
  assert.equal((await noCsrf.get(`/api/v1/tickets/${id}`)).status, 200);
  assert.equal(
    (await op.post(`/api/v1/tickets/${id}/actions/forward`, { agencyId: agencyA.id })).status,
    200,
  );
});

test("R-SEC-1 API tokens: Bearer works without CSRF, keeps the user's scope, and bad tokens are refused", async () => {
  const issued = await users.operator.post('/api/v1/auth/tokens', { name: 'Tích hợp Zalo OA' });
  assert.equal(issued.status, 201);
  assert.equal(issued.body.name, 'Tích hợp Zalo OA');
  assert.match(issued.body.token, /^o1022_[A-Za-z0-9_-]{40,}$/);
  // Stored hashed, never in clear.
  const stored = await t.db
    .selectFrom('api_token')
    .select('token_hash')
    .where('id', '=', issued.body.id)
    .executeTakeFirstOrThrow();
  assert.notEqual(stored.token_hash, issued.body.token);
  assert.ok(!stored.token_hash.includes(issued.body.token));

  const bearer = new Client(t.app, null, null, issued.body.token);
  const me = await bearer.get('/api/v1/auth/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.id, users.operator.me.id);
  assert.equal(me.body.csrfToken, null);
  const created = await bearer.post('/api/v1/tickets', ticketBody());
  assert.equal(created.status, 201, JSON.stringify(created.body));
  assert.equal(
    (
      await bearer.post(`/api/v1/tickets/${created.body.id}/actions/forward`, {
        agencyId: agencyA.id,
      })
    ).status,
    200,
  );
  const used = await t.db
    .selectFrom('api_token')
    .select('last_used_at')
    .where('id', '=', issued.body.id)
    .executeTakeFirstOrThrow();
  assert.ok(used.last_used_at);

  // A token carries its user's scope: B's focal point still gets 404 on A's ticket.
  const bTok = (await fpB.post('/api/v1/auth/tokens', { name: 'app' })).body.token;
  const bBearer = new Client(t.app, null, null, bTok);
  assertError(await bBearer.get(`/api/v1/tickets/${tA.id}`), 404, 'ticket_not_found');
  assertError(
    await bBearer.post(`/api/v1/tickets/${tA.id}/actions/accept`),
    404,
    'ticket_not_found',
  );
  // A leader's token sees masked data.
  const lTok = (await users.leader.post('/api/v1/auth/tokens', { name: 'dashboard' })).body.token;
  assert.equal(
    (await new Client(t.app, null, null, lTok).get(`/api/v1/tickets/${tA.id}`)).body.citizen.phone,
    MASKED.phone,
  );

  // Unknown or malformed tokens: 401, even on reads and even with a valid cookie alongside.
  for (const bad of ['o1022_nope', '', 'x'.repeat(500)]) {
    assertError(
      await new Client(t.app, null, null, bad).get('/api/v1/agencies'),
      401,
      'unauthenticated',
    );
  }
  assertError(
    await new Client(t.app, op.sid, null, 'o1022_nope').get('/api/v1/agencies'),
    401,
    'unauthenticated',
  );
  // A deactivated user's tokens stop working.
  const tmp = await t.newUser('operator');
  const tmpSession = await signIn(t, tmp);
  const tmpTok = (await tmpSession.post('/api/v1/auth/tokens', { name: 'x' })).body.token;
  assert.equal((await new Client(t.app, null, null, tmpTok).get('/api/v1/auth/me')).status, 200);
  assert.equal((await users.admin.patch(`/api/v1/users/${tmp.id}`, { active: false })).status, 200);
  assertError(
    await new Client(t.app, null, null, tmpTok).get('/api/v1/auth/me'),
    401,
    'unauthenticated',
  );
  assertError(await tmpSession.get('/api/v1/auth/me'), 401, 'unauthenticated');
});

test("R-SEC-2 a changed role ends the user's sessions; logout ends a session", async () => {
  const u = await t.newUser('focal_point', agencyA);
  const s = await signIn(t, u);
  assert.equal((await s.get(`/api/v1/tickets/${tA.id}`)).status, 200);
  assert.equal(
    (await users.admin.patch(`/api/v1/users/${u.id}`, { agencyId: agencyB.id })).status,
    200,
  );
  assertError(await s.get(`/api/v1/tickets/${tA.id}`), 401, 'unauthenticated');
  const again = await signIn(t, u);
  assertError(await again.get(`/api/v1/tickets/${tA.id}`), 404, 'ticket_not_found');

  for (const role of ROLES) {
    const extra = await signIn(t, { username: users[role].me.username });
    const out = await extra.post('/api/v1/auth/logout');
    assert.equal(out.status, 200);
    assertError(await extra.get('/api/v1/auth/me'), 401, 'unauthenticated');
    // Other sessions of the same user live on.
    assert.equal((await users[role].get('/api/v1/auth/me')).status, 200);
  }
  assert.equal((await t.anonymous().post('/api/v1/auth/logout')).status, 200);
});

test('R-SEC-2 login throttling: 5 wrong passwords hold back the account from that address; 30 failures the address', async () => {
  const victim = await t.newUser('operator');
  const ip1 = nextIp();
  const ip2 = nextIp();
  for (let i = 0; i < 5; i++) {
    const r = await tryLogin(t, victim.username, `sai-${i}`, ip1);
    assert.equal(r.status, 401, `attempt ${i + 1}`);
    assert.equal(r.body.error?.code, 'invalid_credentials');
  }
  const locked = await tryLogin(t, victim.username, TEST_PASSWORD, ip1);
  assert.equal(locked.status, 429);
  assert.equal(locked.body.error?.code, 'login_throttled');
  // Not from anywhere (issue #12 finding 5: anyone could lock anyone out): the owner elsewhere
  // signs in (tests/api/accounts.test.ts covers back-off, known devices and notices)…
  assert.equal((await tryLogin(t, victim.username, TEST_PASSWORD, ip2)).status, 200);
  // …and colleagues behind the same office address still sign in.
  const other = await t.newUser('supervisor');
  assert.equal((await tryLogin(t, other.username, TEST_PASSWORD, ip1)).status, 200);
  // A spray of failures across accounts from one address locks the address for anyone.
  const sprayer = nextIp();
  for (let i = 0; i < 30; i++) {
    assert.equal((await tryLogin(t, `nguoi-dung-${i}`, 'matkhau123', sprayer)).status, 401);
  }
  assert.equal((await tryLogin(t, other.username, TEST_PASSWORD, sprayer)).status, 429);
  assert.equal((await tryLogin(t, other.username, TEST_PASSWORD, nextIp())).status, 200);
  // A wrong username answers like a wrong password (no account discovery).
  const ghost = await tryLogin(t, 'khong-ton-tai', 'x', nextIp());
  assert.equal(ghost.status, 401);
  assert.equal(ghost.body.error?.code, 'invalid_credentials');

  // The wait is over after its back-off (30 s after the fifth failure; 15 minutes covers it).
  t.clock.advance(15 * 60_000 + 1000);
  assert.equal((await tryLogin(t, victim.username, TEST_PASSWORD, ip1)).status, 200);
});

/** A second province on the same installation, with its own staff and a ticket. */
let prefixes = 0;
async function secondTenant(prefix = `P${String.fromCharCode(66 + prefixes++)}`) {
  const tenant = await t.db
    .insertInto('tenant')
    .values({
      code: `T2${uniq()}`,
      name: 'Tỉnh thứ hai',
      kind: 'province',
      settings: JSON.stringify({ ticketPrefix: prefix }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const calendar = await t.db
    .insertInto('calendar')
    .values({
      tenant_id: tenant.id,
      name: 'Giờ hành chính',
      is_default: true,
      config: JSON.stringify({ timezone: 'Asia/Ho_Chi_Minh' }),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const agency = await t.db
    .insertInto('agency')
    .values({
      tenant_id: tenant.id,
      code: 'SXD',
      name: 'Sở Xây dựng tỉnh hai',
      kind: 'department',
      parent_id: null,
      org_unit_id: null,
      calendar_id: null,
      phone: null,
      email: null,
      requires_approval: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hash = await hashPassword(TEST_PASSWORD);
  const mk = async (role: Role, agencyId: string | null) =>
    t.db
      .insertInto('app_user')
      .values({
        tenant_id: tenant.id,
        username: `t2-${role}-${uniq()}`,
        display_name: `T2 ${role}`,
        email: null,
        phone: null,
        role,
        agency_id: agencyId,
        title: null,
        password_hash: hash,
      })
      .returning(['id', 'username'])
      .executeTakeFirstOrThrow();
  const s = {
    operator: await signIn(t, await mk('operator', null)),
    admin: await signIn(t, await mk('admin', null)),
    focal_point: await signIn(t, await mk('focal_point', agency.id)),
  };
  const c = await s.operator.post('/api/v1/tickets', ticketBody({ citizen: CITIZEN }));
  assert.equal(c.status, 201, JSON.stringify(c.body));
  assert.match(c.body.code, new RegExp(`^${prefix}-2026-000001$`));
  assert.equal(
    (await s.operator.post(`/api/v1/tickets/${c.body.id}/actions/forward`, { agencyId: agency.id }))
      .status,
    200,
  );
  return {
    tenantId: tenant.id,
    calendarId: calendar.id,
    agencyId: agency.id,
    users: s,
    ticketId: c.body.id as string,
    prefix,
  };
}

test("R-SEC-2 zero cross-tenant access: another province's tickets, staff, agencies and calendars are invisible", async () => {
  const t2 = await secondTenant();
  const rows = await counts(t);
  // Province 1 → province 2.
  for (const role of ROLES) {
    const u = users[role];
    assertError(await u.get(`/api/v1/tickets/${t2.ticketId}`), 404, 'ticket_not_found');
    const act = await u.post(`/api/v1/tickets/${t2.ticketId}/actions/comment`, { reason: 'x' });
    assert.equal(act.status, 404, `${role}: ${act.status}`);
    const list = await u.get('/api/v1/tickets?limit=200');
    assert.ok(!list.body.items.some((x: { id: string }) => x.id === t2.ticketId), role);
    const agencies = await u.get('/api/v1/agencies');
    assert.ok(!agencies.body.some((a: { id: string }) => a.id === t2.agencyId), role);
    assertError(await u.get(`/api/v1/calendars/${t2.calendarId}`), 404, 'not_found');
  }
  const lookup = await op.get('/api/v1/tickets/lookup?phone=0912345678');
  assert.ok(!lookup.body.items.some((x: { id: string }) => x.id === t2.ticketId));
  const fresh = await op.post('/api/v1/tickets', ticketBody());
  const before = await counts(t);
  assertError(
    await op.post(`/api/v1/tickets/${fresh.body.id}/actions/forward`, { agencyId: t2.agencyId }),
    422,
    'agency_not_found',
  );
  const admin = users.admin;
  const allUsers = await admin.get('/api/v1/users');
  assert.ok(!allUsers.body.some((u: { id: string }) => u.id === t2.users.operator.me.id));
  assertError(
    await admin.patch(`/api/v1/users/${t2.users.operator.me.id}`, { role: 'admin' }),
    404,
    'not_found',
  );
  assertError(
    await admin.patch(`/api/v1/agencies/${t2.agencyId}`, { name: 'x' }),
    404,
    'not_found',
  );
  assertError(
    await admin.put(`/api/v1/calendars/${t2.calendarId}/exceptions`, {
      date: '2026-05-04',
      kind: 'holiday',
      nameVi: 'x',
    }),
    404,
    'not_found',
  );
  assertError(
    await admin.post('/api/v1/users', {
      username: `x${uniq()}`,
      displayName: 'x',
      role: 'focal_point',
      agencyId: t2.agencyId,
      password: 'mat-khau-dai-1234',
    }),
    422,
    'agency_not_found',
  );
  assertError(
    await admin.post('/api/v1/agencies', {
      code: `X${uniq()}`,
      name: 'x',
      kind: 'subunit',
      parentId: t2.agencyId,
    }),
    422,
    'agency_not_found',
  );
  assert.deepEqual(await counts(t), before, 'nothing written across tenants');
  // Province 2 → province 1.
  for (const u of Object.values(t2.users)) {
    assertError(await u.get(`/api/v1/tickets/${tA.id}`), 404, 'ticket_not_found');
    assertError(await u.get(`/api/v1/attachments/${attA}`), 404, 'not_found');
    const list = await u.get('/api/v1/tickets?limit=200');
    assert.ok(list.body.items.length > 0);
    assert.ok(list.body.items.every((x: { code: string }) => x.code.startsWith(`${t2.prefix}-`)));
  }
  assert.ok(rows.ticket > 0);
});

test('R-SEC-2 a username names one account: unique across provinces, or each sign-in lands in its own province', async () => {
  const t2 = await secondTenant();
  const clash = await t2.users.admin.post('/api/v1/users', {
    username: users.operator.me.username,
    displayName: 'Trùng tên',
    role: 'operator',
    password: 'mat-khau-tinh-hai-123',
  });
  if (clash.status === 409) return; // usernames are unique installation-wide: fine
  assert.equal(clash.status, 201, JSON.stringify(clash.body));
  const one = await tryLogin(t, users.operator.me.username, TEST_PASSWORD, nextIp());
  const two = await tryLogin(t, users.operator.me.username, 'mat-khau-tinh-hai-123', nextIp());
  assert.deepEqual([one.status, two.status], [200, 200]);
});

test('R-SEC-2 two provinces may number their tickets with the same prefix', async () => {
  const other = await secondTenant('PA');
  assert.ok(other.ticketId);
});
