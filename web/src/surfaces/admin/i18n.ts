/** `useAdminI18n()`: the admin area's translator (both catalogs) in the user's language. */
import { useCallback } from 'react';
import { useI18n } from '../../i18n/react.tsx';
import type { Lang } from '../../i18n/catalog.ts';
import { translateAdmin, type AdminTranslate } from './messages.ts';

export type { AdminKey, AdminMessage, AdminTranslate, AnyKey } from './messages.ts';

export function useAdminI18n(): { t: AdminTranslate; lang: Lang } {
  const { lang } = useI18n();
  const t = useCallback<AdminTranslate>((key, params) => translateAdmin(lang, key, params), [lang]);
  return { t, lang };
}
