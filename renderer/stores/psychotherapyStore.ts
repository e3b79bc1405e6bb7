import { dequal } from 'dequal';
import { createStore } from 'zustand/vanilla';
import type { ClientPsychotherapyNote, PsychotherapyNote } from '../../shared/domain/records';
import type { SyncConflictView } from '../../shared/domain/sync';
import type { VaultApi } from '../api/vaultApi';
import { ApiError, isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';
import { createAutosave } from './autosave';
import { latestReads } from './latestReads';
import type { SaveState } from './sessionStore';

// State

export interface PsychotherapyDraft {
  note: PsychotherapyNote;
  text: string;
  saveState: SaveState;
  saveError: string | null;
}

/**
 * The psychotherapy compartment as the window sees it: open or not, the
 * notes of the session on screen, and the list of one client's notes. The
 * compartment stays open across screens until main closes it (its idle timer,
 * an explicit close, the vault locking). It holds text only while open; every
 * close, relock or lock empties it.
 */
export interface PsychotherapyState {
  isOpen: boolean;
  /** The session whose notes are in `drafts`. */
  sessionId: string | null;
  drafts: PsychotherapyDraft[];
  /** One client's notes, for the client page's list; loaded on request. */
  clientNotes: { clientId: string; notes: ClientPsychotherapyNote[] } | null;
  /** Notes captured while closed for the session on screen: a count only, their text never reaches the window. */
  sealed: { sessionId: string; count: number } | null;
  /** When main will relock the compartment (ms since epoch), for the countdown. */
  relockAt: number | null;
  loadError: string | null;
  /** Sync conflicts about the notes in `drafts` not resolved yet (no text). */
  conflicts: SyncConflictView[];
}

export function getEmptyPsychotherapyState(): PsychotherapyState {
  return { isOpen: false, sessionId: null, drafts: [], clientNotes: null, sealed: null, relockAt: null, loadError: null, conflicts: [] };
}

// Actions

export interface PsychotherapyActions {
  /** Opens the compartment in main; sealed notes are opened there into ordinary notes. */
  open(passphrase: string): Promise<void>;
  /**
   * Loads a session's notes into `drafts`, saving the previous session's first.
   * Only the latest load fills them: a slower reply for a session left since is dropped.
   */
  loadSession(sessionId: string): Promise<void>;
  loadClient(clientId: string): Promise<void>;
  /** Seals a note in main while the compartment is closed; the text is dropped here once sent. */
  capture(sessionId: string, text: string): Promise<void>;
  loadSealedCount(sessionId: string): Promise<void>;
  /** Adds an empty note to this session once its notes are loaded (waiting for a load under way); refuses when they cannot be. */
  addNote(sessionId: string): Promise<void>;
  editNote(noteId: string, text: string): void;
  removeNote(noteId: string): Promise<void>;
  flush(): Promise<void>;
  /**
   * Reads the session's notes again after sync changed them (an import, a
   * resolve); a note with an edit waiting to be saved keeps what was typed.
   * A save that replies meanwhile makes the list and its conflicts older than
   * what it stored: they are read again; a later reread makes this one's
   * reply older: it is dropped, and this waits for the later one. Never throws.
   */
  refreshNotes(): Promise<void>;
  /** Before a conflict about one of the session's notes is resolved: saves what was typed; refuses while it cannot be saved. */
  settleBeforeResolve(noteId: string): Promise<void>;
  /** Saves, then shuts the compartment in main; the state event empties this store. */
  close(): Promise<void>;
  reset(): void;
}

export type PsychotherapyStore = PsychotherapyState & PsychotherapyActions;

export function createPsychotherapyStore(api: VaultApi, autosaveDelayMs: number) {
  return createStore<PsychotherapyStore>()((set, get) => {
    let generation = 0;
    /** The latest session load asked for; its number tells a stale reply from the current one. */
    let loads = 0;
    let loading: { sessionId: string; done: Promise<void> } | null = null;
    const revisions = new Map<string, number>();
    /** Notes an import changed while an edit waited: the save after it may keep that import as a conflict. */
    const importedWhileEditing = new Set<string>();

    const updateDraft = (noteId: string, change: Partial<PsychotherapyDraft>) => {
      set({ drafts: get().drafts.map((draft) => (draft.note.id === noteId ? { ...draft, ...change } : draft)) });
    };

    /** Main restarts the relock timer on every psychotherapy call; ask it when it now fires. */
    const refreshDeadline = async (started: number) => {
      try {
        const status = await api.invoke('vault.status', {});
        if (started === generation && get().isOpen) {
          set({ relockAt: status.psychotherapyIdleMs === null ? null : Date.now() + status.psychotherapyIdleMs });
        }
      } catch {
        // The countdown is a courtesy; main's own timer still relocks on time.
      }
    };

    const saveNote = async (noteId: string) => {
      const draft = get().drafts.find((candidate) => candidate.note.id === noteId);
      if (!draft) return;
      const started = generation;
      const revision = revisions.get(noteId) ?? 0;
      const recheckConflicts = importedWhileEditing.delete(noteId);
      updateDraft(noteId, { saveState: 'saving' });
      try {
        const note = await api.invoke('psychotherapyNotes.update', { id: noteId, text: draft.text, basedOn: draft.note.storedVersion ?? null });
        if (started !== generation) return;
        reads.wrote();
        updateDraft(noteId, {
          note,
          saveError: null,
          saveState: revisions.get(noteId) === revision ? 'saved' : 'pending',
        });
        // The save may have kept the import as a conflict: a reread shows it, and a later reread's list is never replaced by an older one.
        if (recheckConflicts) await reads.reread();
        await refreshDeadline(started);
      } catch (error) {
        if (recheckConflicts) importedWhileEditing.add(noteId);
        if (started === generation && !isLockedError(error)) {
          updateDraft(noteId, { saveState: 'error', saveError: describeError(error) });
        }
      }
    };
    const autosave = createAutosave<string>(autosaveDelayMs, saveNote);

    const unsaved = (draft: PsychotherapyDraft | undefined) => draft !== undefined && ['pending', 'saving', 'error'].includes(draft.saveState);

    /** The conflicts about these notes; none when they cannot be read, since the notice is a hint. */
    const conflictsOf = async (notes: readonly PsychotherapyNote[]): Promise<SyncConflictView[]> => {
      const ids = new Set(notes.map((note) => note.id));
      const all = await api.invoke('sync.conflicts', {}).catch((): SyncConflictView[] => []);
      return all.filter((conflict) => conflict.kind === 'psychotherapyNote' && ids.has(conflict.recordId));
    };

    const toDraft = (note: PsychotherapyNote): PsychotherapyDraft => ({
      note,
      text: note.text,
      saveState: 'idle',
      saveError: null,
    });

    /** The session's notes read again after an import or a resolve; a save replying meanwhile (its conflicts too) makes them read again. */
    const reads = latestReads(async () => {
      const { sessionId, isOpen } = get();
      if (!sessionId || !isOpen) return null;
      const started = generation;
      const typed = new Map(revisions);
      const shown = new Set(get().drafts.map((draft) => draft.note.id));
      let notes: PsychotherapyNote[];
      let conflicts: SyncConflictView[];
      try {
        notes = await api.invoke('psychotherapyNotes.listForSession', { sessionId });
        conflicts = await conflictsOf(notes);
      } catch {
        // Closed or locked meanwhile: the drafts are emptied by that event, not here.
        return null;
      }
      if (started !== generation || get().sessionId !== sessionId) return null;
      const listed = new Set(notes.map((note) => note.id));
      return () => {
        const drafts = new Map(get().drafts.map((draft) => [draft.note.id, draft]));
        const kept = (note: PsychotherapyNote) => {
          const draft = drafts.get(note.id);
          if (!draft) return toDraft(note);
          const unchanged = dequal(draft.note, note);
          const editing = unsaved(draft) || typed.get(note.id) !== revisions.get(note.id);
          if (!unchanged && editing) importedWhileEditing.add(note.id);
          return unchanged || editing ? draft : toDraft(note);
        };
        // A note added while the list was read is not in it yet, and stays; one deleted meanwhile still is, and stays out.
        const added = get().drafts.filter((draft) => !listed.has(draft.note.id));
        const current = notes.filter((note) => drafts.has(note.id) || !shown.has(note.id));
        set({ drafts: [...current.map(kept), ...added], conflicts });
      };
    });

    return {
      ...getEmptyPsychotherapyState(),

      async open(passphrase) {
        const started = generation;
        await api.invoke('psychotherapy.open', { passphrase });
        if (started !== generation) return;
        set({ isOpen: true, loadError: null, sealed: null });
        await refreshDeadline(started);
      },

      loadSession(sessionId) {
        loads += 1;
        const load = loads;
        const done = (async () => {
          await autosave.flush();
          const started = generation;
          const notes = await api.invoke('psychotherapyNotes.listForSession', { sessionId });
          const conflicts = await conflictsOf(notes);
          if (started !== generation || load !== loads) return;
          set({ sessionId, drafts: notes.map(toDraft), conflicts });
          await refreshDeadline(started);
        })();
        loading = { sessionId, done };
        return done;
      },

      async loadClient(clientId) {
        const started = generation;
        const notes = await api.invoke('psychotherapyNotes.listForClient', { clientId });
        if (started !== generation) return;
        set({ clientNotes: { clientId, notes } });
        await refreshDeadline(started);
      },

      async capture(sessionId, text) {
        const started = generation;
        const { sealedCount } = await api.invoke('psychotherapyCapture.seal', { sessionId, text });
        if (started !== generation) return;
        set({ sealed: { sessionId, count: sealedCount } });
      },

      async loadSealedCount(sessionId) {
        const started = generation;
        const { sealedCount } = await api.invoke('psychotherapyCapture.count', { sessionId });
        if (started !== generation) return;
        set({ sealed: { sessionId, count: sealedCount } });
      },

      async addNote(sessionId) {
        const started = generation;
        // Asked for while the session's notes were still being read: the note belongs after them, and to this session.
        if (get().sessionId !== sessionId && loading?.sessionId === sessionId) await loading.done.catch(() => undefined);
        if (started !== generation) return;
        if (get().sessionId !== sessionId) {
          throw new ApiError('INVALID_INPUT', 'The psychotherapy notes of this session could not be read, so no note was added');
        }
        const note = await api.invoke('psychotherapyNotes.create', { sessionId, text: '' });
        if (started !== generation || get().sessionId !== sessionId) return;
        // A reread that began after the note was stored already lists it.
        if (!get().drafts.some((draft) => draft.note.id === note.id)) set({ drafts: [...get().drafts, toDraft(note)] });
        await refreshDeadline(started);
      },

      editNote(noteId, text) {
        revisions.set(noteId, (revisions.get(noteId) ?? 0) + 1);
        updateDraft(noteId, { text, saveState: 'pending', saveError: null });
        autosave.schedule(noteId);
      },

      async removeNote(noteId) {
        const started = generation;
        await api.invoke('psychotherapyNotes.remove', { id: noteId });
        if (started !== generation) return;
        set({ drafts: get().drafts.filter((draft) => draft.note.id !== noteId) });
        await refreshDeadline(started);
      },

      flush: () => autosave.flush(),

      refreshNotes: reads.reread,

      async settleBeforeResolve(noteId) {
        if (!get().drafts.some((draft) => draft.note.id === noteId)) return;
        await autosave.flush();
        if (unsaved(get().drafts.find((draft) => draft.note.id === noteId))) {
          throw new ApiError('INVALID_INPUT', 'The psychotherapy note open on screen has changes that could not be saved. Save them before resolving this conflict');
        }
      },

      async close() {
        await autosave.flush();
        get().reset();
        await api.invoke('psychotherapy.close', {});
      },

      reset() {
        autosave.cancel();
        revisions.clear();
        importedWhileEditing.clear();
        generation += 1;
        loading = null;
        set(getEmptyPsychotherapyState());
      },
    };
  });
}

// Selectors

export const selectIsOpen = (state: PsychotherapyState): boolean => state.isOpen;
export const selectRelockAt = (state: PsychotherapyState): number | null => state.relockAt;
export const selectClientNotes = (state: PsychotherapyState) => state.clientNotes;
