/**
 * The administration area's own message catalogs, loaded with its chunk so that the operator
 * console never downloads them. Same rules as the main catalogs (catalog.test.ts checks every
 * pair): Vietnamese defines the keys, English must have the same ones. A key of either
 * catalog may be used here, so shared words (roles, buttons) are not repeated. Pure.
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

export type AdminKey = keyof typeof vi;
export type AnyKey = AdminKey | MessageKey;

/** A message to show later (validation results of the pure admin modules). */
export interface AdminMessage {
  key: AnyKey;
  params?: Params;
}

const english: Record<AdminKey, string> = en;
const catalogs: Record<Lang, Record<AdminKey, string>> = { vi, en: english };

export function translateAdmin(lang: Lang, key: AnyKey, params?: Params): string {
  if (isMessageKey(key)) return translate(lang, key, params);
  return interpolate(catalogs[lang][key] ?? catalogs.vi[key] ?? key, params);
}

export type AdminTranslate = (key: AnyKey, params?: Params) => string;
