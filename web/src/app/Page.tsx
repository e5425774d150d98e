import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * One screen: sets the document title and moves focus to its heading, so that after an in-app
 * navigation screen readers announce the new screen and Tab starts from the top of it.
 */
export function Page({
  title,
  actions,
  children,
  focusHeading = true,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  focusHeading?: boolean;
}) {
  const h1 = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · 1022`;
  }, [title]);
  useEffect(() => {
    if (focusHeading) h1.current?.focus({ preventScroll: true });
    // Only on mount: a live update must never steal focus.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <>
      <div className="page-head">
        <h1 ref={h1} tabIndex={-1}>
          {title}
        </h1>
        {actions ? <div className="page-actions">{actions}</div> : null}
      </div>
      {children}
    </>
  );
}
