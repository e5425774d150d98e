/** `useAdminI18n()`: the admin area's translator (both catalogs) in the user's language. */
import { useCallback } from 'react';
import { useI18n } from '../../i18n/react.tsx';
import type { Lang } from '../../i18n/catalog.ts';
import { translateAdmin, type AdminMessage, type AdminTranslate } from './messages.ts';

export type { AdminKey, AdminMessage, AdminTranslate, AnyKey } from './messages.ts';

export function useAdminI18n(): { t: AdminTranslate; lang: Lang } {
  const { lang } = useI18n();
  const t = useCallback<AdminTranslate>((key, params) => translateAdmin(lang, key, params), [lang]);
  return { t, lang };
}

/** Text of a message, or null for none. */
export interface MessageText {
  (m: AdminMessage): string;
  (m: AdminMessage | null | undefined): string | null;
}

/** Translates an optional message of the pure modules (validation results). */
export function useMsg(): MessageText {
  const { t } = useAdminI18n();
  return useCallback(
    (m: AdminMessage | null | undefined) => (m ? t(m.key, m.params) : null),
    [t],
  ) as MessageText;
}
