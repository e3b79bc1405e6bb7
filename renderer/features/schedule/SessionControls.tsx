import { useState } from 'react';
import { useStore } from 'zustand';
import { SESSION_STATUS_LABELS } from '../../../shared/domain/sessionStatusLabels';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatDate } from '../../components/format';
import { useSubmit } from '../../components/useSubmit';
import { selectIsSigned } from '../../stores/sessionStore';
import { useStores } from '../../stores/StoresContext';
import { SessionForm } from './SessionForm';

/**
 * The session's status, and changing or deleting the session itself: edits
 * until its progress note is signed, deletion while it has no note (main
 * also refuses while psychotherapy notes exist, which this window cannot see
 * with that compartment closed).
 */
export function SessionControls({ clientId }: { clientId: string }) {
  const { session: sessionStore, navigation } = useStores();
  const session = useStore(sessionStore, (state) => state.session);
  const hasNote = useStore(sessionStore, (state) => state.note !== null);
  const signed = useStore(sessionStore, selectIsSigned);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const remove = useSubmit();

  if (!session) return null;

  const confirmDelete = async () => {
    const ok = await remove.run(() => sessionStore.getState().removeSession());
    if (ok) navigation.getState().go({ screen: 'client', clientId });
  };

  return (
    <div className="stack">
      <div className="actions">
        <span className="badge">{SESSION_STATUS_LABELS[session.status]}</span>
        {signed ? (
          <span className="field-hint">The note is signed, so this session can no longer change. Corrections go in an addendum.</span>
        ) : !editing ? (
          <>
            <button type="button" className="button" onClick={() => setEditing(true)}>
              Edit session
            </button>
            {!hasNote ? (
              <button type="button" className="button button-danger" onClick={() => setDeleting(true)}>
                Delete session
              </button>
            ) : null}
          </>
        ) : null}
      </div>
      {editing && !signed ? (
        <SessionForm
          title="Edit session"
          submitLabel="Save session"
          withStatus
          sessionId={session.id}
          initial={session}
          onCancel={() => setEditing(false)}
          onSubmit={async (values) => {
            await sessionStore.getState().saveSession(values);
            setEditing(false);
          }}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete this session?"
          confirmLabel="Delete session"
          danger
          submit={remove}
          onConfirm={() => void confirmDelete()}
          onCancel={() => setDeleting(false)}
        >
          <p>
            The session on {formatDate(session.date)} at {session.startTime} will be removed. This is recorded in the audit
            log and cannot be undone.
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
