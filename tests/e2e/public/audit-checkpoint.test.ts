/**
 * The audit checkpoint page of the citizens' site (issue #12, finding 4) in Chromium, on a phone
 * and a laptop: hashes, keys and signatures wrap instead of widening the page.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestApp } from '../../helpers/app.ts';
import { appendAudit, sealAuditChains } from '../../../src/modules/audit/audit.repository.ts';
import { makeCheckpoints } from '../../../src/modules/audit/checkpoint.ts';
import { signingKey } from '../../../src/modules/audit/signing.ts';
import { DESKTOP, launchChromium, newContext, PHONE, shot } from '../web/browser.ts';

const t = await createTestApp({ listen: true });
const browser = await launchChromium();
const dir = mkdtempSync(path.join(tmpdir(), 'o1022-cp-'));
after(async () => {
  await browser.close();
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

test('R-REC-1 the latest audit checkpoint reads on a phone and a laptop', async () => {
  await t.db.transaction().execute((trx) =>
    appendAudit(trx, {
      tenantId: t.tenantId,
      actorId: null,
      actorLabel: 'x',
      action: 'ticket.create',
      entityType: 'ticket',
      entityId: '1',
      data: {},
      at: t.clock.now(),
    }),
  );
  await sealAuditChains(t.db, t.clock.now());
  const key = signingKey(randomBytes(32).toString('base64'));
  await makeCheckpoints(t, { key, verifyKey: key.publicKey, dir, email: false });
  for (const [name, device] of [
    ['phone', PHONE],
    ['laptop', DESKTOP],
  ] as const) {
    const ctx = await newContext(browser, device);
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${t.baseUrl}/cong-dan/nhat-ky-kiem-toan`);
    await page
      .getByRole('heading', { level: 1, name: 'Điểm kiểm tra nhật ký kiểm toán' })
      .waitFor();
    assert.equal(await page.locator('#cp-sequence').textContent(), '1');
    const overflow = await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth',
    );
    assert.equal(overflow, 0, `${name}: the page is wider than the screen`);
    await shot(page, `public-audit-checkpoint-${name}`);
    assert.deepEqual(errors, []);
    await ctx.close();
  }
});
