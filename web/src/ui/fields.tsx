/**
 * Labelled form controls. Every control has a visible <label>, its hint and error are tied
 * to it with aria-describedby, and an error sets aria-invalid so screen readers announce it.
 */
import { useId } from 'react';
import type { ComponentProps, ReactNode } from 'react';

interface Common {
  label: string;
  hint?: string | undefined;
  error?: string | null | undefined;
  required?: boolean;
}

function describedBy(id: string, hint?: string, error?: string | null) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function Extras({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | null | undefined;
}) {
  return (
    <>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-err`} className="error-text">
          {error}
        </span>
      ) : null}
    </>
  );
}

function Label({
  id,
  label,
  required,
}: {
  id: string;
  label: string;
  required?: boolean | undefined;
}) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? (
        <span className="req" aria-hidden="true">
          {' *'}
        </span>
      ) : null}
    </label>
  );
}

export function TextField({
  label,
  hint,
  error,
  required,
  id: given,
  ...input
}: Common & ComponentProps<'input'>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <Label id={id} label={label} required={required} />
      <input
        id={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function TextArea({
  label,
  hint,
  error,
  required,
  id: given,
  ...input
}: Common & ComponentProps<'textarea'>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <Label id={id} label={label} required={required} />
      <textarea
        id={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      />
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function SelectField({
  label,
  hint,
  error,
  required,
  id: given,
  children,
  ...input
}: Common & ComponentProps<'select'> & { children: ReactNode }) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <Label id={id} label={label} required={required} />
      <select
        id={id}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
        aria-describedby={describedBy(id, hint, error)}
        {...input}
      >
        {children}
      </select>
      <Extras id={id} hint={hint} error={error} />
    </div>
  );
}

export function Checkbox({
  label,
  hint,
  id: given,
  ...input
}: { label: string; hint?: string | undefined } & ComponentProps<'input'>) {
  const auto = useId();
  const id = given ?? auto;
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        aria-describedby={hint ? `${id}-hint` : undefined}
        {...input}
      />
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span id={`${id}-hint`} className="hint">
          {hint}
        </span>
      ) : null}
    </div>
  );
}
