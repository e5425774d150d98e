/** WAI-ARIA tabs: arrow keys move between tabs, the panel follows the selected one. */
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

export interface TabItem {
  id: string;
  label: ReactNode;
}

export function Tabs({
  items,
  selected,
  onSelect,
  label,
  idPrefix,
}: {
  items: readonly TabItem[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  function onKey(e: KeyboardEvent) {
    const i = items.findIndex((x) => x.id === selected);
    let j = -1;
    if (e.key === 'ArrowRight') j = (i + 1) % items.length;
    else if (e.key === 'ArrowLeft') j = (i - 1 + items.length) % items.length;
    else if (e.key === 'Home') j = 0;
    else if (e.key === 'End') j = items.length - 1;
    if (j < 0) return;
    e.preventDefault();
    const next = items[j]!;
    onSelect(next.id);
    refs.current[next.id]?.focus();
  }
  return (
    <div role="tablist" aria-label={label} className="tabs" onKeyDown={onKey}>
      {items.map((it) => (
        <button
          key={it.id}
          ref={(el) => {
            refs.current[it.id] = el;
          }}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${it.id}`}
          aria-selected={it.id === selected}
          aria-controls={`${idPrefix}-panel`}
          tabIndex={it.id === selected ? 0 : -1}
          className="tab"
          onClick={() => onSelect(it.id)}
        >
          {it.label}
        </button>
      ))}
    </div>
  );
}
