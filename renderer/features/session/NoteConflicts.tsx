import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { SyncConflictView } from '../../../shared/domain/sync';
import { formatDateTime } from '../../components/format';
import { useStores } from '../../stores/StoresContext';
import { SyncConflictsDialog } from '../settings/SyncConflictsDialog';

function noticeText(conflict: SyncConflictView): string {
  const computer = conflict.deviceName ?? 'another computer';
  const when = formatDateTime(conflict.savedAt);
  return conflict.suggestion
    ? `${computer} changed this note while it was being signed (saved there ${when}). That text is kept aside: it can become an addendum, or be discarded.`
    : `This note was also edited on ${computer} before the two computers synced (saved there ${when}). Both versions are kept until you choose.`;
}

/**
 * The note's sync conflicts, above the editor or the signed note: what
 * happened, and a button that opens the conflict with both texts. What was
 * typed is saved first, so the conflict shows it as the text in the record.
 */
export function NoteConflicts() {
  const { session } = useStores();
  const conflicts = useStore(session, (state) => state.conflicts);
  const [reviewing, setReviewing] = useState<string | null>(null);
  const regionRef = useRef<HTMLDivElement>(null);

  const review = async (id: string) => {
    await session.getState().flush();
    setReviewing(id);
  };
  // The notice may be gone once resolved: focus stays in the note, never on the page behind.
  const close = useCallback(() => {
    setReviewing(null);
    requestAnimationFrame(() => {
      if (regionRef.current?.contains(document.activeElement)) return;
      const note = regionRef.current?.closest('.progress-note');
      (note?.querySelector<HTMLElement>('textarea[data-field]') ?? note?.querySelector<HTMLElement>('button'))?.focus();
    });
  }, []);

  return (
    <div ref={regionRef}>
      {conflicts.map((conflict) => (
        <div key={conflict.id} className="form-warning sync-conflicts-line note-conflict">
          <p>{noticeText(conflict)}</p>
          <button type="button" className="button" aria-haspopup="dialog" onClick={() => void review(conflict.id)}>
            Review the conflict
          </button>
        </div>
      ))}
      {reviewing ? <SyncConflictsDialog conflictId={reviewing} onClose={close} /> : null}
    </div>
  );
}
