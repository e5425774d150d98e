/**
 * Debian's Chromium driven by playwright-core — never a downloaded browser build. `.ci/run`
 * installs the `chromium` package. Playwright gives each launch a new, empty profile directory.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: install Debian's package (apt-get install chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

export const DESKTOP = { viewport: { width: 1366, height: 800 } };
export const PHONE = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

/** A browser context in Vietnamese (the default UI language), Vietnam's time zone. */
export function newContext(browser: Browser, device: typeof DESKTOP | typeof PHONE = DESKTOP) {
  return browser.newContext({ ...device, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
}

/**
 * Makes the pages of a context read `at` as the current time (Date.now, new Date) while
 * timers keep running: countdowns then agree with the server's ManualClock.
 */
export async function fixClock(ctx: BrowserContext, at: Date) {
  await ctx.clock.setFixedTime(at);
}

/** Screenshots go to a temp dir (printed once) so that a person can look at them. */
let shotDir: string | undefined;
export function screenshotDir(): string {
  if (!shotDir) {
    shotDir = process.env.WEB_SCREENSHOTS ?? mkdtempSync(path.join(tmpdir(), 'o1022-shots-'));
    mkdirSync(shotDir, { recursive: true });
    console.log(`# screenshots: ${shotDir}`);
  }
  return shotDir;
}

export async function shot(page: Page, name: string, fullPage = true) {
  // From the top: a sticky header would otherwise be drawn mid-page in a full-page capture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(screenshotDir(), `${name}.png`), fullPage });
}

/** Signs in through the login form, as a person would. */
export async function signIn(
  page: Page,
  baseUrl: string,
  username: string,
  password: string,
  path_ = '/',
) {
  await page.goto(baseUrl + path_);
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

export type { Browser, BrowserContext, Page };
