/**
 * Housekeeping removes what nobody can need any more and nothing else (real SQL).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestApp } from '../helpers/app.ts';
import { housekeeping } from '../../src/jobs/housekeeping.ts';

const t = await createTestApp();
after(t.close);
const HOUR = 3600_000;

test('expired sessions, spent login windows and week-old call commands go; the rest stays', async () => {
  const now = t.clock.now().getTime();
  const at = (ms: number) => new Date(now + ms);
  const user = await t.newUser('operator');
  await t.db
    .insertInto('session')
    .values([
      { id_hash: 'old', user_id: user.id, csrf_token: 'x', expires_at: at(-48 * HOUR) },
      { id_hash: 'just-expired', user_id: user.id, csrf_token: 'x', expires_at: at(-HOUR) },
      { id_hash: 'valid', user_id: user.id, csrf_token: 'x', expires_at: at(8 * HOUR) },
    ])
    .execute();
  await t.db
    .insertInto('login_failure')
    .values([
      { key: 'ip:old', count: 3, window_start: at(-48 * HOUR), locked_until: null },
      { key: 'ip:locked', count: 30, window_start: at(-48 * HOUR), locked_until: at(HOUR) },
      { key: 'ip:recent', count: 1, window_start: at(-HOUR), locked_until: null },
    ])
    .execute();
  const command = (ms: number) => ({
    id: randomUUID(),
    tenant_id: t.tenantId,
    call_id: randomUUID(),
    kind: 'transfer' as const,
    args: JSON.stringify({ target: '02363822123' }),
    actor_id: user.id,
    actor_role: 'operator',
    state: 'done' as const,
    created_at: at(ms),
  });
  const [oldCmd, newCmd] = [command(-8 * 24 * HOUR), command(-HOUR)];
  await t.db.insertInto('call_command').values([oldCmd, newCmd]).execute();

  const r = await housekeeping(t.ctx);
  assert.deepEqual(r, { sessions: 2, commands: 1 });
  assert.deepEqual(
    (
      await t.db
        .selectFrom('session')
        .select('id_hash')
        .where('user_id', '=', user.id)
        .orderBy('id_hash')
        .execute()
    ).map((x) => x.id_hash),
    ['just-expired', 'valid'],
  );
  assert.deepEqual(
    (
      await t.db
        .selectFrom('login_failure')
        .select('key')
        .where('key', 'like', 'ip:%')
        .orderBy('key')
        .execute()
    ).map((x) => x.key),
    ['ip:locked', 'ip:recent'],
  );
  assert.deepEqual(
    (await t.db.selectFrom('call_command').select('id').execute()).map((x) => x.id),
    [newCmd.id],
  );
  assert.deepEqual(await housekeeping(t.ctx), { sessions: 0, commands: 0 }, 'idempotent');
});
