import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import type { SyncConflictChoice, SyncConflictDetail, SyncConflictKind, SyncConflictView } from '../../../shared/domain/sync';
import { FormError } from '../../components/FormError';
import { formatDate, formatDateTime } from '../../components/format';
import { ModalDialog } from '../../components/ModalDialog';
import { selectConflictReview } from '../../stores/syncStore';
import { useStores } from '../../stores/StoresContext';
import { planConflictParts } from './planConflictParts';

const KIND_LABELS: Record<SyncConflictKind, string> = {
  progressNote: 'Progress note',
  psychotherapyNote: 'Psychotherapy note',
  treatmentPlan: 'Treatment plan',
};

function computerOf(conflict: SyncConflictView): string {
  return conflict.deviceName ?? 'another computer';
}

/** "Progress note, Dana Whitfield, session of Nov 30, 2026": what the other lists already show of it. */
export function conflictTitle(conflict: SyncConflictView): string {
  const parts = [KIND_LABELS[conflict.kind], conflict.clientName ?? 'a client not synced yet'];
  if (conflict.sessionDate) parts.push(`session of ${formatDate(conflict.sessionDate)}`);
  return parts.join(', ');
}

function choiceLabel(choice: SyncConflictChoice, conflict: SyncConflictView): string {
  const other = computerOf(conflict);
  if (conflict.suggestion) return choice === 'keepBoth' ? `Add the text from ${other} as an addendum` : `Discard the text from ${other}`;
  const what = conflict.kind === 'treatmentPlan' ? 'plan' : 'text';
  if (choice === 'keepThis') return `Keep the ${what} now in the record`;
  if (choice === 'keepOther') return `Use the ${what} from ${other}`;
  return `Keep both: add the text from ${other} after it`;
}

function ConflictList({ list, onOpen }: { list: SyncConflictView[]; onOpen(id: string): void }) {
  if (list.length === 0) return <p>No conflicts are left to review.</p>;
  return (
    <ul className="sync-conflicts">
      {list.map((conflict) => (
        <li key={conflict.id}>
          <div>
            <strong>{conflictTitle(conflict)}</strong>
            <span className="field-hint">
              {conflict.suggestion ? 'Edited while the note was being signed on another computer' : 'Edited on two computers'}; the other version was saved
              on {computerOf(conflict)} on {formatDateTime(conflict.savedAt)}
            </span>
          </div>
          <button type="button" className="button" onClick={() => onOpen(conflict.id)} aria-label={`Review ${conflictTitle(conflict)}`}>
            Review
          </button>
        </li>
      ))}
    </ul>
  );
}

/** A note's sections, or a treatment plan's fields; a part alike in both versions is shown once. */
function ConflictTexts({ conflict }: { conflict: SyncConflictDetail }) {
  const other = `Saved on ${computerOf(conflict)}, ${formatDateTime(conflict.savedAt)}`;
  const parts = conflict.plans ? planConflictParts(conflict.plans) : conflict.parts;
  return (
    <div className="sync-conflict-texts">
      {parts.map((part) => (
        <section key={part.label} aria-label={part.label}>
          <h4>{part.label}</h4>
          {part.thisText === part.otherText ? (
            <div className="sync-conflict-pair">
              <figure className="sync-conflict-same">
                <figcaption>The same in both versions</figcaption>
                <p>{part.thisText}</p>
              </figure>
            </div>
          ) : (
            <div className="sync-conflict-pair">
              <figure>
                <figcaption>{conflict.suggestion ? 'In the signed note' : 'In the record now'}</figcaption>
                <p>{part.thisText || '(empty)'}</p>
              </figure>
              <figure>
                <figcaption>{other}</figcaption>
                <p>{part.otherText || '(empty)'}</p>
              </figure>
            </div>
          )}
        </section>
      ))}
    </div>
  );
}

function OpenedConflict({ conflict, busy, onBack }: { conflict: SyncConflictDetail; busy: boolean; onBack?: () => void }) {
  const { sync } = useStores();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => headingRef.current?.focus(), [conflict.id]);
  return (
    <div className="dialog-body">
      <h3 ref={headingRef} tabIndex={-1}>
        {conflictTitle(conflict)}
      </h3>
      <p>
        {conflict.suggestion
          ? `The note was signed on one computer while ${computerOf(conflict)} still had it as a draft. The signed note stays as it is; the other text can become a dated addendum.`
          : 'This was edited on two computers before they had synced. Both versions are kept until you choose.'}
      </p>
      <ConflictTexts conflict={conflict} />
      <div className="dialog-actions sync-conflict-choices">
        <button type="button" className="button" disabled={busy} onClick={onBack ?? (() => sync.getState().closeConflict())}>
          {onBack ? 'Back to the note' : 'Back to the list'}
        </button>
        {conflict.choices.map((choice) => (
          <button
            key={choice}
            type="button"
            className={choice === 'keepBoth' ? 'button button-primary' : 'button'}
            disabled={busy}
            onClick={() => void sync.getState().resolveConflict(choice)}
          >
            {choiceLabel(choice, conflict)}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * The conflicts sync kept, one at a time: the list names them, opening one
 * shows both texts. Given `conflictId` (from the note editor), it opens that
 * one alone and closes once it is resolved.
 */
export function SyncConflictsDialog({ onClose, conflictId }: { onClose(): void; conflictId?: string }) {
  const { sync } = useStores();
  const review = useStore(sync, selectConflictReview);
  const listRef = useRef<HTMLDivElement>(null);
  const showingList = review.opened === null && review.list !== null && conflictId === undefined;

  // The list again, after one was resolved or left: focus goes to the first still open, or to Close, never to the page behind.
  useEffect(() => {
    if (showingList) listRef.current?.querySelector('button')?.focus();
  }, [showingList, review.list]);

  useEffect(() => {
    if (conflictId === undefined) void sync.getState().loadConflicts();
    else void sync.getState().openConflict(conflictId);
    return () => sync.getState().closeConflicts();
  }, [sync, conflictId]);

  // Opened from the editor: once its conflict is resolved, back to the note.
  const resolvedHere = conflictId !== undefined && review.opened === null && review.list !== null;
  useEffect(() => {
    if (resolvedHere) onClose();
  }, [resolvedHere, onClose]);

  return (
    <ModalDialog
      title="Conflicts to review"
      onClose={onClose}
      className="sync-conflicts-dialog"
      busy={review.busy}
      closeOnBackdrop={false}
    >
      <FormError message={review.failure} />
      {review.opened ? (
        <OpenedConflict conflict={review.opened} busy={review.busy} onBack={conflictId === undefined ? undefined : onClose} />
      ) : conflictId !== undefined ? (
        <div className="dialog-body">
          {review.failure ? null : <p>Loading…</p>}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Back to the note
            </button>
          </div>
        </div>
      ) : (
        <div className="dialog-body" ref={listRef}>
          {review.list ? <ConflictList list={review.list} onOpen={(id) => void sync.getState().openConflict(id)} /> : <p>Loading…</p>}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Close
            </button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
