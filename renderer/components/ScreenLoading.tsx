// A screen whose record has not arrived yet: the way back stays usable while
// it loads, and says why when it did not.
import type { ReactNode } from 'react';
import { FormError } from './FormError';

export function ScreenLoading({ breadcrumb, loadError }: { breadcrumb: ReactNode; loadError: string | null }) {
  return (
    <div className="screen">
      {breadcrumb}
      {loadError ? <FormError message={loadError} /> : <p role="status">Loading…</p>}
    </div>
  );
}
