import { useI18n } from '../i18n/react.tsx';

/** One button that switches to the other language, named in that language. */
export function LanguageSwitch() {
  const { t, lang, setLang } = useI18n();
  const other = lang === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="btn btn-ghost btn-small"
      lang={other}
      onClick={() => setLang(other)}
      aria-label={t('lang.switchTo')}
    >
      <span className="lang-long">{t('lang.other')}</span>
      <span className="lang-short" aria-hidden="true">
        {t('lang.otherShort')}
      </span>
    </button>
  );
}
