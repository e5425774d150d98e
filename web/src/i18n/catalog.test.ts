/**
 * Every visible string goes through the catalogs: both catalogs have the same keys, no value
 * is empty or left untranslated by accident, placeholders agree, and no .tsx file renders a
 * literal text node or a literal accessible name (aria-label, placeholder, title, alt).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import vi from './vi.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

const SRC = path.resolve(import.meta.dirname, '..');
const viMap: Record<string, string> = vi;
const enMap: Record<string, string> = en;

/**
 * The main catalogs plus those of lazily loaded areas (an `i18n/` folder with vi.json and
 * en.json beside the area's sources, e.g. surfaces/admin/i18n): each area's files may use its
 * own keys and the main ones.
 */
interface Catalog {
  dir: string;
  vi: Record<string, string>;
  en: Record<string, string>;
}
function catalogs(): Catalog[] {
  const found: Catalog[] = [{ dir: SRC, vi: viMap, en: enMap }];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (!statSync(full).isDirectory()) continue;
      if (name === 'i18n' && full !== path.join(SRC, 'i18n')) {
        const read = (f: string) =>
          JSON.parse(readFileSync(path.join(full, f), 'utf8')) as Record<string, string>;
        found.push({ dir: path.dirname(full), vi: read('vi.json'), en: read('en.json') });
      } else walk(full);
    }
  };
  walk(SRC);
  return found;
}
const CATALOGS = catalogs();
const label = (c: Catalog) => path.relative(SRC, c.dir) || 'main';

test('a lazily loaded area has its own catalogs (the admin area)', () => {
  assert.ok(CATALOGS.some((c) => label(c) === path.join('surfaces', 'admin')));
});

test('vi.json and en.json have exactly the same keys, in every catalog', () => {
  for (const c of CATALOGS) {
    const a = Object.keys(c.vi).sort();
    const b = Object.keys(c.en).sort();
    assert.deepEqual(
      a.filter((k) => !(k in c.en)),
      [],
      `keys missing in ${label(c)} en.json`,
    );
    assert.deepEqual(
      b.filter((k) => !(k in c.vi)),
      [],
      `keys missing in ${label(c)} vi.json`,
    );
  }
});

test("an area's keys never repeat a main key (one meaning per key)", () => {
  for (const c of CATALOGS.slice(1)) {
    assert.deepEqual(
      Object.keys(c.vi).filter((k) => k in viMap),
      [],
      label(c),
    );
  }
});

test('no empty message, and the same {placeholders} in both languages', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const c of CATALOGS) {
    for (const k of Object.keys(c.vi)) {
      assert.ok(c.vi[k]!.trim(), `vi ${k} is empty`);
      assert.ok(c.en[k]?.trim(), `en ${k} is empty`);
      assert.deepEqual(names(c.en[k]!), names(c.vi[k]!), `placeholders of ${k}`);
    }
  }
});

function tsxFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) tsxFiles(full, out);
    else if (name.endsWith('.tsx')) out.push(full);
  }
  return out;
}

/** Attributes whose value a person reads or a screen reader speaks. */
const SPOKEN = new Set(['aria-label', 'placeholder', 'title', 'alt', 'label', 'aria-description']);
const HAS_LETTER = /\p{L}/u;

/** Literal text in JSX that bypasses the translator, as `file:line text`. */
export function untranslated(file: string, source: string): string[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const where = (n: ts.Node) =>
    `${path.relative(SRC, file)}:${sf.getLineAndCharacterOfPosition(n.getStart()).line + 1}`;
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && HAS_LETTER.test(n.text)) found.push(`${where(n)} ${n.text.trim()}`);
    if (ts.isJsxAttribute(n) && SPOKEN.has(n.name.getText(sf)) && n.initializer) {
      const init = n.initializer;
      const lit = ts.isStringLiteral(init)
        ? init
        : ts.isJsxExpression(init) && init.expression && ts.isStringLiteralLike(init.expression)
          ? init.expression
          : null;
      if (lit && HAS_LETTER.test(lit.text))
        found.push(`${where(n)} ${n.name.getText(sf)}="${lit.text}"`);
    }
    // A string literal rendered as a child: <p>{'Xin chào'}</p>
    if (ts.isJsxExpression(n) && n.expression && ts.isStringLiteralLike(n.expression)) {
      const parent = n.parent;
      if (
        (ts.isJsxElement(parent) || ts.isJsxFragment(parent)) &&
        HAS_LETTER.test(n.expression.text)
      )
        found.push(`${where(n)} {'${n.expression.text}'}`);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return found;
}

test('the scanner catches literal text, literal names and literal children', () => {
  const bad = untranslated(
    'x.tsx',
    `export const A = () => (<div aria-label="Đóng"><p>Xin chào</p>{'Tạm biệt'}<i title={"Mở"} /></div>);`,
  );
  assert.equal(bad.length, 4, bad.join('\n'));
  assert.deepEqual(
    untranslated('y.tsx', `export const B = () => <p>{t('a.b')} · {' — '}</p>;`),
    [],
  );
});

test('no .tsx file renders text that is not in the catalogs', () => {
  const files = tsxFiles(SRC);
  assert.ok(files.length > 10, 'found the app sources');
  const bad = files.flatMap((f) => untranslated(f, readFileSync(f, 'utf8')));
  assert.deepEqual(
    bad,
    [],
    `literal UI text (use t('…') and add it to vi.json and en.json):\n${bad.join('\n')}`,
  );
});

test("every t('…') or key: '…' written in the sources exists in a catalog it may use", () => {
  const missing: string[] = [];
  const sources = (dir: string, out: string[] = []): string[] => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) sources(full, out);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) out.push(full);
    }
    return out;
  };
  for (const f of sources(SRC)) {
    const usable = CATALOGS.filter((c) => c === CATALOGS[0] || f.startsWith(c.dir + path.sep));
    const text = readFileSync(f, 'utf8');
    // t('a.b'), and message objects of pure modules: { key: 'a.b' }.
    const keys = [
      ...text.matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g),
      ...text.matchAll(/\bkey: '([a-zA-Z_.]+)'/g),
    ].map((m) => m[1]!);
    for (const k of keys) {
      if (!usable.some((c) => k in c.vi)) missing.push(`${path.relative(SRC, f)}: ${k}`);
    }
  }
  assert.deepEqual(missing, []);
});
