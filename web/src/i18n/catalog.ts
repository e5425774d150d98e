/**
 * Message catalogs: Vietnamese is the source of truth (its keys define `MessageKey`), English
 * must have exactly the same keys (checked at compile time here and both ways by
 * catalog.test.ts). Pure: no React, no DOM, so tests and logic modules can use it.
 */
import vi from './vi.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

export type Lang = 'vi' | 'en';
export const LANGS: readonly Lang[] = ['vi', 'en'];
export const DEFAULT_LANG: Lang = 'vi';

export type MessageKey = keyof typeof vi;
export type Params = Readonly<Record<string, string | number>>;

/** A message to show later, e.g. a validation result from a pure module. */
export interface Message {
  key: MessageKey;
  params?: Params;
}

// A missing English key is a compile error here, not a blank label at run time.
const english: Record<MessageKey, string> = en;
const catalogs: Record<Lang, Record<MessageKey, string>> = { vi, en: english };

export function isLang(v: unknown): v is Lang {
  return v === 'vi' || v === 'en';
}

/** `{name}` placeholders are replaced by `params.name`. */
export function translate(lang: Lang, key: MessageKey, params?: Params): string {
  return interpolate(catalogs[lang][key] ?? catalogs.vi[key] ?? key, params);
}

export function interpolate(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) =>
    params[name] === undefined ? m : String(params[name]),
  );
}

/** Whether a string is a key of the main catalog (lazy areas add catalogs of their own). */
export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}

export type Translate = (key: MessageKey, params?: Params) => string;
