// A button that runs one call through a form's submit state: disabled and
// relabelled while the call runs, its failure shown by the form's FormError.
import type { ReactNode } from 'react';
import type { Submit } from './useSubmit';

interface RunButtonProps {
  submit: Submit;
  run(): Promise<unknown>;
  /** The text while the call runs. */
  running: string;
  primary?: boolean;
  children: ReactNode;
}

export function RunButton({ submit, run, running, primary = false, children }: RunButtonProps) {
  return (
    <button type="button" className={primary ? 'button button-primary' : 'button'} disabled={submit.busy} onClick={() => void submit.run(run)}>
      {submit.busy ? running : children}
    </button>
  );
}
