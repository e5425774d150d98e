/**
 * How a form's values are checked before anything is sent. Two sources of rules:
 * - the contract's zod schema (`src/contract/*`), the same one the server parses the request
 *   with: `contractResolver(templateBody, …)`. zod's issues become our own Vietnamese/English
 *   texts (required, too short, too long, email…), field by field overridable.
 * - a pure validator returning `{ field: message }` (the admin's unit-tested rules, until the
 *   module's contract exists): `messageResolver(validateUser, …)`.
 * Either way the form receives translated texts; the resolved values are what is sent.
 */
import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import type { z } from 'zod';
import type { Message, Params } from '../../i18n/catalog.ts';

/** A message of any catalog: the main one or a lazy area's. */
export interface AnyMessage {
  key: string;
  params?: Params;
}

/** Turns a message into text in the user's language. */
export type MessageText<M extends AnyMessage> = (m: M) => string;

type Errors<V> = Partial<Record<keyof V & string, AnyMessage | undefined>>;

function fieldErrors<V extends FieldValues, M extends AnyMessage>(
  found: Errors<V>,
  text: MessageText<M>,
): FieldErrors<V> {
  const out: Record<string, { type: string; message: string }> = {};
  for (const [k, m] of Object.entries(found) as [string, M | undefined][]) {
    if (m) out[k] = { type: m.key, message: text(m) };
  }
  return out as FieldErrors<V>;
}

/** A pure validator as the form's resolver: no mistakes, the values are sent as they are. */
export function messageResolver<V extends FieldValues, M extends AnyMessage>(
  validate: (values: V) => Partial<Record<keyof V & string, M | undefined>>,
  text: MessageText<M>,
): Resolver<V> {
  return (values) => {
    const found = validate(values);
    const errors = fieldErrors<V, M>(found, text);
    return Object.keys(errors).length ? { values: {}, errors } : { values, errors: {} };
  };
}

interface ZodIssueLike {
  code?: string;
  origin?: string;
  format?: string;
  minimum?: unknown;
  maximum?: unknown;
  input?: unknown;
}

/** zod's issue as one of the main catalog's validation messages. */
export function issueMessage(issue: ZodIssueLike): Message {
  const n = (x: unknown) => Number(x);
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string')
        return n(issue.minimum) <= 1
          ? { key: 'validation.required' }
          : { key: 'validation.tooShort', params: { min: n(issue.minimum) } };
      break;
    case 'too_big':
      if (issue.origin === 'string')
        return { key: 'validation.tooLong', params: { max: n(issue.maximum) } };
      break;
    case 'invalid_format':
      if (issue.format === 'email') return { key: 'validation.email' };
      break;
    case 'invalid_value':
      return { key: 'validation.choose' };
    case 'invalid_type':
      if (issue.input === undefined || issue.input === null || issue.input === '')
        return { key: 'validation.required' };
      break;
  }
  return { key: 'validation.server' };
}

/**
 * Per field and zod issue code, our message instead of the default one, e.g. what a code's
 * pattern allows for `{ code: { invalid_format: … } }`. A function receives the form's values
 * (to name what is wrong in them).
 */
export type IssueOverrides<V, M extends AnyMessage> = Partial<
  Record<keyof V & string, Partial<Record<string, M | ((values: V) => M)>>>
>;

/**
 * The contract's zod schema as the form's resolver (react-hook-form + @hookform/resolvers):
 * what the form accepts, the server accepts; the resolved values are the schema's output
 * (trimmed, defaults applied), i.e. the request body. `V` is the form's values, which the
 * schema parses (a patch schema parses the same form as the create schema, ignoring fields it
 * does not know).
 */
export function contractResolver<V extends FieldValues, S extends z.ZodType, M extends AnyMessage>(
  schema: S,
  text: MessageText<M | Message>,
  overrides: IssueOverrides<V, M> = {},
): Resolver<V, unknown, z.output<S>> {
  const base = zodResolver(schema as never, {
    error: (issue: ZodIssueLike) => text(issueMessage(issue)),
  }) as unknown as Resolver<V, unknown, z.output<S>>;
  return async (values, context, options) => {
    const result = await base(values, context, options);
    const errors = result.errors as Record<string, { type: string; message?: string }>;
    for (const [field, error] of Object.entries(errors)) {
      const o = overrides[field as keyof V & string]?.[error.type];
      if (o) error.message = text(typeof o === 'function' ? o(values) : o);
      // A refinement's own message is the server's bilingual sentence: ours instead.
      else if (error.type === 'custom') error.message = text({ key: 'validation.server' });
    }
    return result;
  };
}
