/**
 * Forms bound to react-hook-form: the editor card of a list screen (`ResourceForm`), a card of
 * settings saved with one button (`SettingsForm`) and a list's filters (`Filters`). Inputs
 * inside them are bound by `source` (inputs.tsx) and labelled from the form's `labels`.
 */
import { useEffect, useRef } from 'react';
import type { FormEvent, FormHTMLAttributes, KeyboardEvent, ReactNode, Ref } from 'react';
import { FormProvider, get, useForm, useFormState } from 'react-hook-form';
import type { FieldErrors, FieldValues, UseFormProps, UseFormReturn } from 'react-hook-form';
import type { ApiError } from '../../api/client.ts';
import { useI18n } from '../../i18n/react.tsx';
import { Alert, ErrorAlert } from '../feedback.tsx';
import { FormMetaContext } from './inputs.tsx';
import { Saved } from './parts.tsx';
import type { Write } from './hooks.ts';

/**
 * useForm with the house rules: nothing is checked until the first save; from then on the
 * whole form is re-checked as it changes (ResourceForm does that), so fixed mistakes vanish
 * and new ones (a role that now needs an agency) appear; focus is moved by the form itself.
 */
export function useResourceForm<V extends FieldValues, T = V>(
  options: UseFormProps<V, unknown, T>,
): UseFormReturn<V, unknown, T> {
  return useForm<V, unknown, T>({
    mode: 'onSubmit',
    reValidateMode: 'onSubmit',
    shouldFocusError: false,
    ...options,
  });
}

export interface Issue {
  /** The id of the input it is about. */
  id: string;
  text: string;
}

/** The form's mistakes in `labels` order, each pointing at its input. */
export function issuesOf(
  errors: FieldErrors,
  labels: Readonly<Record<string, string | undefined>>,
  idPrefix: string,
): Issue[] {
  const out: Issue[] = [];
  for (const [source, label] of Object.entries(labels)) {
    const message = (get(errors, source) as { message?: string } | undefined)?.message;
    if (message) out.push({ id: `${idPrefix}${source}`, text: `${label}: ${message}` });
  }
  return out;
}

/** After the first save, every change re-checks the whole form; a language switch too. */
function useRecheck<V extends FieldValues, T>(form: UseFormReturn<V, unknown, T>) {
  const { lang } = useI18n();
  const { trigger, watch } = form;
  const submitted = useFormState({ control: form.control }).isSubmitted;
  useEffect(() => {
    if (!submitted) return;
    void trigger();
    const sub = watch(() => void trigger());
    return () => sub.unsubscribe();
  }, [submitted, trigger, watch, lang]);
}

function focusFirst(
  errors: FieldErrors,
  labels: Readonly<Record<string, string | undefined>>,
  idPrefix: string,
) {
  const first = issuesOf(errors, labels, idPrefix)[0]?.id;
  const fallback = Object.keys(errors)[0];
  const el = document.getElementById(first ?? `${idPrefix}${fallback}`);
  el?.focus();
}

/** The list of mistakes at the top of a form, each a link to its input. */
export function IssueSummary({ issues }: { issues: readonly Issue[] }) {
  const { t } = useI18n();
  if (issues.length === 0) return null;
  return (
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
  );
}

/**
 * A form whose inputs are bound by source: provides the form and its labels to them,
 * re-checks it after the first save, and on a failed save moves focus to the first mistake
 * (in `labels` order). The other forms here are this one with their chrome.
 */
export function BoundForm<V extends FieldValues, T>({
  form,
  labels,
  idPrefix,
  onSubmit,
  formRef,
  children,
  ...attrs
}: {
  form: UseFormReturn<V, unknown, T>;
  labels: Readonly<Record<string, string | undefined>>;
  idPrefix?: string;
  onSubmit: (values: T) => void | Promise<void>;
  formRef?: Ref<HTMLFormElement>;
  children: ReactNode;
} & Omit<FormHTMLAttributes<HTMLFormElement>, 'onSubmit' | 'children'>) {
  useRecheck(form);
  const prefix = idPrefix ?? '';
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    void form.handleSubmit(onSubmit, (found) => focusFirst(found, labels, prefix))();
  };
  return (
    <FormProvider {...form}>
      <FormMetaContext.Provider value={{ labels, idPrefix }}>
        <form ref={formRef} noValidate {...attrs} onSubmit={submit}>
          {children}
        </form>
      </FormMetaContext.Provider>
    </FormProvider>
  );
}

/**
 * A list screen's editor: a form in a card whose first control takes focus when it opens,
 * Escape cancels and Ctrl+Enter saves (as in the ticket action forms). Mistakes found before
 * sending are shown at their inputs and listed at the top; focus goes to the first one.
 * `onSubmit` receives the resolved values (the contract schema's output where there is one).
 */
export function ResourceForm<V extends FieldValues, T>({
  form,
  id,
  idPrefix,
  labels,
  title,
  onSubmit,
  onCancel,
  busy,
  error,
  submitLabel,
  busyLabel,
  className,
  before,
  children,
}: {
  form: UseFormReturn<V, unknown, T>;
  id: string;
  /** Inputs get `${idPrefix}${source}` ids. */
  idPrefix: string;
  /** Each input's label by source; the order is the order mistakes are listed in. */
  labels: Readonly<Record<string, string | undefined>>;
  title: string;
  onSubmit: (values: T) => void | Promise<void>;
  onCancel: () => void;
  busy: boolean;
  error: ApiError | null | undefined;
  submitLabel: string;
  /** The submit button's text while saving (default: "working"). */
  busyLabel?: string;
  className?: string;
  /** Shown above the inputs, below the errors (e.g. a reload button after a conflict). */
  before?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const ref = useRef<HTMLFormElement>(null);
  const { errors } = useFormState({ control: form.control });
  useEffect(() => {
    ref.current
      ?.querySelector<HTMLElement>('input:not([type=hidden]):not([disabled]), select, textarea')
      ?.focus();
  }, []);
  function onKey(e: KeyboardEvent) {
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      ref.current?.requestSubmit();
    }
  }
  return (
    <BoundForm
      form={form}
      labels={labels}
      idPrefix={idPrefix}
      onSubmit={onSubmit}
      formRef={ref}
      id={id}
      className={className ? `card editor ${className}` : 'card editor'}
      onKeyDown={onKey}
      aria-labelledby={`${id}-title`}
      aria-busy={busy}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <IssueSummary issues={issuesOf(errors, labels, idPrefix)} />
      <ErrorAlert error={error ?? undefined} />
      {before}
      {children}
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {busy ? (busyLabel ?? t('common.working')) : submitLabel}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <span className="hint">{t('form.keys')}</span>
      </div>
    </BoundForm>
  );
}

/**
 * A card of settings saved with one button: its title names the form, then the fields, the
 * write's error, what was saved and the save button (disabled while writing). A mistake is
 * shown at its input, which takes focus.
 */
export function SettingsForm<V extends FieldValues, T>({
  form,
  id,
  title,
  hint,
  labels,
  className,
  write,
  saved,
  saveLabel,
  onSave,
  children,
}: {
  form: UseFormReturn<V, unknown, T>;
  id: string;
  title: string;
  hint?: string;
  labels: Readonly<Record<string, string | undefined>>;
  className?: string;
  write: Write;
  saved: string | null;
  saveLabel: string;
  onSave: (values: T) => void | Promise<void>;
  children: ReactNode;
}) {
  return (
    <BoundForm
      form={form}
      labels={labels}
      idPrefix={`${id}-`}
      onSubmit={onSave}
      className={className ? `card ${className}` : 'card'}
      aria-labelledby={id}
    >
      <h2 id={id}>{title}</h2>
      {hint ? <p className="hint">{hint}</p> : null}
      {children}
      <ErrorAlert error={write.error ?? undefined} />
      <Saved text={saved} />
      <button type="submit" className="btn btn-small" disabled={write.busy}>
        {saveLabel}
      </button>
    </BoundForm>
  );
}

/**
 * A list's filters: inputs bound by source to `form`, whose values the screen reads with
 * useWatch. Nothing is submitted; the list follows as they change.
 */
export function Filters<V extends FieldValues>({
  form,
  label,
  labels,
  children,
}: {
  form: UseFormReturn<V>;
  label: string;
  labels: Readonly<Record<string, string | undefined>>;
  children: ReactNode;
}) {
  return (
    <FormProvider {...form}>
      <FormMetaContext.Provider value={{ labels }}>
        <div className="filters" role="search" aria-label={label}>
          {children}
        </div>
      </FormMetaContext.Provider>
    </FormProvider>
  );
}
