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

test('expired sessions, spent sign-in streaks, forgotten devices and week-old call commands go; the rest stays', async () => {
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
      // A streak that began two days ago but whose last failure is recent goes on.
      {
        key: 'ip:ongoing',
        count: 30,
        window_start: at(-48 * HOUR),
        locked_until: null,
        last_at: at(-HOUR),
      },
      { key: 'ip:recent', count: 1, window_start: at(-HOUR), locked_until: null },
    ])
    .execute();
  // Devices and addresses are forgotten 90 days after their last successful sign-in.
  await t.db
    .insertInto('login_known')
    .values([
      { user_id: user.id, kind: 'device', hash: 'stale', last_seen_at: at(-91 * 24 * HOUR) },
      { user_id: user.id, kind: 'device', hash: 'fresh', last_seen_at: at(-HOUR) },
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
  // One expired session, one spent streak and one stale device.
  assert.deepEqual(r, { sessions: 3, commands: 1 });
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
    ['ip:ongoing', 'ip:recent'],
  );
  assert.deepEqual(
    (await t.db.selectFrom('login_known').select('hash').execute()).map((x) => x.hash),
    ['fresh'],
  );
  assert.deepEqual(
    (await t.db.selectFrom('call_command').select('id').execute()).map((x) => x.id),
    [newCmd.id],
  );
  assert.deepEqual(await housekeeping(t.ctx), { sessions: 0, commands: 0 }, 'idempotent');
});
