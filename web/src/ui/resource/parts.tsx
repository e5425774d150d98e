/** Small pieces of list screens: the "saved" status line and a two-step confirmation. */
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n/react.tsx';

/**
 * What was just saved, announced politely; stays until the next change. The live region is
 * always in the page, so that screen readers announce the text when it appears.
 */
export function Saved({ text }: { text: string | null }) {
  return (
    <div className={text ? 'alert alert-success' : 'saved-empty'} role="status">
      {text}
    </div>
  );
}

/**
 * A button for an action that takes something away (deactivate, delete): the first press
 * asks, the second does it; Escape or "No" steps back.
 */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  busy,
  className = 'btn btn-small btn-danger-outline',
}: {
  label: string;
  question: string;
  onConfirm: () => void;
  busy?: boolean;
  className?: string;
}) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  const first = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) yes.current?.focus();
    else if (wasAsking.current) first.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking) {
    return (
      <button ref={first} type="button" className={className} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <span
      className="confirm"
      role="group"
      aria-label={question}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <span className="confirm-q">{question}</span>
      <button
        ref={yes}
        type="button"
        className="btn btn-small btn-danger"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {t('form.confirmYes')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
        {t('form.confirmNo')}
      </button>
    </span>
  );
}
