import { useId } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { FormError } from './FormError';
import { ModalDialog } from './ModalDialog';
import type { Submit } from './useSubmit';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
  error?: string | null;
  /** The state of the call confirming runs; its busy flag and failure stand for `busy` and `error`. */
  submit?: Pick<Submit, 'busy' | 'failure'>;
  danger?: boolean;
  /** Ctrl/Cmd+Enter confirms too: the second press of the shortcut that opened the question. */
  confirmWithShortcut?: boolean;
}

/**
 * A modal question. Focus starts on Cancel (the safe answer), stays inside
 * while it is open, Escape cancels, and focus goes back where it was.
 */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, onConfirm, onCancel, submit, danger, confirmWithShortcut } = props;
  const { busy = submit?.busy, error = submit?.failure } = props;
  const bodyId = useId();

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!confirmWithShortcut || event.key !== 'Enter' || !(event.ctrlKey || event.metaKey) || busy) return false;
    event.preventDefault();
    onConfirm();
    return true;
  };

  return (
    <ModalDialog
      title={title}
      onClose={onCancel}
      initialFocus=".dialog-actions > button"
      closeOnBackdrop={false}
      busy={busy}
      describedBy={bodyId}
      onKey={onKey}
    >
      <div id={bodyId} className="dialog-body">
        {children}
      </div>
      <FormError message={error} />
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        <button type="button" className={danger ? 'button button-danger' : 'button button-primary'} onClick={onConfirm} disabled={busy}>
          {confirmLabel}
        </button>
      </div>
    </ModalDialog>
  );
}
