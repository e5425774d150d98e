/**
 * Builds the web app into web/dist when it is missing or older than its sources, so that
 * `npm install && npm start` serves a current app without a separate build step.
 * `--force` always builds. Also writes .gz and .br copies of text assets next to them, which
 * the server sends to browsers that accept them (src/http/static.ts).
 *
 * Importable: `ensureWebBuilt()` is what the e2e tests call before starting a browser.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export const ROOT = path.resolve(import.meta.dirname, '..');
export const WEB = path.join(ROOT, 'web');
export const DIST = path.join(WEB, 'dist');
const STAMP = path.join(DIST, 'index.html');

/** Everything that ends up in the bundle: the app, and the contract and pure core it imports. */
const INPUTS = [
  path.join(WEB, 'src'),
  path.join(WEB, 'public'),
  path.join(WEB, 'index.html'),
  path.join(WEB, 'vite.config.ts'),
  path.join(ROOT, 'src', 'core'),
  path.join(ROOT, 'src', 'contract'),
  path.join(ROOT, 'package-lock.json'),
];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let max = s.mtimeMs;
  for (const name of readdirSync(p)) {
    if (name.endsWith('.test.ts')) continue;
    max = Math.max(max, newest(path.join(p, name)));
  }
  return max;
}

export function webIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((p) => newest(p) > built);
}

function precompress(dir: string) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      precompress(full);
      continue;
    }
    if (!/\.(js|css|html|svg|json|txt)$/.test(name)) continue;
    const raw = readFileSync(full);
    if (raw.length < 512) continue;
    writeFileSync(`${full}.gz`, gzipSync(raw, { level: 9 }));
    writeFileSync(
      `${full}.br`,
      brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
  }
}

export async function buildWeb(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB, 'vite.config.ts'), logLevel: 'warn' });
  precompress(DIST);
}

/** Builds when needed; returns whether it built. */
export async function ensureWebBuilt(force = false): Promise<boolean> {
  if (!force && !webIsStale()) return false;
  await buildWeb();
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const force = process.argv.includes('--force');
  const started = Date.now();
  const built = await ensureWebBuilt(force);
  console.log(
    built
      ? `web app built into web/dist in ${((Date.now() - started) / 1000).toFixed(1)} s`
      : 'web app is up to date (web/dist)',
  );
}
