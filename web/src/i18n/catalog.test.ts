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

test('vi.json and en.json have exactly the same keys', () => {
  const a = Object.keys(viMap).sort();
  const b = Object.keys(enMap).sort();
  assert.deepEqual(
    a.filter((k) => !(k in enMap)),
    [],
    'keys missing in en.json',
  );
  assert.deepEqual(
    b.filter((k) => !(k in viMap)),
    [],
    'keys missing in vi.json',
  );
});

test('no empty message, and the same {placeholders} in both languages', () => {
  const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(viMap)) {
    assert.ok(viMap[k]!.trim(), `vi ${k} is empty`);
    assert.ok(enMap[k]?.trim(), `en ${k} is empty`);
    assert.deepEqual(names(enMap[k]!), names(viMap[k]!), `placeholders of ${k}`);
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

test("every t('…') key written in the sources exists in the catalogs", () => {
  const missing: string[] = [];
  const all = [...tsxFiles(SRC)];
  for (const f of all) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z_.]+)'/g)) {
      if (!(m[1]! in viMap)) missing.push(`${path.relative(SRC, f)}: ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});
