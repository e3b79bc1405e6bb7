import { useCallback, useRef } from 'react';
import { useStore } from 'zustand';
import { useStores } from '../../stores/StoresContext';
import { ConflictNotices } from '../settings/ConflictNotices';

/** The progress note's sync conflicts, above the editor or the signed note. */
export function NoteConflicts() {
  const { session } = useStores();
  const conflicts = useStore(session, (state) => state.conflicts);
  const ref = useRef<HTMLDivElement>(null);
  const focusAfter = useCallback(() => {
    const note = ref.current?.closest('.progress-note');
    return note?.querySelector<HTMLElement>('textarea[data-field]') ?? note?.querySelector<HTMLElement>('button') ?? null;
  }, []);
  return (
    <div ref={ref}>
      <ConflictNotices conflicts={conflicts} record="This note" beforeReview={() => session.getState().flush()} focusAfter={focusAfter} />
    </div>
  );
}
