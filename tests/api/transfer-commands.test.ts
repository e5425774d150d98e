/**
 * Transfer commands for a call that does not exist (R-WF-8, R-SEC-1): `transfer`, `complete`
 * and `cancel` answer 404 call_not_found at once — no command row is written and no node is
 * waited for (it used to insert a row and poll for 5 s, a cheap way to load the database).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../helpers/app.ts';

const t = await createTestApp();
after(t.close);
const op = await t.login(await t.newUser('operator'));

const commands = async () =>
  Number(
    (
      await t.db
        .selectFrom('call_command')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

for (const [step, body] of [
  ['transfer', { target: '02363822123', mode: 'blind' }],
  ['transfer/complete', {}],
  ['transfer/cancel', {}],
] as const) {
  test(`R-WF-8 POST /calls/{unknown id}/${step} answers call_not_found at once and writes no command`, async () => {
    const before = await commands();
    const started = performance.now();
    const r = await op.post(`/api/v1/calls/${crypto.randomUUID()}/${step}`, body);
    const ms = performance.now() - started;
    assert.equal(r.status, 404, JSON.stringify(r.body));
    assert.equal((r.body as { error: { code: string } }).error.code, 'call_not_found');
    assert.ok(ms < 1000, `answered in ${Math.round(ms)} ms`);
    assert.equal(await commands(), before, 'no command row');
  });
}
