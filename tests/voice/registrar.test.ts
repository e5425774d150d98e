/**
 * Operators' phones register (R-TEL-6): an administrator sets an operator's SIP user name and
 * password through the API (stored as digest HA1, audited); a real baresip registers with the
 * password and its binding lands in PostgreSQL; SIPp with a wrong password gets 401 then 403;
 * SIPp with the right one registers and unregisters (Expires: 0).
 */
import { after, before, test } from 'node:test';
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import assert from 'node:assert/strict';
import { createTestApp, type Client } from '../helpers/app.ts';
import { agentsRepository as repo } from '../../src/voice/agents/agents.repository.ts';
import { ivrFlowSchema } from '../../src/voice/ivr/flow.ts';
import { DEMO_FLOW } from '../../src/voice/ivr/demo.ts';
import { RateCounter } from '../../src/modules/abuse/rate-counter.ts';
import { Registrar } from '../../src/voice/registrar.ts';
import { authorizationFor, NonceKeeper } from '../../src/voice/sip/digest.ts';
import type { SipResponse } from '../../src/voice/sip/message.ts';
import { parseMessage } from '../../src/voice/sip/parser.ts';
import type { TelephonyService } from '../../src/voice/service.ts';
import { startPhone } from './helpers/baresip.ts';
import { freeUdpPort, scenarioWith, sipp, until } from './helpers/peers.ts';
import { startTelephony, type Telephony } from './helpers/telephony.ts';

const t = await createTestApp({ realClock: true });
after(t.close);
const PASSWORD = 'dien-thoai-1001-bi-mat';

let admin: Client;
let operatorId: string;
let tel: Telephony;
let service: TelephonyService;

before(async () => {
  admin = await t.login(await t.newUser('admin'));
  operatorId = (await t.newUser('operator')).id;
  tel = await startTelephony({
    app: t,
    dir: 'o1022-reg',
    rtpPorts: 20,
    flow: ivrFlowSchema.parse(DEMO_FLOW),
    registrar: { realm: t.ctx.env.SIP_REALM },
  });
  service = tel.service;
});
after(() => tel.stop());

test('an administrator sets the SIP account: HA1 stored, never the password, audited', async () => {
  const res = await admin.put(`/api/v1/agents/${operatorId}/sip`, {
    username: '1001',
    password: PASSWORD,
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, { userId: operatorId, sipUsername: '1001', realm: 'open1022' });
  const row = await t.db.selectFrom('sip_account').selectAll().executeTakeFirstOrThrow();
  assert.equal(row.username, '1001');
  assert.match(row.ha1_md5, /^[0-9a-f]{32}$/);
  assert.match(row.ha1_sha256, /^[0-9a-f]{64}$/);
  assert.ok(!JSON.stringify(row).includes(PASSWORD));
  const audit = await t.db
    .selectFrom('audit_log')
    .selectAll()
    .where('action', '=', 'sip_account.set')
    .executeTakeFirstOrThrow();
  assert.equal(audit.entity_id, operatorId);
  assert.ok(!JSON.stringify(audit.data).includes(PASSWORD));

  const bad = await admin.put(`/api/v1/agents/${operatorId}/sip`, {
    username: 'a b',
    password: 'x',
  });
  assert.equal(bad.status, 400);
  const other = (await t.newUser('focal_point', await t.newAgency())).id;
  const notAgent = await admin.put(`/api/v1/agents/${other}/sip`, {
    username: '1009',
    password: PASSWORD,
  });
  assert.equal(notAgent.status, 400, 'only hotline staff get phones');
  const op2 = (await t.newUser('operator')).id;
  const dup = await admin.put(`/api/v1/agents/${op2}/sip`, {
    username: '1001',
    password: PASSWORD,
  });
  assert.equal(dup.status, 409, 'one extension, one operator');
});

test('baresip registers with the password; the binding is in PostgreSQL; it unregisters on quit', async () => {
  const phone = await startPhone({ registrarPort: service.port, user: '1001', password: PASSWORD });
  try {
    const [b] = await until(
      'baresip registration',
      async () => {
        const rows = await repo.bindings(t.db, operatorId, new Date());
        return rows.length ? rows : null;
      },
      () => (phone.peer.exited ? phone.peer.output() : null),
    );
    assert.match(b!.contact, new RegExp(`^sip:1001[^@]*@127\\.0\\.0\\.1:${phone.port}`));
    assert.equal(b!.source, `udp:127.0.0.1:${phone.port}`);
    assert.match(b!.userAgent ?? '', /baresip/, JSON.stringify(b));
    assert.ok(b!.expiresAt > Date.now() + 500_000, `regint 600 honoured: ${JSON.stringify(b)}`);
    const list = await admin.get('/api/v1/agents');
    const me = list.body.items.find((a: { id: string }) => a.id === operatorId);
    assert.equal(me.sipUsername, '1001', JSON.stringify(list.body));
    assert.equal(me.registered, true, JSON.stringify(list.body));
  } finally {
    phone.peer.stop();
  }
  await phone.peer.done;
  await until(
    'unregistration',
    async () => (await repo.bindings(t.db, operatorId, new Date())).length === 0,
  );
});

test('SIPp with a wrong password: 401 with the MD5 challenge, then 403; nothing stored', async () => {
  const file = scenarioWith('register-auth.xml', {
    user: '1001',
    password: 'sai-mat-khau',
    realm: 'open1022',
    expires: 600,
    status: 403,
    then: 'refused',
    check: 'SIP/2.0 403',
  });
  const r = await sipp(`127.0.0.1:${service.port}`, { file }).result;
  assert.equal(r.code, 0, `${r.stderr}\n${r.errors}\n${r.messages}`);
  assert.deepEqual(await repo.bindings(t.db, operatorId, new Date()), []);
});

test('SIPp with the right password registers (200 lists the contact) and unregisters', async () => {
  const reg = scenarioWith('register-auth.xml', {
    user: '1001',
    password: PASSWORD,
    realm: 'open1022',
    expires: 120,
    status: 200,
    then: 'registered',
    check: 'Contact: &lt;sip:1001@127\\.0\\.0\\.1:[0-9]+&gt;;expires=120',
  });
  const port = await freeUdpPort();
  const r = await sipp(`127.0.0.1:${service.port}`, { file: reg }, ['-p', String(port)]).result;
  assert.equal(r.code, 0, `${r.stderr}\n${r.errors}\n${r.messages}`);
  const [b] = await repo.bindings(t.db, operatorId, new Date());
  assert.equal(b?.contact, `sip:1001@127.0.0.1:${port}`);

  const unreg = scenarioWith('register-auth.xml', {
    user: '1001',
    password: PASSWORD,
    realm: 'open1022',
    expires: 0,
    status: 200,
    then: 'unregistered',
    check: 'Date: ',
  });
  const u = await sipp(`127.0.0.1:${service.port}`, { file: unreg }, ['-p', String(port)]).result;
  assert.equal(u.code, 0, `${u.stderr}\n${u.errors}\n${u.messages}`);
  assert.deepEqual(await repo.bindings(t.db, operatorId, new Date()), []);
});

test('an unknown user is challenged like any other, then refused', async () => {
  const file = scenarioWith('register-auth.xml', {
    user: '9999',
    password: PASSWORD,
    realm: 'open1022',
    expires: 600,
    status: 403,
    then: 'refused',
    check: 'SIP/2.0 403',
  });
  const r = await sipp(`127.0.0.1:${service.port}`, { file }).result;
  assert.equal(r.code, 0, `${r.stderr}\n${r.errors}`);
});

/** A bare UDP user agent: sends one request, returns the first response. */
async function exchange(port: number, text: string, from = '127.0.0.1'): Promise<SipResponse> {
  const sock = dgram.createSocket('udp4');
  await new Promise<void>((r) => sock.bind(0, from, () => r()));
  try {
    const got = new Promise<Buffer>((r) => sock.once('message', (m) => r(m)));
    const local = sock.address().port;
    sock.send(
      text
        .replaceAll('LOCALPORT', String(local))
        .replaceAll('127.0.0.1:' + String(local), `${from}:${local}`)
        .replace(/\n/g, '\r\n'),
      port,
      '127.0.0.1',
    );
    return parseMessage(await got) as SipResponse;
  } finally {
    sock.close();
  }
}

function registerText(port: number, cseq: number, auth?: string): string {
  return [
    `REGISTER sip:127.0.0.1:${port} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:LOCALPORT;branch=z9hG4bK${randomUUID()};rport`,
    `From: <sip:1001@127.0.0.1:${port}>;tag=sha`,
    `To: <sip:1001@127.0.0.1:${port}>`,
    'Call-ID: sha-256-test',
    `CSeq: ${cseq} REGISTER`,
    'Contact: <sip:1001@127.0.0.1:LOCALPORT>;expires=300',
    ...(auth ? [`Authorization: ${auth}`] : []),
    'Content-Length: 0',
    '',
    '',
  ].join('\n');
}

/** A telephony service of its own for one test, with its registrar set up by `over`. */
async function serviceWith(
  prefix: string,
  over: Partial<ConstructorParameters<typeof Registrar>[0]>,
): Promise<Telephony> {
  return startTelephony({
    app: t,
    dir: prefix,
    rtpPorts: 4,
    flow: ivrFlowSchema.parse(DEMO_FLOW),
    registrar: over,
  });
}

/** Operator 1001's answer to `challenge` with `password` (the phone's side of digest). */
const answer = (port: number, challenge: string, password: string) =>
  authorizationFor(
    challenge,
    { username: '1001', password },
    'REGISTER',
    `sip:127.0.0.1:${port}`,
    'abc123',
  )!;

test('SHA-256 offered first when configured; a late answer gets stale=TRUE, then registers', async () => {
  await admin.put(`/api/v1/agents/${operatorId}/sip`, { username: '1001', password: PASSWORD });
  let skewMs = 0;
  const sha = await serviceWith('o1022-sha', {
    nonces: new NonceKeeper('k'.repeat(32), 60_000),
    now: () => new Date(Date.now() + skewMs),
    algorithms: ['SHA-256', 'MD5'],
  });
  try {
    const first = await exchange(sha.port, registerText(sha.port, 1));
    assert.equal(first.status, 401);
    const offered = first.getAll('www-authenticate');
    assert.match(offered[0]!, /algorithm=SHA-256/);
    assert.match(offered[1]!, /algorithm=MD5/);
    const shaAnswer = (password: string) => answer(sha.port, offered[0]!, password);
    assert.match(shaAnswer('sai'), /algorithm=SHA-256/);
    assert.equal(
      (await exchange(sha.port, registerText(sha.port, 2, shaAnswer('sai')))).status,
      403,
    );
    skewMs = 120_000; // the phone answers after the nonce's lifetime
    const stale = await exchange(sha.port, registerText(sha.port, 3, shaAnswer(PASSWORD)));
    assert.equal(stale.status, 401);
    assert.match(stale.get('www-authenticate')!, /stale=TRUE/);
    const fresh = stale.getAll('www-authenticate')[0]!;
    assert.match(fresh, /algorithm=SHA-256/);
    const ok = await exchange(
      sha.port,
      registerText(sha.port, 4, answer(sha.port, fresh, PASSWORD)),
    );
    assert.equal(ok.status, 200);
    assert.match(ok.get('contact')!, /;expires=300$/);
    assert.equal((await repo.bindings(t.db, operatorId, new Date(Date.now() + skewMs))).length, 1);
  } finally {
    await sha.stop();
  }
});

test('password guessing: past the limit of failures an address is refused without a challenge; others are not', async () => {
  await admin.put(`/api/v1/agents/${operatorId}/sip`, { username: '1001', password: PASSWORD });
  const guarded = await serviceWith('o1022-guard', {
    failures: {
      counter: new RateCounter(t.db),
      rule: { scope: 'sip-register-failed-test', limit: 3, windowMs: 600_000 },
    },
  });
  const port = guarded.port;
  /** A challenge, then its answer with `password`: the final status. */
  const attempt = async (password: string, from: string, cseq: number) => {
    const first = await exchange(port, registerText(port, cseq), from);
    if (first.status !== 401) return first;
    const auth = answer(port, first.get('www-authenticate')!, password);
    return exchange(port, registerText(port, cseq + 1, auth), from);
  };
  try {
    for (let i = 0; i < 3; i++)
      assert.equal((await attempt('doan-mo', '127.0.0.2', 10 + i * 2)).status, 403);
    // The fourth failure crosses the limit: refused with Retry-After.
    const over = await attempt('doan-mo', '127.0.0.2', 20);
    assert.equal(over.status, 403);
    assert.ok(Number(over.get('retry-after')) > 0, over.get('retry-after') ?? 'no Retry-After');
    // From then on, even the right password is refused at once: no challenge to work on.
    const blocked = await exchange(port, registerText(port, 30), '127.0.0.2');
    assert.equal(blocked.status, 403);
    assert.equal(blocked.get('www-authenticate'), undefined);
    assert.equal((await attempt(PASSWORD, '127.0.0.2', 32)).status, 403);
    // Another address (the operator's real phone) registers as usual.
    assert.equal((await attempt(PASSWORD, '127.0.0.1', 40)).status, 200);
  } finally {
    await guarded.stop();
  }
});
