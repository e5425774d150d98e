/**
 * Inputs bound to the surrounding form by `source` (react-admin's `<TextInput source>`): the
 * value, the change, the mistake and the label all come from the form, so a screen writes
 * `<TextInput source="displayName" required />` instead of value/onChange/error/label by hand.
 * The markup is ui/fields.tsx's (visible label, hint and error tied with aria-describedby).
 */
import { createContext, useContext, useId } from 'react';
import type {
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { useController } from 'react-hook-form';
import type { FieldValues, Path } from 'react-hook-form';
import { Checkbox, SelectField, TextArea, TextField } from '../fields.tsx';

/** What a form tells its inputs: their labels by source, and the prefix of their ids. */
export interface FormMeta {
  labels: Readonly<Record<string, string | undefined>>;
  /** Inputs get the id `${idPrefix}${source}`, which the list of mistakes links to. */
  idPrefix?: string | undefined;
}

export const FormMetaContext = createContext<FormMeta>({ labels: {} });

interface Bound<V extends FieldValues> {
  source: Path<V>;
  /** Defaults to the form's label for `source`. */
  label?: string;
  hint?: string | undefined;
  /** A mistake found elsewhere (e.g. the server's), shown when the form has none. */
  error?: string | null | undefined;
  /** Stored value → what the control shows (e.g. null → ''). */
  format?: (value: unknown) => string;
  /** What the control gives → stored value (e.g. '' → null, lower case). */
  parse?: (text: string) => unknown;
}

function useBound<V extends FieldValues>(p: Bound<V>, givenId: string | undefined) {
  const meta = useContext(FormMetaContext);
  const auto = useId();
  const {
    field: { name, value, onBlur, onChange },
    fieldState,
  } = useController<V>({ name: p.source });
  const id = givenId ?? (meta.idPrefix !== undefined ? `${meta.idPrefix}${p.source}` : auto);
  const shown = p.format ? p.format(value) : ((value as string | null) ?? '');
  return {
    id,
    name,
    onBlur,
    label: p.label ?? meta.labels[p.source] ?? p.source,
    error: fieldState.error?.message ?? p.error ?? null,
    value: shown,
    onText: (text: string) => onChange(p.parse ? p.parse(text) : text),
  };
}

type Native<E> = Omit<E, 'value' | 'defaultValue' | 'onChange' | 'name' | 'form' | 'children'>;

export function TextInput<V extends FieldValues = FieldValues>({
  source,
  label,
  hint,
  error,
  format,
  parse,
  id,
  ...rest
}: Bound<V> & Native<InputHTMLAttributes<HTMLInputElement>>) {
  const b = useBound<V>({ source, label, hint, error, format, parse }, id);
  return (
    <TextField
      {...rest}
      id={b.id}
      name={b.name}
      label={b.label}
      hint={hint}
      error={b.error}
      value={b.value}
      onBlur={b.onBlur}
      onChange={(e) => b.onText(e.target.value)}
    />
  );
}

export function TextAreaInput<V extends FieldValues = FieldValues>({
  source,
  label,
  hint,
  error,
  format,
  parse,
  id,
  ...rest
}: Bound<V> & Native<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const b = useBound<V>({ source, label, hint, error, format, parse }, id);
  return (
    <TextArea
      {...rest}
      id={b.id}
      name={b.name}
      label={b.label}
      hint={hint}
      error={b.error}
      value={b.value}
      onBlur={b.onBlur}
      onChange={(e) => b.onText(e.target.value)}
    />
  );
}

/** A select bound by source; `emptyAsNull` stores the '' option as null (nullable fields). */
export function SelectInput<V extends FieldValues = FieldValues>({
  source,
  label,
  hint,
  error,
  format,
  parse,
  emptyAsNull,
  id,
  children,
  ...rest
}: Bound<V> &
  Native<SelectHTMLAttributes<HTMLSelectElement>> & {
    emptyAsNull?: boolean;
    children: ReactNode;
  }) {
  const b = useBound<V>(
    {
      source,
      label,
      hint,
      error,
      format,
      parse: parse ?? (emptyAsNull ? (s: string) => (s === '' ? null : s) : undefined),
    },
    id,
  );
  return (
    <SelectField
      {...rest}
      id={b.id}
      name={b.name}
      label={b.label}
      hint={hint}
      error={b.error}
      value={b.value}
      onBlur={b.onBlur}
      onChange={(e) => b.onText(e.target.value)}
    >
      {children}
    </SelectField>
  );
}

export function CheckboxInput<V extends FieldValues = FieldValues>({
  source,
  label,
  hint,
  id,
  ...rest
}: Pick<Bound<V>, 'source' | 'label' | 'hint'> & Native<InputHTMLAttributes<HTMLInputElement>>) {
  const meta = useContext(FormMetaContext);
  const {
    field: { name, value, onBlur, onChange },
  } = useController<V>({ name: source });
  const given = id ?? (meta.idPrefix !== undefined ? `${meta.idPrefix}${source}` : undefined);
  return (
    <Checkbox
      {...rest}
      id={given}
      name={name}
      label={label ?? meta.labels[source] ?? source}
      hint={hint}
      checked={Boolean(value)}
      onBlur={onBlur}
      onChange={(e) => onChange(e.target.checked)}
    />
  );
}

/**
 * A bare input bound by source, for grids where a visible label per cell would drown the
 * table (the caller names it with aria-label and ties its error with aria-describedby).
 */
export function PlainInput<V extends FieldValues = FieldValues>({
  source,
  ...rest
}: { source: Path<V> } & Native<InputHTMLAttributes<HTMLInputElement>>) {
  const {
    field: { name, value, onBlur, onChange },
  } = useController<V>({ name: source });
  return (
    <input
      {...rest}
      name={name}
      value={(value as string | null) ?? ''}
      onBlur={onBlur}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

/** A choice of a few values as radio buttons in a fieldset, bound by source. */
export function RadioGroupInput<V extends FieldValues = FieldValues>({
  source,
  legend,
  options,
  className,
}: {
  source: Path<V>;
  legend?: string;
  options: readonly { value: string; label: string }[];
  className?: string;
}) {
  const meta = useContext(FormMetaContext);
  const {
    field: { name, value, onBlur, onChange },
  } = useController<V>({ name: source });
  const group = `${meta.idPrefix ?? ''}${name}`;
  return (
    <fieldset className={className}>
      <legend>{legend ?? meta.labels[source] ?? source}</legend>
      {options.map((o) => (
        <label key={o.value}>
          <input
            type="radio"
            name={group}
            checked={value === o.value}
            onBlur={onBlur}
            onChange={() => onChange(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}
