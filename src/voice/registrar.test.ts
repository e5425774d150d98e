/**
 * The registrar's WebSocket rules with a fake repository: a flow's bindings go when it closes,
 * and a REGISTER whose socket closed while its binding was being written is undone (the close
 * came too early to remove it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import type { Database } from '../db/schema.ts';
import type { SipAccount } from './agents/agents.repository.ts';
import { Registrar } from './registrar.ts';
import { sourceOf } from './sip/transport.ts';
import { digestResponse, ha1, NonceKeeper } from './sip/digest.ts';
import type { SipRequest } from './sip/message.ts';
import { parseMessage } from './sip/parser.ts';
import type { Binding, RegisterPlan } from './sip/registrar.ts';
import type { ServerTransaction } from './sip/transactions.ts';
import type { Peer } from './sip/transport.ts';
import type { UserAgent } from './sip/ua.ts';

const NOW = Date.parse('2026-03-02T01:00:00Z');
const account: SipAccount = {
  userId: 'u1',
  username: '2001',
  realm: 'open1022',
  ha1Md5: ha1('MD5', '2001', 'open1022', 'pw'),
  ha1Sha256: ha1('SHA-256', '2001', 'open1022', 'pw'),
};
const ws: Peer = { protocol: 'wss', address: '203.0.113.9', port: 50123, flow: 'f1' };
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
/** A database that runs nothing: only its transactions are used, around the fake statements. */
const db = new Kysely<Database>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

function setup(duringRegister: () => void = () => {}) {
  let bindings: Binding[] = [];
  const removed: string[] = [];
  const repo = {
    accountByUsername: async () => account,
    register: async (_q: unknown, _t: string, _u: string, plan: (b: Binding[]) => RegisterPlan) => {
      const p = plan(bindings);
      if (p.status === 200) bindings = p.bindings;
      duringRegister();
      return p;
    },
    removeBindingsFrom: async (_q: unknown, _t: string, source: string) => {
      removed.push(source);
      const gone = bindings.filter((b) => b.source === source);
      bindings = bindings.filter((b) => b.source !== source);
      return gone.map(() => 'u1');
    },
  };
  const nonces = new NonceKeeper('r'.repeat(32));
  const registrar = new Registrar({
    db,
    repo,
    tenantId: 't1',
    realm: 'open1022',
    nonces,
    now: () => new Date(NOW),
    log: quiet,
  });
  const statuses: number[] = [];
  // Only `respond` is used by the registrar.
  const ua = { respond: (_tx: unknown, status: number) => statuses.push(status) };
  const register = async (source: Peer) => {
    const nonce = nonces.issue(NOW);
    const a = {
      algorithm: 'MD5' as const,
      nonce,
      uri: 'sip:hotline.vn',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'c',
    };
    const response = digestResponse(a, 'REGISTER', account.ha1Md5);
    const req = parseMessage(
      Buffer.from(
        [
          'REGISTER sip:hotline.vn SIP/2.0',
          'Via: SIP/2.0/WSS x.invalid;branch=z9hG4bKr1',
          'From: <sip:2001@hotline.vn>;tag=1',
          'To: <sip:2001@hotline.vn>',
          'Call-ID: reg-1',
          'CSeq: 2 REGISTER',
          'Contact: <sip:ab@x.invalid;transport=ws>',
          'Expires: 600',
          `Authorization: Digest username="2001", realm="open1022", nonce="${nonce}", uri="sip:hotline.vn", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="c"`,
          '',
          '',
        ].join('\r\n'),
      ),
    ) as SipRequest;
    registrar.handle(ua as unknown as UserAgent, req, {} as ServerTransaction, source);
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  };
  return { registrar, register, statuses, removed, bindings: () => bindings };
}

test('a REGISTER over an open WebSocket binds to the connection and gets 200', async () => {
  const s = setup();
  s.registrar.watchFlows(() => true);
  await s.register(ws);
  assert.deepEqual(s.statuses, [200]);
  assert.equal(s.bindings()[0]?.source, 'wss:203.0.113.9:50123;flow=f1');
  assert.equal(sourceOf(ws), 'wss:203.0.113.9:50123;flow=f1');
});

test('the socket closed while the binding was written: the binding is removed, no 200', async () => {
  let open = true;
  const s = setup(() => (open = false));
  s.registrar.watchFlows(() => open);
  await s.register(ws);
  assert.deepEqual(s.statuses, []);
  assert.deepEqual(s.bindings(), []);
  assert.deepEqual(s.removed, ['wss:203.0.113.9:50123;flow=f1']);
});

test('flowClosed removes a WebSocket flow’s bindings and leaves UDP/TCP alone', async () => {
  const s = setup();
  s.registrar.watchFlows(() => true);
  await s.register(ws);
  s.registrar.flowClosed({ protocol: 'udp', address: '203.0.113.9', port: 50123 });
  s.registrar.flowClosed({ ...ws, flow: 'other' });
  await new Promise((r) => setImmediate(r));
  assert.equal(s.bindings().length, 1);
  s.registrar.flowClosed(ws);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(s.bindings(), []);
  assert.deepEqual(s.removed, [
    'wss:203.0.113.9:50123;flow=other',
    'wss:203.0.113.9:50123;flow=f1',
  ]);
});
