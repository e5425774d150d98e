/**
 * The agency app as an installable PWA (R-CH-8), in Debian's Chromium: the manifest is
 * served and valid, Chromium reports no installability error, the service worker controls
 * the page, caches the app shell but never an API answer, and the shell opens offline.
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, TEST_PASSWORD } from '../../helpers/app.ts';
import { seedWebFixture } from './fixture.ts';
import { launchChromium, newContext, PHONE, shot, signIn } from './browser.ts';

const t = await createTestApp({ listen: true, web: true, realClock: true });
await seedWebFixture(t);
const browser = await launchChromium();
after(async () => {
  await browser.close();
  await t.close();
});

test('the agency app installs: manifest, service worker, offline shell, API never cached', async () => {
  const res = await fetch(`${t.baseUrl}/manifest.webmanifest`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /application\/manifest\+json/);
  const manifest = (await res.json()) as {
    name: string;
    display: string;
    start_url: string;
    icons: { sizes: string; type: string }[];
  };
  assert.equal(manifest.display, 'standalone');
  assert.equal(manifest.start_url, '/');
  for (const size of ['192x192', '512x512'])
    assert.ok(
      manifest.icons.some((i) => i.sizes === size && i.type === 'image/png'),
      size,
    );
  const sw = await fetch(`${t.baseUrl}/sw.js`);
  assert.equal(sw.headers.get('cache-control'), 'no-cache');

  const ctx = await newContext(browser, PHONE);
  const page = await ctx.newPage();
  await signIn(page, t.baseUrl, 'fp.sxd', TEST_PASSWORD);
  await page.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  // A function, not a string: the app's CSP refuses the eval a string predicate needs.
  await page.waitForFunction(
    () =>
      (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator
        .serviceWorker.controller !== null,
    undefined,
    { timeout: 15_000 },
  );
  // Chromium's own verdict on installability.
  const cdp = await ctx.newCDPSession(page);
  const { installabilityErrors } = (await cdp.send('Page.getInstallabilityErrors')) as {
    installabilityErrors: { errorId: string }[];
  };
  // Playwright's contexts are incognito profiles, where Chromium never offers to install:
  // that one reason aside, nothing (manifest, icons, worker, secure origin) stands in the way.
  assert.deepEqual(
    installabilityErrors.filter((e) => e.errorId !== 'in-incognito'),
    [],
  );
  // The button to receive push messages on this device is offered.
  await page.getByRole('button', { name: 'Bật thông báo' }).waitFor();
  await shot(page, 'pwa-01-agency-phone');

  // Reload once more online (API calls pass the worker), then look into the caches.
  await page.reload();
  await page.getByRole('heading', { name: 'Phiếu của đơn vị' }).waitFor();
  const cached = (await page.evaluate(`(async () => {
    const out = [];
    for (const name of await caches.keys())
      for (const req of await (await caches.open(name)).keys()) out.push(new URL(req.url).pathname);
    return out;
  })()`)) as string[];
  assert.ok(cached.includes('/'), JSON.stringify(cached));
  assert.ok(
    cached.some((p) => p.startsWith('/assets/') && p.endsWith('.js')),
    'scripts cached',
  );
  assert.deepEqual(
    cached.filter((p) => p.startsWith('/api')),
    [],
    'no API answer is ever cached',
  );

  // Offline: the app shell still opens (and says it cannot reach the server).
  await ctx.setOffline(true);
  await page.reload();
  await page.locator('#root > *').first().waitFor();
  assert.equal(await page.title(), 'Tổng đài 1022');
  await shot(page, 'pwa-02-offline-phone');
  await ctx.setOffline(false);
  await ctx.close();
});
