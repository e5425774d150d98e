/** Names of reference data in the user's language (English names may be empty). */
import type { Agency, Field } from '../../../src/contract/org.ts';
import type { Lang } from '../i18n/catalog.ts';

export function agencyName(a: Pick<Agency, 'name' | 'nameEn'>, lang: Lang): string {
  return lang === 'en' && a.nameEn ? a.nameEn : a.name;
}

export function fieldName(f: Pick<Field, 'name' | 'nameEn'>, lang: Lang): string {
  return lang === 'en' && f.nameEn ? f.nameEn : f.name;
}
