import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * The screen's h1. It takes focus when a screen opens, so keyboard and
 * screen-reader users start at the top of the new screen, not on a button
 * that no longer exists.
 */
export function PageHeading({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children}
    </h1>
  );
}
