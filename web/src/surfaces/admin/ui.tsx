/**
 * Pieces every admin screen shares: an editor panel (focus on its first control, Escape
 * cancels, Ctrl+Enter saves), a write with busy/error state, a two-step confirmation for
 * switching things off, and the status line that announces what was saved.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent, ReactNode } from 'react';
import type { ApiError } from '../../api/client.ts';
import { toApiError } from '../../api/hooks.tsx';
import { Alert, ErrorAlert } from '../../ui/feedback.tsx';
import { useAdminI18n, type AdminMessage } from './i18n.ts';

/** A write to the API: busy while it runs, the API's error if it fails. */
export function useWrite() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (err) {
      setError(toApiError(err));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: () => setError(null) };
}

/**
 * Which editor is open. Opening remembers the control that opened it; closing (saved or
 * cancelled) gives focus back to it, so keyboard users continue where they were.
 */
export function useEditorState<T>() {
  const [state, setState] = useState<T | null>(null);
  const opener = useRef<HTMLElement | null>(null);
  const restore = useRef(false);
  useEffect(() => {
    if (state === null && restore.current) {
      restore.current = false;
      const el = opener.current;
      if (el && el.isConnected) el.focus();
    }
  }, [state]);
  const open = useCallback((next: T) => {
    const active = document.activeElement;
    if (active instanceof HTMLElement && active !== document.body) opener.current = active;
    setState(next);
  }, []);
  const close = useCallback(() => {
    restore.current = true;
    setState(null);
  }, []);
  return { state, open, close };
}

export interface Issue {
  /** The id of the input it is about. */
  id: string;
  text: string;
}

/**
 * The form's mistakes in the order its inputs appear (`labels` gives both the order and the
 * names), each pointing at its input: `${prefix}${field}`.
 */
export function useIssues() {
  const msg = useMsg();
  return <K extends string>(
    errors: Partial<Record<K, AdminMessage>>,
    labels: Partial<Record<K, string>>,
    prefix: string,
  ): Issue[] =>
    (Object.keys(labels) as K[])
      .filter((k) => errors[k])
      .map((k) => ({ id: `${prefix}${k}`, text: `${labels[k]}: ${msg(errors[k])}` }));
}

/** Moves focus to the first mistake's input; true when there was one. */
export function focusFirst(issues: readonly Issue[]): boolean {
  const first = issues[0];
  if (!first) return false;
  document.getElementById(first.id)?.focus();
  return true;
}

/** Translates an optional validation message of the pure modules. */
export function useMsg() {
  const { t } = useAdminI18n();
  return (m: AdminMessage | undefined | null) => (m ? t(m.key, m.params) : null);
}

/**
 * A form in a card: the first control takes focus when it opens, Escape cancels and
 * Ctrl+Enter saves (as in the ticket action forms). Mistakes found before sending are shown
 * at their inputs and counted at the top.
 */
export function Editor({
  id,
  title,
  onSubmit,
  onCancel,
  busy,
  error,
  issues = [],
  submitLabel,
  children,
}: {
  id: string;
  title: string;
  onSubmit: () => void;
  onCancel: () => void;
  busy: boolean;
  error: ApiError | null;
  /** Mistakes found before sending, listed at the top with links to their inputs. */
  issues?: readonly Issue[];
  submitLabel: string;
  children: ReactNode;
}) {
  const { t } = useAdminI18n();
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current
      ?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea')
      ?.focus();
  }, []);
  function submit(e?: FormEvent) {
    e?.preventDefault();
    onSubmit();
  }
  function onKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      submit();
    }
  }
  return (
    <form
      ref={form}
      id={id}
      className="card editor"
      onSubmit={submit}
      onKeyDown={onKey}
      noValidate
      aria-labelledby={`${id}-title`}
      aria-busy={busy}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      {issues.length > 0 ? (
        <Alert kind="error" title={t('validation.summary', { n: issues.length })}>
          <ul>
            {issues.map((i) => (
              <li key={i.id}>
                <a
                  href={`#${i.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    document.getElementById(i.id)?.focus();
                  }}
                >
                  {i.text}
                </a>
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <ErrorAlert error={error ?? undefined} />
      {children}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? t('common.working') : submitLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <span className="hint">{t('admin.editorKeys')}</span>
      </div>
    </form>
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
  const { t } = useAdminI18n();
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
        {t('admin.confirmYes')}
      </button>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
        {t('admin.confirmNo')}
      </button>
    </span>
  );
}

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
 * A card of deployment settings saved with one button: its title names the form, then the
 * fields, the write's error, what was saved and the save button (disabled while writing).
 */
export function SettingsForm({
  id,
  title,
  hint,
  className,
  write,
  saved,
  onSave,
  children,
}: {
  id: string;
  title: string;
  hint?: string;
  className?: string;
  write: ReturnType<typeof useWrite>;
  saved: string | null;
  onSave: () => void;
  children: ReactNode;
}) {
  const { t } = useAdminI18n();
  return (
    <form
      className={className ? `card ${className}` : 'card'}
      aria-labelledby={id}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSave();
      }}
    >
      <h2 id={id}>{title}</h2>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
      <ErrorAlert error={write.error ?? undefined} />
      <Saved text={saved} />
      <button type="submit" className="btn btn-small" disabled={write.busy}>
        {t('admin.save')}
      </button>
    </form>
  );
}
