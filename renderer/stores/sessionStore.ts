import { createStore } from 'zustand/vanilla';
import type { Client, ProgressNote, Session } from '../../shared/domain/records';
import type { SessionInput } from '../../shared/domain/schemas';
import type { TemplateId } from '../../shared/templates';
import { carriedFieldIds, templateFieldIds } from '../../shared/templates';
import type { VaultApi } from '../api/vaultApi';
import { ApiError, isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';
import { createAutosave } from './autosave';

// State

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'error';

/** The session being written up: its progress note as saved, and as being edited. */
export interface SessionState {
  sessionId: string | null;
  session: Session | null;
  client: Client | null;
  note: ProgressNote | null;
  /** The note "Start from the previous note" drew on, shown read-only beside the editor. */
  previous: ProgressNote | null;
  templateId: TemplateId;
  fields: Record<string, string>;
  saveState: SaveState;
  saveError: string | null;
  loadError: string | null;
}

export const DEFAULT_TEMPLATE: TemplateId = 'SOAP';

export function blankFields(templateId: TemplateId): Record<string, string> {
  return Object.fromEntries(templateFieldIds(templateId).map((id) => [id, '']));
}

export function getEmptySessionState(): SessionState {
  return {
    sessionId: null,
    session: null,
    client: null,
    note: null,
    previous: null,
    templateId: DEFAULT_TEMPLATE,
    fields: blankFields(DEFAULT_TEMPLATE),
    saveState: 'idle',
    saveError: null,
    loadError: null,
  };
}

// Actions

export interface SessionActions {
  open(sessionId: string): Promise<void>;
  chooseTemplate(templateId: TemplateId): void;
  editField(fieldId: string, text: string): void;
  /** Saves a pending edit now and waits for every save in flight. */
  flush(): Promise<void>;
  sign(): Promise<void>;
  addAddendum(text: string): Promise<void>;
  /**
   * Takes the previous note's template and copies only its carry-forward
   * sections into this empty draft; the ids copied, or null when there is no
   * earlier note.
   */
  startFromPrevious(): Promise<string[] | null>;
  /** Changes the session's date, times, modality, location or status; main refuses once the note is signed. */
  saveSession(input: Omit<SessionInput, 'clientId'>): Promise<void>;
  /** Deletes the session; main refuses while it has any note. */
  removeSession(): Promise<void>;
  reset(): void;
}

export type SessionStore = SessionState & SessionActions;

export function createSessionStore(api: VaultApi, autosaveDelayMs: number) {
  return createStore<SessionStore>()((set, get) => {
    /** Bumped on reset and on opening another session, so late replies are dropped. */
    let generation = 0;
    let revision = 0;

    const saveDraft = async () => {
      const { sessionId, templateId, fields, note } = get();
      if (!sessionId || note?.status === 'signed') return;
      const started = generation;
      const savedRevision = revision;
      set({ saveState: 'saving' });
      try {
        const saved = await api.invoke('progressNotes.saveDraft', { sessionId, templateId, fields });
        if (started !== generation) return;
        set({ note: saved, saveError: null, saveState: revision === savedRevision ? 'saved' : 'pending' });
      } catch (error) {
        if (started !== generation || isLockedError(error)) return;
        set({ saveState: 'error', saveError: describeError(error) });
      }
    };
    const autosave = createAutosave<'draft'>(autosaveDelayMs, saveDraft);

    const requireNote = (): ProgressNote => {
      const { note } = get();
      if (!note) throw new ApiError('INVALID_INPUT', 'Write the note before signing it');
      return note;
    };

    return {
      ...getEmptySessionState(),

      async open(sessionId) {
        await autosave.flush();
        generation += 1;
        const started = generation;
        set({ ...getEmptySessionState(), sessionId });
        try {
          const session = await api.invoke('sessions.get', { id: sessionId });
          const [client, note] = await Promise.all([
            api.invoke('clients.get', { id: session.clientId }),
            api.invoke('progressNotes.getForSession', { sessionId }),
          ]);
          if (started !== generation) return;
          const templateId = note?.templateId ?? DEFAULT_TEMPLATE;
          set({ session, client, note, templateId, fields: note ? { ...note.fields } : blankFields(templateId) });
        } catch (error) {
          if (started === generation && !isLockedError(error)) set({ loadError: describeError(error) });
        }
      },

      chooseTemplate(templateId) {
        if (selectHasText(get()) || get().note?.status === 'signed') return;
        set({ templateId, fields: blankFields(templateId) });
        if (get().note) {
          revision += 1;
          set({ saveState: 'pending' });
          autosave.schedule('draft');
        }
      },

      editField(fieldId, text) {
        if (get().note?.status === 'signed') return;
        revision += 1;
        set({ fields: { ...get().fields, [fieldId]: text }, saveState: 'pending', saveError: null });
        autosave.schedule('draft');
      },

      flush: () => autosave.flush(),

      async sign() {
        await autosave.flush();
        if (get().saveState === 'error') throw new ApiError('INTERNAL', get().saveError ?? 'The draft is not saved');
        const note = requireNote();
        if (!selectHasText(get())) throw new ApiError('INVALID_INPUT', 'Write the note before signing it');
        const started = generation;
        const signed = await api.invoke('progressNotes.sign', { noteId: note.id });
        if (started === generation) set({ note: signed, fields: { ...signed.fields }, saveState: 'idle' });
      },

      async addAddendum(text) {
        const started = generation;
        const note = await api.invoke('progressNotes.addAddendum', { noteId: requireNote().id, text });
        if (started === generation) set({ note });
      },

      async startFromPrevious() {
        const { sessionId } = get();
        if (!sessionId || selectHasText(get())) return null;
        const started = generation;
        const previous = await api.invoke('progressNotes.previous', { sessionId });
        if (!previous || started !== generation) return null;
        const carried = carriedFieldIds(previous.templateId).filter((id) => (previous.fields[id] ?? '').trim());
        const fields = blankFields(previous.templateId);
        for (const id of carried) fields[id] = previous.fields[id] ?? '';
        set({ templateId: previous.templateId, fields, previous });
        if (carried.length > 0) {
          revision += 1;
          set({ saveState: 'pending' });
          autosave.schedule('draft');
          await autosave.flush();
        }
        return carried;
      },

      async saveSession(input) {
        const { session } = get();
        if (!session) throw new ApiError('INVALID_INPUT', 'No session is open');
        const started = generation;
        const saved = await api.invoke('sessions.update', { id: session.id, session: { ...input, clientId: session.clientId } });
        if (started === generation) set({ session: saved });
      },

      async removeSession() {
        const { session } = get();
        if (!session) throw new ApiError('INVALID_INPUT', 'No session is open');
        await autosave.flush();
        await api.invoke('sessions.remove', { id: session.id });
      },

      reset() {
        autosave.cancel();
        generation += 1;
        set(getEmptySessionState());
      },
    };
  });
}

// Selectors

export function selectHasText(state: SessionState): boolean {
  return Object.values(state.fields).some((text) => text.trim().length > 0);
}

export function selectIsSigned(state: SessionState): boolean {
  return state.note?.status === 'signed';
}
