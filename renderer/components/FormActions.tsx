// A form's buttons: submit, disabled while the form is busy, and the way out
// of it. Extra content (a status line, other buttons) follows them.
import type { ReactNode } from 'react';

interface FormActionsProps {
  submit: string;
  /** The submit button's text while busy; the same text when not given. */
  submitting?: string;
  busy: boolean;
  /** Keeps the submit button disabled while there is nothing to send yet. */
  blocked?: boolean;
  psychotherapy?: boolean;
  onCancel?(): void;
  cancel?: string;
  children?: ReactNode;
}

export function FormActions(props: FormActionsProps) {
  const { submit, submitting = submit, busy, blocked = false, psychotherapy = false, onCancel, cancel = 'Cancel', children } = props;
  return (
    <div className="actions">
      <button type="submit" className={psychotherapy ? 'button button-psychotherapy' : 'button button-primary'} disabled={busy || blocked}>
        {busy ? submitting : submit}
      </button>
      {onCancel ? (
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          {cancel}
        </button>
      ) : null}
      {children}
    </div>
  );
}
