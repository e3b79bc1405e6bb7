import { useEffect, useId, useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

/** What Tab cycles through inside a dialog; a list's options (tabIndex -1) are reached by arrows instead. */
const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), [tabindex="0"]';

interface ModalDialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  className?: string;
  backdropClassName?: string;
  /** Where focus starts; the dialog's first control otherwise. */
  initialFocus?: string;
  /** Whether a press on the backdrop closes it; a question waiting for an answer does not. */
  closeOnBackdrop?: boolean;
  /** While set, Escape does not close it (an answer is being carried out). */
  busy?: boolean;
  /** The id of the element that says what the dialog is about. */
  describedBy?: string;
  /** Wraps the title, e.g. to put a Close button beside it. */
  renderTitle?(heading: ReactNode): ReactNode;
  /** A key the dialog answers besides Escape and Tab; returns whether it handled it. */
  onKey?(event: KeyboardEvent<HTMLDivElement>): boolean;
}

/**
 * A modal window over the page: focus moves in and stays inside, Escape
 * closes it, and focus goes back to where it was.
 */
export function ModalDialog({
  title,
  onClose,
  children,
  className,
  backdropClassName,
  initialFocus,
  closeOnBackdrop = true,
  busy = false,
  describedBy,
  renderTitle,
  onKey,
}: ModalDialogProps) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialogRef.current?.querySelector<HTMLElement>(initialFocus ?? FOCUSABLE)?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, [initialFocus]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape' && !busy) {
      event.preventDefault();
      onClose();
      return;
    }
    if (onKey?.(event)) return;
    if (event.key !== 'Tab' || !dialogRef.current) return;
    const focusable = [...dialogRef.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((element) => element.tabIndex >= 0);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const heading = <h2 id={titleId}>{title}</h2>;
  return (
    <div
      className={['dialog-backdrop', backdropClassName].filter(Boolean).join(' ')}
      onMouseDown={closeOnBackdrop ? (event) => event.target === event.currentTarget && onClose() : undefined}
    >
      <div
        ref={dialogRef}
        className={['dialog', className].filter(Boolean).join(' ')}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        onKeyDown={onKeyDown}
      >
        {renderTitle ? renderTitle(heading) : heading}
        {children}
      </div>
    </div>
  );
}
