/**
 * Server-side HTML with escaping by construction: values interpolated into `h` are
 * escaped unless they are `Html` themselves (the output of another `h`). Nothing a citizen
 * or a staff member wrote can become markup.
 */
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function esc(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(v: Value): string {
  if (v instanceof Html) return v.value;
  if (v === null || v === undefined || v === false || v === true) return '';
  if (Array.isArray(v)) return (v as readonly Value[]).map(render).join('');
  return esc(v);
}

/**
 * The tag is `h`, not `html`: prettier would re-indent templates tagged `html` as documents,
 * changing what is sent.
 */
export function h(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup known to be safe (constants written in this module's code). */
export const raw = (s: string) => new Html(s);

/** Plain text with its line breaks kept (paragraphs and <br>), escaped. */
export function paragraphs(text: string): Html {
  const parts = text
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${p.split(/\r?\n/).map(esc).join('<br>')}</p>`);
  return new Html(parts.join(''));
}
