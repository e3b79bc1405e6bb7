import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { useStore } from 'zustand';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { bindValue, TextAreaField, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { FormError } from '../../components/FormError';
import { formatCountdown, formatDateTime } from '../../components/format';
import { useNow } from '../../components/useNow';
import { useSubmit } from '../../components/useSubmit';
import type { PsychotherapyDraft } from '../../stores/psychotherapyStore';
import { selectIsOpen, selectRelockAt } from '../../stores/psychotherapyStore';
import { useStores } from '../../stores/StoresContext';
import { ConflictNotices } from '../settings/ConflictNotices';
import { describeError } from '../../api/errorText';
import { SaveStatus } from '../session/SaveStatus';
import { PsychotherapySection } from './PsychotherapySection';

export function OpenForm({ onCancel, onOpened }: { onCancel(): void; onOpened(): void }) {
  const { psychotherapy } = useStores();
  const [passphrase, setPassphrase] = useState('');
  const submit = useSubmit();

  const open = async (event: FormEvent) => {
    event.preventDefault();
    if (!passphrase) return;
    const tried = passphrase;
    // Clears only the refused passphrase: what was retyped while "Opening…" showed stays.
    if (await submit.run(() => psychotherapy.getState().open(tried))) onOpened();
    else setPassphrase((current) => (current === tried ? '' : current));
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

function noteField(container: HTMLElement | null, noteId: string): HTMLElement | null {
  const fields = container?.querySelectorAll<HTMLElement>('[data-psychotherapy-note]') ?? [];
  return [...fields].find((field) => field.dataset.psychotherapyNote === noteId) ?? null;
}

function focusLast(container: HTMLElement | null, selector: string): void {
  const matches = container?.querySelectorAll<HTMLElement>(selector);
  matches?.[matches.length - 1]?.focus();
}

/** How many sealed notes the session holds, asked of main when the session is shown. */
function useSealedCount(sessionId: string): number {
  const { psychotherapy } = useStores();
  const count = useStore(psychotherapy, (state) => (state.sealed?.sessionId === sessionId ? state.sealed.count : 0));
  useEffect(() => {
    void psychotherapy.getState().loadSealedCount(sessionId).catch(() => undefined);
  }, [psychotherapy, sessionId]);
  return count;
}

/** Sealed notes left after opening: altered, or sealed to a key pair the vault no longer holds. */
function UnreadableSealed({ sessionId }: { sessionId: string }) {
  const count = useSealedCount(sessionId);
  if (count === 0) return null;
  return (
    <p className="field-error" role="status">
      {count === 1 ? 'One sealed note' : `${count} sealed notes`} could not be opened: altered, or sealed to a key this vault no
      longer holds.
    </p>
  );
}

export function RelockBar() {
  const { psychotherapy } = useStores();
  const relockAt = useStore(psychotherapy, selectRelockAt);
  const now = useNow(relockAt !== null);
  const { failure, run } = useSubmit();
  return (
    <>
      <div className="psychotherapy-bar">
        <p className="relock" role="timer" aria-live="off">
          {relockAt !== null ? `Relocks in ${formatCountdown(relockAt - now)} without activity` : 'Open'}
        </p>
        <button type="button" className="button" onClick={() => void run(() => psychotherapy.getState().close())}>
          Close psychotherapy notes
        </button>
      </div>
      <FormError message={failure} />
    </>
  );
}

/** One empty list for every render: a fresh [] from a selector would never compare equal and re-render forever. */
const NO_DRAFTS: readonly PsychotherapyDraft[] = [];

function OpenPanel({ sessionId, focusFirst }: { sessionId: string; focusFirst: boolean }) {
  const { psychotherapy } = useStores();
  const containerRef = useRef<HTMLDivElement>(null);
  const loaded = useStore(psychotherapy, (state) => state.sessionId === sessionId);
  const drafts = useStore(psychotherapy, (state) => (state.sessionId === sessionId ? state.drafts : NO_DRAFTS));
  const conflicts = useStore(psychotherapy, (state) => state.conflicts);
  const [removing, setRemoving] = useState<string | null>(null);
  const [loadFailure, setLoadFailure] = useState<string | null>(null);
  const { failure, run } = useSubmit();

  useEffect(() => {
    if (loaded) return;
    setLoadFailure(null);
    psychotherapy
      .getState()
      .loadSession(sessionId)
      .catch((error: unknown) => setLoadFailure(describeError(error)));
  }, [loaded, psychotherapy, sessionId]);

  // Focus moves here only right after the therapist opened the compartment, never when a screen merely shows it open.
  useEffect(() => {
    if (!focusFirst || !loaded) return;
    const first = containerRef.current?.querySelector<HTMLElement>('textarea, .add-psychotherapy-note');
    first?.focus();
  }, [focusFirst, loaded]);

  /** Keys typed while the new note is being created; null when not creating one. */
  const typedAhead = useRef<string | null>(null);

  const addNote = async () => {
    typedAhead.current = '';
    const added = await run(() => psychotherapy.getState().addNote(sessionId));
    const typed = typedAhead.current;
    typedAhead.current = null;
    focusLast(containerRef.current, 'textarea');
    const last = psychotherapy.getState().drafts.at(-1);
    if (added && typed && last) psychotherapy.getState().editNote(last.note.id, typed);
  };

  // Typing starts before the new note's field exists; those keys go into it rather than nowhere.
  const keepTypedAhead = (event: KeyboardEvent<HTMLDivElement>) => {
    if (typedAhead.current === null || event.key.length !== 1 || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    typedAhead.current += event.key;
  };

  return (
    <div className="stack" ref={containerRef} onKeyDownCapture={keepTypedAhead}>
      <RelockBar />
      <UnreadableSealed sessionId={sessionId} />
      <FormError message={loadFailure} />
      {!loaded && !loadFailure ? (
        <p className="field-hint" role="status">
          Loading psychotherapy notes…
        </p>
      ) : null}
      {loaded && drafts.length === 0 ? <p className="field-hint">No psychotherapy notes for this session.</p> : null}
      {drafts.map((draft, index) => (
        <div key={draft.note.id} className="psychotherapy-note stack">
          <ConflictNotices
            conflicts={conflicts.filter((conflict) => conflict.recordId === draft.note.id)}
            record={`Psychotherapy note ${index + 1}`}
            beforeReview={() => psychotherapy.getState().flush()}
            focusAfter={() => noteField(containerRef.current, draft.note.id)}
          />
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

/** The notes captured while closed: a count, never their text, which main alone could unseal. */
function SealedList({ sessionId }: { sessionId: string }) {
  const count = useSealedCount(sessionId);
  if (count === 0) return null;
  return (
    <ul className="sealed-notes" aria-label="Sealed psychotherapy notes">
      {Array.from({ length: count }, (_, index) => (
        <li key={index} className="sealed-note">
          <span className="psychotherapy-mark" aria-hidden="true">
            ◆
          </span>{' '}
          Sealed note {index + 1}: sealed, open the compartment to read
        </li>
      ))}
    </ul>
  );
}

/**
 * Quick capture while the compartment is closed: the text goes to main, is
 * sealed there to the compartment's public key and is dropped here at once.
 */
function CaptureForm({ sessionId, onSealed, onCancel }: { sessionId: string; onSealed(): void; onCancel(): void }) {
  const { psychotherapy } = useStores();
  const [text, setText] = useState('');
  const submit = useSubmit();

  const seal = async (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      submit.setFailure('Write the note first.');
      return;
    }
    if (await submit.run(() => psychotherapy.getState().capture(sessionId, text))) {
      setText('');
      onSealed();
    }
  };

  return (
    <form className="stack" onSubmit={seal} noValidate>
      <TextAreaField
        label="Sealed psychotherapy note"
        hint="Sealed as soon as you save it: it cannot be read here again until the psychotherapy notes are opened with the passphrase."
        rows={5}
        autoFocus
        {...bindValue(text, setText)}
        error={submit.failure}
        required
      />
      <FormActions submit="Seal note" submitting="Sealing…" busy={submit.busy} blocked={!text.trim()} psychotherapy onCancel={onCancel} />
    </form>
  );
}

type ClosedMode = 'idle' | 'asking' | 'capturing';

function ClosedPanel({ sessionId, onOpened }: { sessionId: string; onOpened(): void }) {
  const [mode, setMode] = useState<ClosedMode>('idle');
  const captureButton = useRef<HTMLButtonElement>(null);
  const [captured, setCaptured] = useState(false);

  useEffect(() => {
    if (mode === 'idle' && captured) captureButton.current?.focus();
  }, [mode, captured]);

  return (
    <div className="stack">
      <SealedList sessionId={sessionId} />
      {captured ? (
        <p className="field-hint" role="status">
          Note sealed. Open the psychotherapy notes to read it.
        </p>
      ) : null}
      {mode === 'asking' ? (
        <OpenForm onCancel={() => setMode('idle')} onOpened={onOpened} />
      ) : mode === 'capturing' ? (
        <CaptureForm
          sessionId={sessionId}
          onSealed={() => {
            setCaptured(true);
            setMode('idle');
          }}
          onCancel={() => setMode('idle')}
        />
      ) : (
        <div className="actions">
          <button type="button" className="button button-psychotherapy open-psychotherapy-notes" onClick={() => setMode('asking')}>
            Open psychotherapy notes…
          </button>
          <button
            type="button"
            className="button"
            ref={captureButton}
            onClick={() => {
              setCaptured(false);
              setMode('capturing');
            }}
          >
            Quick capture (sealed)
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * Psychotherapy notes (45 CFR 164.501): a panel apart from the progress note,
 * closed until opened with the passphrase again, relocked by main when idle.
 * It stays open from one screen to the next until main closes it. Its text
 * lives only in the psychotherapy store and is rendered only here and in the
 * client page's list.
 */
export function PsychotherapyPanel({ sessionId }: { sessionId: string }) {
  const { psychotherapy } = useStores();
  const open = useStore(psychotherapy, selectIsOpen);
  const [justOpened, setJustOpened] = useState(false);

  useEffect(() => {
    if (!open) setJustOpened(false);
  }, [open]);

  return (
    <PsychotherapySection intro="Your private process notes. Kept apart from the clinical record, never exported, and locked again after a few minutes without use.">
      {open ? (
        <OpenPanel sessionId={sessionId} focusFirst={justOpened} />
      ) : (
        <ClosedPanel sessionId={sessionId} onOpened={() => setJustOpened(true)} />
      )}
    </PsychotherapySection>
  );
}
