/**
 * Speed of the web app as a person meets it (figures printed as `# web.…` lines and written
 * to perf.json next to the screenshots): JS transferred for the operator console, time to an
 * interactive sign-in form and to the inbox, and forward → focal point's screen latency over
 * 100 forwards. Bounds are loose on purpose (a shared 2-core machine); the figures are the point.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestApp, TEST_PASSWORD } from '../../helpers/app.ts';
import { launchChromium, screenshotDir } from './browser.ts';
import { measureForwardLatency, measureInitialLoad, pct } from './measure.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
const agency = await t.newAgency({ code: 'SXD', name: 'Sở Xây dựng' });
const operator = await t.newUser('operator', null, { username: 'op.perf' });
const fp = await t.newUser('focal_point', agency, { username: 'fp.perf' });
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

const report: Record<string, number> = {};
function figure(name: string, value: number, unit: string) {
  report[name] = Math.round(value * 10) / 10;
  console.log(`# web.${name}: ${report[name]} ${unit}`);
}

test('operator console first load: JS size and time to interactive', async () => {
  const load = await measureInitialLoad(browser, t.baseUrl, {
    username: operator.username,
    password: TEST_PASSWORD,
  });
  figure('js_transferred', load.jsBytes / 1024, 'KiB (compressed, on the wire)');
  figure('js_files', load.jsFiles, 'files');
  figure('css_transferred', load.cssBytes / 1024, 'KiB');
  figure('login_interactive', load.loginInteractiveMs, 'ms from navigation start');
  figure('signin_to_inbox', load.signInToInboxMs, 'ms from the sign-in click');
  figure('signin_api', load.loginApiMs, 'ms of it in POST /auth/login (argon2id)');
  figure('reload_to_inbox', load.reloadToInboxMs, 'ms from navigation start (signed in)');
  assert.ok(load.jsBytes > 10_000, 'the app was loaded');
  assert.ok(load.jsBytes < 150 * 1024, `JS on the wire ${load.jsBytes} B`);
  assert.ok(load.loginInteractiveMs < 5000);
});

test('forward → focal point screen latency over 100 forwards', async () => {
  const live = await measureForwardLatency(browser, t.baseUrl, {
    operator: { username: operator.username, password: TEST_PASSWORD },
    focalPoint: { username: fp.username, password: TEST_PASSWORD },
    agencyId: agency.id,
    n: Number(process.env.WEB_FORWARDS ?? 100),
  });
  figure('forward_to_screen_p50', pct(live.latencies, 50), 'ms');
  figure('forward_to_screen_p99', pct(live.latencies, 99), 'ms');
  figure('forward_to_screen_max', Math.max(...live.latencies), 'ms');
  figure('forward_api_p50', pct(live.apiMs, 50), 'ms');
  writeFileSync(path.join(screenshotDir(), 'perf.json'), JSON.stringify(report, null, 2));
  assert.equal(live.latencies.length, live.n);
  assert.ok(pct(live.latencies, 99) < 3000, `p99 ${pct(live.latencies, 99)} ms`);
});
