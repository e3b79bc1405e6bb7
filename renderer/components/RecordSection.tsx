// A section of a client's page that lists records and adds one: its heading,
// the button that opens the form (hidden while the form is open), then what
// the caller puts below; and the list, or a line saying it is empty.
import { useMemo, useState } from 'react';
import type { ReactNode } from 'react';

interface RecordSectionProps {
  /** The heading's id is `${id}-heading`; the section is labelled by it. */
  id: string;
  title: string;
  /** The button that opens the form; it is hidden while `adding`. */
  add: string;
  adding: boolean;
  onAdd(): void;
  primary?: boolean;
  children: ReactNode;
}

export function RecordSection({ id, title, add, adding, onAdd, primary = false, children }: RecordSectionProps) {
  return (
    <section className="section" aria-labelledby={`${id}-heading`}>
      <div className="section-header">
        <h2 id={`${id}-heading`}>{title}</h2>
        {!adding ? (
          <button type="button" className={primary ? 'button button-primary' : 'button'} onClick={onAdd}>
            {add}
          </button>
        ) : null}
      </div>
      {children}
    </section>
  );
}

interface RecordListProps<Item> {
  items: Item[];
  /** The list's accessible name. */
  label: string;
  className: string;
  empty: string;
  emptyClassName?: string;
  /** Each item's list element, with its key. */
  children(item: Item): ReactNode;
}

export function RecordList<Item>({ items, label, className, empty, emptyClassName = 'field-hint', children }: RecordListProps<Item>) {
  return items.length === 0 ? (
    <p className={emptyClassName}>{empty}</p>
  ) : (
    <ul className={className} aria-label={label}>
      {items.map(children)}
    </ul>
  );
}

/** Whether a section's form is open; `closeAfter` closes it once what the form saved succeeded. */
export function useOpenForm(initiallyOpen = false) {
  const [open, setOpen] = useState(initiallyOpen);
  const actions = useMemo(
    () => ({
      show: () => setOpen(true),
      hide: () => setOpen(false),
      closeAfter:
        <Args extends unknown[]>(save: (...args: Args) => Promise<unknown>) =>
        async (...args: Args) => {
          await save(...args);
          setOpen(false);
        },
    }),
    [],
  );
  return { open, ...actions };
}
