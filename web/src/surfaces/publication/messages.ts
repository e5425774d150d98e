/**
 * The publication desk's own message catalogs, loaded with its chunk (like the admin area's).
 * Vietnamese defines the keys; catalog.test.ts checks both files. Pure.
 */
import vi from './i18n/vi.json' with { type: 'json' };
import en from './i18n/en.json' with { type: 'json' };
import {
  interpolate,
  isMessageKey,
  translate,
  type Lang,
  type MessageKey,
  type Params,
} from '../../i18n/catalog.ts';

export type PubKey = keyof typeof vi;
export type AnyPubKey = PubKey | MessageKey;

const english: Record<PubKey, string> = en;
const catalogs: Record<Lang, Record<PubKey, string>> = { vi, en: english };

export function translatePub(lang: Lang, key: AnyPubKey, params?: Params): string {
  if (isMessageKey(key)) return translate(lang, key, params);
  return interpolate(catalogs[lang][key] ?? catalogs.vi[key] ?? key, params);
}
