/**
 * Measurements of the web app in Chromium, shared by tests/e2e/web/perf.test.ts and
 * bench/web.ts:
 * - JS (and CSS) transferred for the operator console's first load, as the browser received it
 *   (pre-compressed), from Chromium's own accounting of encoded body sizes;
 * - time from navigation start to the sign-in form being interactive, from the sign-in click
 *   to the inbox rendered, and navigation start → inbox for a signed-in reload;
 * - time from a forward (just before the API call) to the focal point's queue showing the
 *   ticket, recorded in the page by a MutationObserver (same machine, same clock).
 * Browser-side code reads the page's globals through `globalThis` (this file is type-checked
 * without DOM types); predicates are functions, not strings, which the page's CSP would refuse.
 */
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { DESKTOP, newContext, PHONE } from './browser.ts';

interface PageGlobals {
  __marks: Record<string, number | undefined>;
  __seen: Record<string, number | undefined>;
}

export interface Credentials {
  username: string;
  password: string;
}

/** Marks set in the page from document start (performance.now(), ms since navigation start). */
const MARKS_SCRIPT = `
  window.__marks = {};
  window.__seen = {};
  const mark = (k) => { if (window.__marks[k] === undefined) window.__marks[k] = performance.now(); };
  addEventListener('click', (e) => {
    if (e.target && e.target.closest && e.target.closest('form') && e.target.type === 'submit') mark('submit');
  }, true);
  new MutationObserver(() => {
    if (document.querySelector('input[name=username]')) mark('login');
    if (document.querySelector('[role=tabpanel] .rows, [role=tabpanel] .empty')) mark('list');
    for (const el of document.querySelectorAll('[data-ticket]')) {
      const c = el.getAttribute('data-ticket');
      if (window.__seen[c] === undefined) window.__seen[c] = performance.timeOrigin + performance.now();
    }
  }).observe(document, { subtree: true, childList: true });
`;

export interface LoadFigures {
  jsBytes: number;
  jsFiles: number;
  cssBytes: number;
  htmlBytes: number;
  /** Medians over `runs` fresh contexts (empty cache) after one warm-up load. */
  loginInteractiveMs: number;
  signInToInboxMs: number;
  /** The sign-in request alone (argon2id verification on the server dominates). */
  loginApiMs: number;
  reloadToInboxMs: number;
}

const median = (xs: number[]) => pct(xs, 50);

async function oneLoad(browser: Browser, baseUrl: string, operator: Credentials) {
  const ctx = await newContext(browser, DESKTOP);
  await ctx.addInitScript(MARKS_SCRIPT);
  const page = await ctx.newPage();
  const sizes: { type: string; bytes: number }[] = [];
  page.on('requestfinished', (req) => {
    void req
      .sizes()
      .then((s) => sizes.push({ type: req.resourceType(), bytes: s.responseBodySize }));
  });
  await page.goto(`${baseUrl}/`, { waitUntil: 'load' });
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).__marks.login !== undefined,
  );
  await page.fill('input[name=username]', operator.username);
  await page.fill('input[name=password]', operator.password);
  await page.click('button[type=submit]');
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).__marks.list !== undefined,
    undefined,
    { timeout: 15_000 },
  );
  const m = (await page.evaluate('window.__marks')) as {
    login: number;
    submit: number;
    list: number;
  };
  const loginApiMs = (await page.evaluate(
    `performance.getEntriesByType('resource').find((e) => e.name.endsWith('/auth/login'))?.duration ?? NaN`,
  )) as number;
  await page.waitForLoadState('networkidle');
  return { ctx, sizes, m, loginApiMs };
}

export async function measureInitialLoad(
  browser: Browser,
  baseUrl: string,
  operator: Credentials,
  runs = 3,
): Promise<LoadFigures> {
  // The first load after start-up pays for cold caches on the server and in Chromium.
  await (await oneLoad(browser, baseUrl, operator)).ctx.close();
  const all: Awaited<ReturnType<typeof oneLoad>>[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await oneLoad(browser, baseUrl, operator);
    all.push(r);
    if (i < runs - 1) await r.ctx.close();
  }
  const first = all[0]!;
  const sum = (type: string) =>
    first.sizes.filter((s) => s.type === type).reduce((a, s) => a + s.bytes, 0);

  // A signed-in operator opening the console (cache empty: a new context shares the cookie).
  const last = all[all.length - 1]!;
  const state = await last.ctx.storageState();
  await last.ctx.close();
  const reloads: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await browser.newContext({ ...DESKTOP, storageState: state, locale: 'vi-VN' });
    await ctx.addInitScript(MARKS_SCRIPT);
    const page = await ctx.newPage();
    await page.goto(`${baseUrl}/operator`);
    await page.waitForFunction(
      () => (globalThis as unknown as PageGlobals).__marks.list !== undefined,
      undefined,
      { timeout: 15_000 },
    );
    reloads.push((await page.evaluate('window.__marks.list')) as number);
    await ctx.close();
  }
  return {
    jsBytes: sum('script'),
    jsFiles: first.sizes.filter((s) => s.type === 'script').length,
    cssBytes: sum('stylesheet'),
    htmlBytes: sum('document'),
    loginInteractiveMs: median(all.map((r) => r.m.login)),
    signInToInboxMs: median(all.map((r) => r.m.list - r.m.submit)),
    loginApiMs: median(all.map((r) => r.loginApiMs)),
    reloadToInboxMs: median(reloads),
  };
}

/** An API client with a bearer token, over real HTTP. */
export async function apiAs(baseUrl: string, who: Credentials) {
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(who),
  });
  if (login.status !== 200) throw new Error(`login ${who.username}: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .join('; ');
  const tok = await fetch(`${baseUrl}/api/v1/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'web-measure' }),
  });
  const { token } = (await tok.json()) as { token: string };
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
}

export interface LiveFigures {
  n: number;
  /** Forward API call start → the ticket's row in the focal point's queue, ms. */
  latencies: number[];
  /** Forward API call duration alone, ms. */
  apiMs: number[];
}

/**
 * `n` forwards, one after the other; each waits until the focal point's open queue (phone
 * viewport, already loaded) shows the ticket before the next.
 */
export async function measureForwardLatency(
  browser: Browser,
  baseUrl: string,
  opts: { operator: Credentials; focalPoint: Credentials; agencyId: string; n: number },
): Promise<LiveFigures> {
  const api = await apiAs(baseUrl, opts.operator);
  const ctx = await newContext(browser, PHONE);
  await ctx.addInitScript(MARKS_SCRIPT);
  const page = await ctx.newPage();
  await page.goto(`${baseUrl}/agency`);
  await page.fill('input[name=username]', opts.focalPoint.username);
  await page.fill('input[name=password]', opts.focalPoint.password);
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-live="open"]');
  await page.waitForFunction(
    () => (globalThis as unknown as PageGlobals).__marks.list !== undefined,
  );

  const latencies: number[] = [];
  const apiMs: number[] = [];
  for (let i = 0; i < opts.n; i++) {
    const t = await api<{ id: string; code: string; version: number }>('POST', '/tickets', {
      channel: 'phone',
      content: `Phản ánh đo độ trễ số ${i + 1}: đèn đường không sáng.`,
      citizen: { name: 'Người đo', phone: '0912345678' },
    });
    const t0 = performance.timeOrigin + performance.now();
    await api('POST', `/tickets/${t.id}/actions/forward`, { agencyId: opts.agencyId });
    apiMs.push(performance.timeOrigin + performance.now() - t0);
    await page.waitForFunction(
      (code) => (globalThis as unknown as PageGlobals).__seen[code] !== undefined,
      t.code,
      { timeout: 10_000, polling: 5 },
    );
    const seen = (await page.evaluate(`window.__seen[${JSON.stringify(t.code)}]`)) as number;
    latencies.push(seen - t0);
  }
  await ctx.close();
  return { n: opts.n, latencies, apiMs };
}

/** Nearest-rank percentile. */
export function pct(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}
