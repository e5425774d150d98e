import { useEffect, useState } from 'react';
import { useI18n } from '../../i18n/react.tsx';
import { disablePush, enablePush, pushState, type PushState } from '../../app/pwa.ts';

/**
 * "Notify me on this device": Web Push for new forwards and pre-breach warnings (R-CH-8),
 * switched per browser by the person using it. Hidden where the browser cannot do it.
 */
export function PushToggle() {
  const { t } = useI18n();
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    pushState().then(
      (s) => live && setState(s),
      () => live && setState('unsupported'),
    );
    return () => {
      live = false;
    };
  }, []);
  if (state === null || state === 'unsupported') return null;

  async function toggle() {
    setBusy(true);
    setFailed(false);
    try {
      setState(state === 'on' ? await disablePush() : await enablePush());
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="push-toggle" role="group" aria-label={t('push.label')}>
      <span className="hint">
        {state === 'on' ? t('push.on') : state === 'denied' ? t('push.denied') : t('push.off')}
      </span>
      {state !== 'denied' ? (
        <button
          type="button"
          className="btn btn-small"
          disabled={busy}
          onClick={() => void toggle()}
        >
          {state === 'on' ? t('push.disable') : t('push.enable')}
        </button>
      ) : null}
      {failed ? (
        <span className="error-text" role="alert">
          {t('push.failed')}
        </span>
      ) : null}
    </div>
  );
}
