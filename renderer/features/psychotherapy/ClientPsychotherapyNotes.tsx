import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { describeError } from '../../api/errorText';
import { FormError } from '../../components/FormError';
import { formatDate } from '../../components/format';
import { selectClientNotes, selectIsOpen } from '../../stores/psychotherapyStore';
import { useStores } from '../../stores/StoresContext';
import { OpenForm, RelockBar } from './PsychotherapyPanel';
import { PsychotherapySection } from './PsychotherapySection';
import { ReleaseDialog } from './ReleaseDialog';

function NoteList({ clientId, onOpenSession }: { clientId: string; onOpenSession(sessionId: string): void }) {
  const { psychotherapy } = useStores();
  const clientNotes = useStore(psychotherapy, selectClientNotes);
  const [failure, setFailure] = useState<string | null>(null);
  const notes = clientNotes?.clientId === clientId ? clientNotes.notes : null;

  useEffect(() => {
    setFailure(null);
    psychotherapy
      .getState()
      .loadClient(clientId)
      .catch((error: unknown) => setFailure(describeError(error)));
  }, [psychotherapy, clientId]);

  if (failure) return <FormError message={failure} />;
  if (!notes) return <p className="field-hint">Loading…</p>;
  if (notes.length === 0) return <p className="field-hint">No psychotherapy notes for this client.</p>;
  return (
    <ol className="client-psychotherapy-notes" aria-label="Psychotherapy notes of this client">
      {notes.map((note) => (
        <li key={note.id} className="client-psychotherapy-note">
          <article aria-labelledby={`pn-${note.id}`}>
            <div className="section-header">
              <h3 id={`pn-${note.id}`}>
                Session on {formatDate(note.sessionDate)}, {note.sessionStartTime}
              </h3>
              <button type="button" className="link-button" onClick={() => onOpenSession(note.sessionId)}>
                Go to session<span className="visually-hidden"> on {formatDate(note.sessionDate)}</span>
              </button>
            </div>
            <p className="psychotherapy-text">{note.text || <em>Empty note</em>}</p>
          </article>
        </li>
      ))}
    </ol>
  );
}

/**
 * The client page's view of that client's psychotherapy notes, every session
 * at once. Shown only while the compartment is open and only on request, so
 * the client page does not put process notes on screen by itself.
 */
export function ClientPsychotherapyNotes({ clientId, onOpenSession }: { clientId: string; onOpenSession(sessionId: string): void }) {
  const { psychotherapy } = useStores();
  const open = useStore(psychotherapy, selectIsOpen);
  const [asking, setAsking] = useState(false);
  const [shown, setShown] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const [releaseFailure, setReleaseFailure] = useState<string | null>(null);
  const clientNotes = useStore(psychotherapy, selectClientNotes);
  const notes = clientNotes?.clientId === clientId ? clientNotes.notes : null;
  const listId = useId();

  useEffect(() => {
    if (!open) {
      setShown(false);
      setReleasing(false);
    }
  }, [open]);

  return (
    <PsychotherapySection intro="Every psychotherapy note of this client, newest session first. Never part of an export: they leave only through a release of their own.">
      {open ? (
        <div className="stack">
          <RelockBar />
          <div className="actions">
            <button
              type="button"
              className="button button-psychotherapy"
              aria-expanded={shown}
              aria-controls={listId}
              onClick={() => setShown(!shown)}
            >
              {shown ? 'Hide psychotherapy notes' : 'Show psychotherapy notes'}
            </button>
            <button
              type="button"
              className="button"
              aria-haspopup="dialog"
              onClick={() => {
                setReleaseFailure(null);
                psychotherapy
                  .getState()
                  .loadClient(clientId)
                  .then(() => setReleasing(true))
                  .catch((error: unknown) => setReleaseFailure(describeError(error)));
              }}
            >
              Release psychotherapy notes…
            </button>
          </div>
          <FormError message={releaseFailure} />
          {releasing && notes ? <ReleaseDialog clientId={clientId} notes={notes} onClose={() => setReleasing(false)} /> : null}
          <div id={listId}>{shown ? <NoteList clientId={clientId} onOpenSession={onOpenSession} /> : null}</div>
        </div>
      ) : asking ? (
        <OpenForm
          onCancel={() => setAsking(false)}
          onOpened={() => {
            setAsking(false);
            setShown(true);
          }}
        />
      ) : (
        <div className="actions">
          <button type="button" className="button button-psychotherapy" onClick={() => setAsking(true)}>
            Open psychotherapy notes…
          </button>
        </div>
      )}
    </PsychotherapySection>
  );
}
