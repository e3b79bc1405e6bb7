import { useCallback, useRef, useState } from 'react';
import type { SyncConflictView } from '../../../shared/domain/sync';
import { formatDateTime } from '../../components/format';
import { SyncConflictsDialog } from './SyncConflictsDialog';

/** What happened to the record, in the words of the place it is edited ("This note", "This psychotherapy note"). */
export function conflictNotice(conflict: SyncConflictView, record: string): string {
  const computer = conflict.deviceName ?? 'another computer';
  const when = formatDateTime(conflict.savedAt);
  return conflict.suggestion
    ? `${computer} changed ${record.toLowerCase()} while it was being signed (saved there ${when}). That text is kept aside: it can become an addendum, or be discarded.`
    : `${record} was also edited on ${computer} before the two computers synced (saved there ${when}). Both versions are kept until you choose.`;
}

/**
 * A record's sync conflicts where it is edited: what happened, and a button
 * that opens that conflict alone in the conflicts dialog. `beforeReview`
 * saves what was typed, so the conflict shows it as the text in the record.
 * Once a conflict is resolved its notice is gone, and focus goes to
 * `focusAfter` rather than to the page behind.
 */
export function ConflictNotices({
  conflicts,
  record,
  beforeReview,
  focusAfter,
}: {
  conflicts: SyncConflictView[];
  record: string;
  beforeReview(): Promise<void>;
  focusAfter(): HTMLElement | null;
}) {
  const [reviewing, setReviewing] = useState<string | null>(null);
  const regionRef = useRef<HTMLDivElement>(null);

  const review = async (id: string) => {
    await beforeReview();
    setReviewing(id);
  };
  const close = useCallback(() => {
    setReviewing(null);
    requestAnimationFrame(() => {
      if (!regionRef.current?.contains(document.activeElement)) focusAfter()?.focus();
    });
  }, [focusAfter]);

  return (
    <div ref={regionRef}>
      {conflicts.map((conflict) => (
        <div key={conflict.id} className="form-warning sync-conflicts-line note-conflict">
          <p>{conflictNotice(conflict, record)}</p>
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => void review(conflict.id)}>
            Review the conflict
          </button>
        </div>
      ))}
      {reviewing ? <SyncConflictsDialog conflictId={reviewing} onClose={close} /> : null}
    </div>
  );
}
