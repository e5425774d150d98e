/**
 * `npm start` with TELEPHONY=1: the real server process answers SIP on SIP_PORT (and over
 * WebSocket at /sip) with the demo IVR (no set-up), stores a call record per call, and on
 * SIGTERM hangs up the call in
 * progress (our BYE reaches SIPp), records it, and exits cleanly.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { testDatabase } from '../helpers/db.ts';
import { waitExit } from '../helpers/server-process.ts';
import { sipp } from './helpers/peers.ts';
import { startTelephonyServer } from './helpers/telephony.ts';
import { WsPhone } from './helpers/ws-phone.ts';
import { buildTenant } from '../factories.ts';

test('telephony starts with the server, answers with the demo IVR, stops cleanly', async () => {
  const database = await testDatabase();
  after(database.drop);
  await buildTenant(database.db);
  const server = await startTelephonyServer(database);
  const { sipPort } = server;
  try {
    // Browsers' softphones: SIP over WebSocket at /sip on the web port, from the app's origin.
    const phone = await WsPhone.connect(`${server.base.replace(/^http/, 'ws')}/sip`, {
      origin: server.base,
    });
    const options = await phone.request('OPTIONS', 'sip:127.0.0.1', {
      user: '2001',
      domain: '127.0.0.1',
    });
    assert.equal(options.status, 200, options.toString());
    const reg = await phone.request('REGISTER', 'sip:127.0.0.1', {
      user: '2001',
      domain: '127.0.0.1',
    });
    assert.equal(reg.status, 401, 'the registrar challenges over WebSocket');
    await phone.close();

    // A caller who hangs up during the greeting.
    const first = await sipp(`127.0.0.1:${sipPort}`, { builtin: 'uac' }, ['-t', 'u1', '-d', '1000'])
      .result;
    assert.equal(first.code, 0, `${first.stderr}\n${first.errors}`);
    // The record is written when the call arrives and completed when it ends.
    const ended = () =>
      database.db
        .selectFrom('call_record')
        .selectAll()
        .where('outcome', '<>', 'in-progress')
        .execute();
    let rows = await ended();
    while (rows.length === 0) {
      await new Promise((r) => setTimeout(r, 100));
      rows = await ended();
    }
    assert.equal(rows[0]!.caller, 'sipp');
    assert.equal(rows[0]!.outcome, 'abandoned');
    assert.equal(rows[0]!.end_reason, 'remote-bye');
    assert.deepEqual(rows[0]!.ivr_path, ['greeting']);
    assert.match(rows[0]!.recording_file!, /^\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.wav$/);

    // A caller still listening when the server stops: it gets our BYE.
    const second = sipp(`127.0.0.1:${sipPort}`, { file: 'uas-hangs-up.xml' }, ['-t', 'u1']);
    while (server.output().split('call answered').length - 1 < 2) {
      assert.equal(server.proc.exitCode, null, server.output());
      await new Promise((r) => setTimeout(r, 50));
    }
    server.proc.kill('SIGTERM');
    const code = await waitExit(server.proc);
    assert.equal(code, 0, server.output());
    const r = await second.result;
    assert.equal(r.code, 0, `${r.stderr}\n${r.errors}`);
    rows = await database.db.selectFrom('call_record').selectAll().orderBy('started_at').execute();
    assert.equal(rows.length, 2);
    assert.equal(rows[1]!.caller_name, 'Trần Thị Bình');
    assert.equal(rows[1]!.outcome, 'interrupted', JSON.stringify(rows[1]));
    assert.equal(rows[1]!.end_reason, 'local-bye');
  } finally {
    if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
  }
});
