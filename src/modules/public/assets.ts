/**
 * The citizens' site's static files: its style, icon and service worker as written in
 * `assets/`, and its script bundled from TypeScript (web/src/public-site, which imports the
 * proof-of-work check of src/core). Read once per process, kept with their gzip copies, and
 * versioned by one content hash so that pages can let browsers cache them for good.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { browserScript, WEB_SRC } from './bundle.ts';

export interface Asset {
  body: Buffer;
  gz: Buffer;
  type: string;
}

export interface SiteAssets {
  /** By file name under /cong-dan/static/ (and sw.js, served at the site's root). */
  files: Map<string, Asset>;
  /** Content hash of all of them (cache busting: `?v=`). */
  version: string;
}

const FILES: Record<string, string> = {
  'public.css': 'text/css; charset=utf-8',
  'icon.svg': 'image/svg+xml',
  'sw.js': 'text/javascript; charset=utf-8',
};
const SCRIPT = path.join(WEB_SRC, 'public-site', 'public-site.ts');

let loaded: Promise<SiteAssets> | undefined;

export function siteAssets(): Promise<SiteAssets> {
  loaded ??= load().catch((err: unknown) => {
    loaded = undefined;
    throw err;
  });
  return loaded;
}

async function load(): Promise<SiteAssets> {
  const dir = path.join(import.meta.dirname, 'assets');
  const files = new Map<string, Asset>();
  const hash = createHash('sha256');
  for (const [name, type] of Object.entries(FILES)) {
    const body = readFileSync(path.join(dir, name));
    hash.update(body);
    files.set(name, { body, gz: gzipSync(body, { level: 9 }), type });
  }
  const script = await browserScript(SCRIPT);
  const body = Buffer.from(script.js);
  hash.update(body);
  files.set('public.js', { body, gz: script.gzip, type: 'text/javascript; charset=utf-8' });
  return { files, version: hash.digest('hex').slice(0, 10) };
}
