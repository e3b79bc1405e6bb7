import { useEffect, useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useStore } from 'zustand';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { bindValue, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatCountdown, formatDateTime } from '../../components/format';
import { useNow } from '../../components/useNow';
import { useSubmit } from '../../components/useSubmit';
import { selectIsOpen, selectRelockAt } from '../../stores/psychotherapyStore';
import { useStores } from '../../stores/StoresContext';
import { SaveStatus } from '../session/SaveStatus';

function OpenForm({ sessionId, onCancel }: { sessionId: string; onCancel(): void }) {
  const { psychotherapy } = useStores();
  const [passphrase, setPassphrase] = useState('');
  const submit = useSubmit();

  const open = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase) return;
    if (!(await submit.run(() => psychotherapy.getState().open(sessionId, passphrase)))) setPassphrase('');
  };

  return (
    <form className="stack" onSubmit={open} noValidate>
      <TextField
        label="Psychotherapy passphrase"
        type="password"
        autoComplete="current-password"
        autoFocus
        {...bindValue(passphrase, setPassphrase)}
        error={submit.failure}
        required
      />
      <FormActions submit="Open" submitting="Opening…" busy={submit.busy} blocked={!passphrase} psychotherapy onCancel={onCancel} />
    </form>
  );
}

function focusLast(container: HTMLElement | null, selector: string): void {
  const matches = container?.querySelectorAll<HTMLElement>(selector);
  matches?.[matches.length - 1]?.focus();
}

function OpenPanel() {
  const { psychotherapy } = useStores();
  const containerRef = useRef<HTMLDivElement>(null);
  const drafts = useStore(psychotherapy, (state) => state.drafts);
  const relockAt = useStore(psychotherapy, selectRelockAt);
  const now = useNow(relockAt !== null);
  const [removing, setRemoving] = useState<string | null>(null);
  const { failure, run } = useSubmit();

  useEffect(() => {
    const first = containerRef.current?.querySelector<HTMLElement>('textarea, .add-psychotherapy-note');
    first?.focus();
  }, []);

  const addNote = async () => {
    await run(() => psychotherapy.getState().addNote());
    focusLast(containerRef.current, 'textarea');
  };

  return (
    <div className="stack" ref={containerRef}>
      <div className="psychotherapy-bar">
        <p className="relock" role="timer" aria-live="off">
          {relockAt !== null ? `Relocks in ${formatCountdown(relockAt - now)} without activity` : 'Open'}
        </p>
        <button type="button" className="button" onClick={() => void run(() => psychotherapy.getState().close())}>
          Close psychotherapy notes
        </button>
      </div>
      {drafts.length === 0 ? <p className="field-hint">No psychotherapy notes for this session.</p> : null}
      {drafts.map((draft, index) => (
        <div key={draft.note.id} className="psychotherapy-note stack">
          <TextAreaField
            label={`Psychotherapy note ${index + 1}`}
            hint={`Started ${formatDateTime(draft.note.createdAt)}`}
            rows={6}
            data-psychotherapy-note={draft.note.id}
            value={draft.text}
            onChange={(event) => psychotherapy.getState().editNote(draft.note.id, event.target.value)}
            onBlur={() => void psychotherapy.getState().flush()}
          />
          <div className="actions">
            <SaveStatus state={draft.saveState} error={draft.saveError} />
            <button type="button" className="button button-quiet" onClick={() => setRemoving(draft.note.id)}>
              Delete note {index + 1}
            </button>
          </div>
        </div>
      ))}
      <FormError message={failure} />
      <div className="actions">
        <button type="button" className="button button-psychotherapy add-psychotherapy-note" onClick={() => void addNote()}>
          Add psychotherapy note
        </button>
      </div>
      {removing ? (
        <ConfirmDialog
          title="Delete this psychotherapy note?"
          confirmLabel="Delete note"
          danger
          onCancel={() => setRemoving(null)}
          onConfirm={() => {
            const id = removing;
            setRemoving(null);
            void run(() => psychotherapy.getState().removeNote(id));
          }}
        >
          <p>The note is removed from the vault for good.</p>
        </ConfirmDialog>
      ) : null}
    </div>
  );
}

/**
 * Psychotherapy notes (45 CFR 164.501): a panel apart from the progress note,
 * closed until opened with the passphrase again, relocked by main when idle.
 * Its text lives only in the psychotherapy store and is rendered only here.
 */
export function PsychotherapyPanel({ sessionId }: { sessionId: string }) {
  const { psychotherapy } = useStores();
  const open = useStore(psychotherapy, selectIsOpen);
  const [asking, setAsking] = useState(false);
  const headingId = useId();

  useEffect(() => {
    if (open) setAsking(false);
  }, [open]);

  return (
    <section className="section psychotherapy" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <span className="psychotherapy-mark" aria-hidden="true">
          ◆
        </span>{' '}
        Psychotherapy notes
      </h2>
      <p className="psychotherapy-note-intro">
        Your private process notes. Kept apart from the clinical record, never exported, and locked again after a few
        minutes without use.
      </p>
      {open ? (
        <OpenPanel />
      ) : asking ? (
        <OpenForm sessionId={sessionId} onCancel={() => setAsking(false)} />
      ) : (
        <div className="actions">
          <button type="button" className="button button-psychotherapy open-psychotherapy-notes" onClick={() => setAsking(true)}>
            Open psychotherapy notes…
          </button>
        </div>
      )}
    </section>
  );
}
