/**
 * A list as an accessible table, driven by TanStack Table (headless: it turns rows and column
 * definitions into header and row models; the markup, styles and keyboard behaviour are ours)
 * and, past `virtualizeFrom` rows, TanStack Virtual: only the rows near the viewport are in
 * the page, between two spacer rows, while `aria-rowcount`/`aria-rowindex` tell assistive
 * technology the full size. The window scrolls (no inner scroll box): at 1366×768 a second
 * scroll bar inside the page costs more than it gives.
 */
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { HTMLAttributes, ReactNode } from 'react';
import { createColumnHelper, tableFeatures, useTable } from '@tanstack/react-table';
import type { Row, RowData } from '@tanstack/react-table';
import { useWindowVirtualizer } from '@tanstack/react-virtual';

export interface Column<T> {
  id: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The cell that names the row (`<th scope="row">`). */
  rowHeader?: boolean;
  className?: string;
}

const features = tableFeatures({});
type Features = typeof features;

/** Extra attributes of a row, e.g. `data-user` for tests and `is-off` for inactive ones. */
export type RowAttributes = HTMLAttributes<HTMLTableRowElement> & Record<`data-${string}`, string>;

export function DataTable<T extends RowData>({
  rows,
  columns,
  rowKey,
  rowProps,
  caption,
  virtualizeFrom = 100,
  estimateRowHeight = 58,
  className,
}: {
  rows: readonly T[];
  /** Keep it stable (module scope or useMemo): a new array rebuilds the table's models. */
  columns: readonly Column<T>[];
  rowKey: (row: T) => string;
  rowProps?: (row: T) => RowAttributes;
  caption: string;
  virtualizeFrom?: number;
  estimateRowHeight?: number;
  className?: string;
}) {
  const defs = useMemo(() => {
    const helper = createColumnHelper<Features, T>();
    return columns.map((c) =>
      helper.display({
        id: c.id,
        header: c.header,
        cell: ({ row }) => c.cell(row.original),
      }),
    );
  }, [columns]);
  const data = useMemo(() => [...rows], [rows]);
  const table = useTable({
    features,
    columns: defs,
    data,
    getRowId: (row: T) => rowKey(row),
  });
  const model = table.getRowModel().rows;
  const byId = useMemo(() => new Map(columns.map((c) => [c.id, c])), [columns]);
  const virtual = model.length >= virtualizeFrom;

  const renderRow = (
    row: Row<Features, T>,
    index: number,
    measure?: (el: Element | null) => void,
  ) => (
    <tr
      key={row.id}
      {...rowProps?.(row.original)}
      ref={measure}
      data-index={measure ? index : undefined}
      aria-rowindex={virtual ? index + 2 : undefined}
    >
      {row.getAllCells().map((cell) => {
        const c = byId.get(cell.column.id);
        const body = <table.FlexRender cell={cell} />;
        return c?.rowHeader ? (
          <th key={cell.id} scope="row" className={c.className}>
            {body}
          </th>
        ) : (
          <td key={cell.id} className={c?.className}>
            {body}
          </td>
        );
      })}
    </tr>
  );

  return (
    <div className="table-wrap">
      <table
        className={className ? `table ${className}` : 'table'}
        aria-rowcount={virtual ? model.length + 1 : undefined}
      >
        <caption className="sr-only">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={virtual ? 1 : undefined}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  <table.FlexRender header={header} />
                </th>
              ))}
            </tr>
          ))}
        </thead>
        {virtual ? (
          <VirtualBody
            rows={model}
            estimate={estimateRowHeight}
            columns={columns.length}
            render={renderRow}
          />
        ) : (
          <tbody>{model.map((row, i) => renderRow(row, i))}</tbody>
        )}
      </table>
    </div>
  );
}

/** The rows near the viewport, between spacers as tall as the rows left out. */
function VirtualBody<T extends RowData>({
  rows,
  estimate,
  columns,
  render,
}: {
  rows: readonly Row<Features, T>[];
  estimate: number;
  columns: number;
  render: (
    row: Row<Features, T>,
    index: number,
    measure: (el: Element | null) => void,
  ) => ReactNode;
}) {
  const body = useRef<HTMLTableSectionElement>(null);
  // Where the body starts in the page: it moves when an editor opens above the list, which
  // also changes the page's height, so a resize of the body is when to measure again.
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const top = (body.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
      setMargin(Math.round(top));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);
  const v = useWindowVirtualizer({
    count: rows.length,
    estimateSize: () => estimate,
    overscan: 8,
    scrollMargin: margin,
    getItemKey: (i) => rows[i]!.id,
  });
  const items = v.getVirtualItems();
  const first = items[0];
  const last = items[items.length - 1];
  const before = first ? first.start - margin : 0;
  const after = last ? v.getTotalSize() - (last.end - margin) : 0;
  return (
    <tbody ref={body}>
      {before > 0 ? (
        <tr aria-hidden="true" className="spacer">
          <td colSpan={columns} style={{ height: before, padding: 0, border: 0 }} />
        </tr>
      ) : null}
      {items.map((item) => render(rows[item.index]!, item.index, v.measureElement))}
      {after > 0 ? (
        <tr aria-hidden="true" className="spacer">
          <td colSpan={columns} style={{ height: after, padding: 0, border: 0 }} />
        </tr>
      ) : null}
    </tbody>
  );
}
