import { useState } from 'react';
import { recordingUrl } from '../../api/client.ts';
import { useI18n } from '../../i18n/react.tsx';

/**
 * A call's recording (R-TEL-5): loaded only when asked for (every listen is audited on the
 * server), then played in the browser's own accessible player.
 */
export function Recording({ callId }: { callId: string }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-ghost btn-small"
        data-recording={callId}
        onClick={() => setOpen(true)}
      >
        {t('calls.listen')}
      </button>
    );
  if (failed) return <span className="muted">{t('calls.noRecording')}</span>;
  return (
    <audio
      className="recording"
      controls
      autoPlay
      preload="none"
      src={recordingUrl(callId)}
      aria-label={t('calls.recording')}
      onError={() => setFailed(true)}
    />
  );
}
