// The way back from a record's screen: each step a link-styled button to a
// screen above it, in the order they nest.
import { Fragment } from 'react';
import type { ReactNode } from 'react';

export interface Crumb {
  label: ReactNode;
  onGo(): void;
}

export function Breadcrumb({ trail }: { trail: Crumb[] }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumb">
      {trail.map((crumb, index) => (
        <Fragment key={index}>
          {index > 0 ? <span aria-hidden="true"> › </span> : null}
          <button type="button" className="link-button" onClick={crumb.onGo}>
            {crumb.label}
          </button>
        </Fragment>
      ))}
    </nav>
  );
}
