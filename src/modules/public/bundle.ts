/**
 * The browser scripts of the public side — the citizens' site's script and the live-chat
 * widget — bundled and minified by esbuild from their TypeScript (in web/src) and the pure
 * core they import, once per process and kept in memory: the server needs no build step, so
 * `npm install && npm start` and the tests serve current scripts. esbuild comes with tsx and
 * Vite. One file each, no framework, nothing inline (the pages' CSP allows only 'self').
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BrowserScript {
  js: string;
  gzip: Buffer;
  /** A content hash: the ETag, and the assets' version in URLs. */
  hash: string;
}

/** web/src, where the browser code lives. */
export const WEB_SRC = path.resolve(import.meta.dirname, '../../../web/src');

const built = new Map<string, Promise<BrowserScript>>();

export function browserScript(entry: string): Promise<BrowserScript> {
  let p = built.get(entry);
  if (!p) {
    p = bundle(entry).catch((err: unknown) => {
      // A failed build is tried again by the next caller.
      built.delete(entry);
      throw err;
    });
    built.set(entry, p);
  }
  return p;
}

async function bundle(entry: string): Promise<BrowserScript> {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    format: 'iife',
    target: 'es2020',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
  });
  const js = out.outputFiles[0]!.text;
  return {
    js,
    gzip: gzipSync(js, { level: 9 }),
    hash: createHash('sha256').update(js).digest('base64url').slice(0, 16),
  };
}
