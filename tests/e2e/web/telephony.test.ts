/**
 * Telephony in the web app, in Debian's Chromium against the real server (R-TEL-1/3/5):
 * the operator sets themselves available in the header; the supervisor's switchboard shows
 * callers waiting and operators' states live; a call that rings out puts the operator on a
 * break and tells them; the ringing call pops with "record a ticket", which binds the call to
 * the ticket; the recording plays from the ticket's timeline and from the call log, where a
 * leader sees callers masked and no recordings.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TEST_PASSWORD } from '../../helpers/app.ts';
import { AgentDirectory } from '../../../src/voice/acd/directory.ts';
import { publishCallOffered } from '../../../src/voice/acd/offered.ts';
import { publishAgentState, publishQueueChange } from '../../../src/voice/agents/agents.events.ts';
import { agentsRepository as agents } from '../../../src/voice/agents/agents.repository.ts';
import { callsRepository as calls } from '../../../src/voice/calls/calls.repository.ts';
import { seedWebFixture } from './fixture.ts';
import { launchChromium, newContext, shot, signIn, type Page } from './browser.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
const f = await seedWebFixture(t);
await t.newUser('supervisor', null, { username: 'gs.tongdai' });
await t.newUser('leader', null, { username: 'ld.tinh' });
const admin = await t.login(await t.newUser('admin'));
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});
const acd = new AgentDirectory(
  t.db,
  t.tenantId,
  () => new Date(),
  (o) => void publishCallOffered(t.db, t.tenantId, o),
  (c) => void publishAgentState(t.db, t.tenantId, c),
  (e) => void publishQueueChange(t.db, t.tenantId, e),
);
after(await acd.share('e2e-node'));

async function as(username: string, p = '/'): Promise<Page> {
  const ctx = await newContext(browser);
  const page = await ctx.newPage();
  await signIn(page, t.baseUrl, username, TEST_PASSWORD, p);
  await page.locator('[data-live="open"]').waitFor({ timeout: 10_000 });
  return page;
}

test('phone state, switchboard, ring-no-answer, a ticket from the ringing call, recordings', async () => {
  assert.equal(
    (
      await admin.put(`/api/v1/agents/${f.operator.id}/sip`, {
        username: '1001',
        password: 'mat-khau-may-le-1001',
      })
    ).status,
    200,
  );
  const op = await as('op.lan');
  const bar = op.getByRole('group', { name: 'Trạng thái nghe máy' });
  await bar.locator('[data-agent-state="offline"]').waitFor();
  await bar.getByText('Máy lẻ chưa đăng ký').waitFor();
  await bar.getByLabel('Đổi trạng thái nghe máy').selectOption('available');
  await bar.locator('[data-agent-state="available"]').waitFor();
  assert.equal((await agents.state(t.db, f.operator.id))?.state, 'available');

  const sup = await as('gs.tongdai', '/supervisor');
  const board = sup.getByRole('region', { name: 'Tổng đài' });
  await board.getByText('Không có người gọi nào đang chờ.').waitFor();
  await board.locator('tr[data-agent="op.lan"][data-state="available"]').waitFor();

  // The operator's phone registers (as the registrar would record it).
  await t.db
    .insertInto('sip_binding')
    .values({
      user_id: f.operator.id,
      tenant_id: t.tenantId,
      contact: 'sip:1001@127.0.0.1:5099',
      call_id: 'e2e',
      cseq: 1,
      expires_at: new Date(Date.now() + 3600_000),
      source: 'udp:127.0.0.1:5099',
      user_agent: 'e2e',
    })
    .execute();
  // A caller enters the queue (on a telephony node): the board shows them waiting, live.
  const callId = randomUUID();
  const startedAt = new Date();
  await calls.start(
    t.db,
    t.tenantId,
    {
      id: callId,
      sipCallId: `${callId}@e2e`,
      caller: '0935111222',
      callerName: 'Lê Thị Hoa',
      called: '1022',
      startedAt,
    },
    'e2e-node',
  );
  await acd.entered(callId, 'tiep-nhan');
  await board.getByRole('heading', { name: 'Người gọi đang chờ (1)' }).waitFor();
  await board.locator('[data-queue="tiep-nhan"]').getByText('1', { exact: true }).waitFor();

  // The operator's phone rings out: on a break, told why; the board shows it too.
  assert.equal((await acd.claimAgent('tiep-nhan', [], callId))?.userId, f.operator.id);
  await acd.released(f.operator.id, 'no-answer');
  const notice = op.locator('.agent-missed[data-reason="no-answer"]');
  await notice.waitFor();
  assert.match((await notice.textContent()) ?? '', /1 lần liên tiếp/);
  await board.locator('tr[data-agent="op.lan"][data-state="break"]').waitFor();
  await board.getByText('không nhấc máy').waitFor();
  await shot(op, 'tel-01-missed-call');
  await shot(sup, 'tel-02-switchboard');
  await notice.getByRole('button', { name: 'Tôi đã sẵn sàng' }).click();
  await bar.locator('[data-agent-state="available"]').waitFor();
  await board.locator('tr[data-agent="op.lan"][data-state="available"]').waitFor();

  // It rings again and is answered: the pop offers to record a ticket from the call.
  assert.equal((await acd.claimAgent('tiep-nhan', [], callId))?.userId, f.operator.id);
  await acd.left(callId);
  await acd.answered(f.operator.id, callId);
  await publishCallOffered(t.db, t.tenantId, {
    userId: f.operator.id,
    callRecordId: callId,
    caller: '0935111222',
    callerName: 'Lê Thị Hoa',
    queue: 'tiep-nhan',
  });
  await board.getByText('Không có người gọi nào đang chờ.').waitFor();
  await board.locator('tr[data-agent="op.lan"][data-state="on-call"]').waitFor();
  const pop = op.getByRole('alert').filter({ hasText: 'Cuộc gọi đến' });
  await pop.getByText('Lê Thị Hoa').waitFor();
  await pop.getByRole('link', { name: 'Ghi nhận phiếu từ cuộc gọi' }).click();
  await op.locator(`.call-bound[data-call="${callId}"]`).waitFor();
  assert.equal(await op.getByLabel('Số điện thoại').inputValue(), '0935111222');
  assert.equal(await op.getByLabel('Họ và tên').inputValue(), 'Lê Thị Hoa');
  await op
    .getByRole('textbox', { name: 'Nội dung', exact: true })
    .fill('Đèn đường trước nhà số 12 Trần Phú không sáng ba đêm nay, đề nghị sửa chữa.');
  await op.keyboard.press('Control+Enter');
  await op.getByRole('heading', { name: /^Phiếu PA-/ }).waitFor();
  const bound = await t.db
    .selectFrom('call_record')
    .select(['ticket_id', 'outcome'])
    .where('id', '=', callId)
    .executeTakeFirstOrThrow();
  assert.ok(bound.ticket_id, 'the call is bound while it is still in progress');
  assert.equal(bound.outcome, 'in-progress');

  // The call ends with a recording (a real two-channel A-law WAV).
  const rel = `e2e/${callId}.wav`;
  const file = path.join(t.ctx.env.dataDir, 'voice', 'recordings', rel);
  mkdirSync(path.dirname(file), { recursive: true });
  execFileSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '2',
    '-e',
    'a-law',
    file,
    'synth',
    '3',
    'sine',
    '440',
  ]);
  await calls.insert(
    t.db,
    t.tenantId,
    {
      id: callId,
      sipCallId: `${callId}@e2e`,
      caller: '0935111222',
      callerName: 'Lê Thị Hoa',
      called: '1022',
      startedAt,
      answeredAt: new Date(startedAt.getTime() + 2000),
      endedAt: new Date(),
      waitSeconds: 2,
      talkSeconds: 3,
      digits: '1',
      ivrPath: ['main', 'q'],
      queue: 'tiep-nhan',
      agentId: f.operator.id,
      queueWaitSeconds: 12,
      transferTo: null,
      outcome: 'answered',
      endReason: 'remote-bye',
      recordingPath: file,
      recordingSeconds: 3,
      recordingChannels: 2,
      media: null,
    },
    rel,
  );
  await acd.finished(f.operator.id, 30);
  await bar.locator('[data-agent-state="wrap-up"]').waitFor();

  // The recording plays from the ticket's timeline.
  await op.reload();
  await op.getByText('Gắn cuộc gọi điện thoại').waitFor();
  await op.locator(`[data-recording="${callId}"]`).click();
  const audio = op.locator('audio.recording');
  await audio.waitFor();
  // Not waitForFunction with a string: Playwright evals string predicates in the page, which
  // the staff app's CSP (no 'unsafe-eval') refuses once the first check comes back false.
  let duration = 0;
  for (const deadline = Date.now() + 30_000; !(duration > 0) && Date.now() < deadline;) {
    duration = await audio.evaluate((a) => (a as unknown as { duration: number }).duration);
    if (!(duration > 0)) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(Math.abs(duration - 3) < 0.2, `the 3 s recording loads (${duration} s)`);

  // The call log: the operator sees it with its recording; a leader sees it masked.
  await op.getByRole('link', { name: 'Cuộc gọi' }).click();
  const row = op.locator(`tr[data-call="${callId}"]`);
  await row.getByText('Đã trả lời').waitFor();
  await row.getByText('Lê Thị Hoa · 0935111222').waitFor();
  await row.locator(`[data-recording="${callId}"]`).waitFor();
  await shot(op, 'tel-03-call-log');
  const leader = await as('ld.tinh', '/calls');
  const lrow = leader.locator(`tr[data-call="${callId}"]`);
  await lrow.waitFor();
  assert.ok(!((await lrow.textContent()) ?? '').includes('0935111222'), 'masked for leaders');
  assert.equal(await leader.locator('[data-recording]').count(), 0);
  // No filter by the caller, whose number a leader sees masked (R-PUB-2).
  assert.equal(await leader.getByLabel('Số gọi đến').count(), 0);
  assert.equal(await op.getByLabel('Số gọi đến').count(), 1);
  const reads = await t.db
    .selectFrom('audit_log')
    .select('action')
    .where('action', '=', 'call.recording.read')
    .execute();
  assert.ok(reads.length >= 1, 'every listen is audited');
});
