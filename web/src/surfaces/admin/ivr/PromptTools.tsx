import { useAdminI18n } from '../i18n.ts';
import { spokenTexts, type NodeForm, type PromptInfo } from '../ivr.ts';

/** "Nghe thử" per spoken text of a node, and its recording (upload / back to speech). */
export function PromptTools({
  node,
  prompts,
  saved,
  busy,
  onListen,
  onUpload,
  onRemove,
}: {
  node: NodeForm;
  prompts: Map<string, PromptInfo>;
  saved: boolean;
  busy: boolean;
  onListen: (text: string) => void;
  onUpload: (key: string, file: File) => void;
  onRemove: (key: string) => void;
}) {
  const { t } = useAdminI18n();
  const spoken = spokenTexts(node.json);
  if (spoken.length === 0) return null;
  return (
    <ul className="ivr-prompts">
      {spoken.map(([field, text]) => {
        const key = `${node.id.trim()}.${field}`;
        const info = prompts.get(key);
        return (
          <li key={field}>
            <span className="muted">{field}</span>{' '}
            <button
              type="button"
              className="btn btn-small"
              disabled={busy}
              aria-label={t('admin.ivr.listenNamed', { key })}
              onClick={() => onListen(text)}
            >
              {t('admin.ivr.listen')}
            </button>{' '}
            {info?.recording ? (
              <>
                <span className="badge badge-soft">
                  {t('admin.ivr.recorded', { s: info.recording.seconds.toFixed(1) })}
                </span>{' '}
                <button
                  type="button"
                  className="btn btn-small"
                  disabled={busy}
                  onClick={() => onRemove(key)}
                >
                  {t('admin.ivr.useSpeech')}
                </button>
              </>
            ) : saved && info ? (
              <label className="btn btn-small ivr-upload">
                {t('admin.ivr.upload')}
                <input
                  type="file"
                  accept="audio/*"
                  className="sr-only"
                  aria-label={t('admin.ivr.uploadNamed', { key })}
                  disabled={busy}
                  onChange={(e) => {
                    const f = e.target.files?.[0];
                    if (f) onUpload(key, f);
                    e.target.value = '';
                  }}
                />
              </label>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
