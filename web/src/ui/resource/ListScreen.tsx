/**
 * The skeleton every list-and-editor screen shares (react-admin's `<List>`): the page title
 * with its main action, an introduction, the line announcing what was saved, errors of
 * writes made from the list, the open editor, the filters, then the list itself once its
 * data is there (loading and load errors handled here, with a retry).
 */
import type { ReactNode } from 'react';
import type { ApiError } from '../../api/client.ts';
import { Page } from '../../app/Page.tsx';
import { ErrorAlert, Loading } from '../feedback.tsx';
import { Saved } from './parts.tsx';

export function ListScreen<T>({
  title,
  intro,
  actions,
  saved,
  errors = [],
  editor,
  filters,
  data,
  error,
  onRetry,
  empty,
  isEmpty,
  children,
}: {
  title: string;
  intro?: string;
  /** Beside the title: usually the "add" button. */
  actions?: ReactNode;
  saved: string | null;
  /** Errors of writes started from the list (deactivate, delete…). */
  errors?: readonly (ApiError | null | undefined)[];
  /** The open editor, above the list. */
  editor?: ReactNode;
  filters?: ReactNode;
  /** The list's data; undefined while it loads. */
  data: T | undefined;
  error: ApiError | undefined;
  onRetry: () => void;
  /** Shown instead of the list when `isEmpty(data)`. */
  empty?: string;
  isEmpty?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  return (
    <Page title={title} actions={actions}>
      {intro ? <p className="muted page-intro">{intro}</p> : null}
      <Saved text={saved} />
      {errors.map((e, i) => (e ? <ErrorAlert key={i} error={e} /> : null))}
      {editor}
      {filters}
      <ErrorAlert error={error} onRetry={onRetry} />
      {data === undefined ? (
        error ? null : (
          <Loading />
        )
      ) : empty && isEmpty?.(data) ? (
        <p className="muted empty">{empty}</p>
      ) : (
        children(data)
      )}
    </Page>
  );
}

/** The screen's main action beside its title (e.g. "Thêm người dùng"). */
export function AddButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="btn btn-primary" onClick={onClick}>
      {label}
    </button>
  );
}
