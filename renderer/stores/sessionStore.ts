import { dequal } from 'dequal';
import { createStore } from 'zustand/vanilla';
import type { CarriedPart } from '../../shared/clinical/carryForward';
import { carriedPartsOf, carryStructure } from '../../shared/clinical/carryForward';
import type { NoteStructureInput } from '../../shared/clinical/noteStructure';
import { emptyStructureInput, structureInputOf } from '../../shared/clinical/noteStructure';
import type { CustomTemplate } from '../../shared/domain/noteTemplates';
import type { Client, Diagnosis, ProgressNote, Session, TreatmentPlan } from '../../shared/domain/records';
import type { SessionInput } from '../../shared/domain/schemas';
import type { SyncConflictView } from '../../shared/domain/sync';
import type { TemplateField, TemplateId } from '../../shared/templates';
import { noteTemplate, TEMPLATE_IDS, TEMPLATES } from '../../shared/templates';
import type { VaultApi } from '../api/vaultApi';
import { ApiError, isLockedError } from '../api/vaultApi';
import { describeError } from '../api/errorText';
import { createAutosave } from './autosave';
import { latestReads } from './latestReads';

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
  /** The custom template the draft is written in, when it is one. */
  customTemplateId: string | null;
  /** The clinician's templates, to choose from while the draft is blank. */
  customTemplates: CustomTemplate[];
  fields: Record<string, string>;
  structure: NoteStructureInput;
  /** What the structured parts pick from: the client's diagnoses, the plan in force, the clinician's own interventions. */
  diagnoses: Diagnosis[];
  plan: TreatmentPlan | null;
  ownInterventions: string[];
  saveState: SaveState;
  saveError: string | null;
  loadError: string | null;
  /** Sync conflicts about this note not resolved yet: the editor says so and opens them. */
  conflicts: SyncConflictView[];
}

export const DEFAULT_TEMPLATE: TemplateId = 'SOAP';

export function blankFields(fields: readonly TemplateField[]): Record<string, string> {
  return Object.fromEntries(fields.map((field) => [field.id, '']));
}

/** The sections being written: the note's own template copy, the custom template chosen, or the built-in one. */
export function selectTemplate(state: Pick<SessionState, 'note' | 'templateId' | 'customTemplateId' | 'customTemplates'>): {
  name: string;
  fields: readonly TemplateField[];
} {
  const { note, customTemplateId } = state;
  if (customTemplateId) {
    if (note?.template?.customId === customTemplateId) return note.template;
    const custom = state.customTemplates.find((template) => template.id === customTemplateId);
    if (custom) return custom;
  }
  return TEMPLATES[state.templateId];
}

export function getEmptySessionState(): SessionState {
  return {
    sessionId: null,
    session: null,
    client: null,
    note: null,
    previous: null,
    templateId: DEFAULT_TEMPLATE,
    customTemplateId: null,
    customTemplates: [],
    fields: blankFields(TEMPLATES[DEFAULT_TEMPLATE].fields),
    structure: emptyStructureInput(),
    diagnoses: [],
    plan: null,
    ownInterventions: [],
    saveState: 'idle',
    saveError: null,
    loadError: null,
    conflicts: [],
  };
}

// Actions

export interface SessionActions {
  open(sessionId: string): Promise<void>;
  /** A built-in template id or a custom template's id. */
  chooseTemplate(choice: string): void;
  editField(fieldId: string, text: string): void;
  editStructure(change: (structure: NoteStructureInput) => NoteStructureInput): void;
  /** Saves a pending edit now and waits for every save in flight. */
  flush(): Promise<void>;
  sign(): Promise<void>;
  addAddendum(text: string): Promise<void>;
  /**
   * Takes the previous note's template and copies only its carry-forward
   * sections, and the structured parts the template carries, into this empty
   * draft; what was copied, or null when there is no earlier note.
   */
  startFromPrevious(): Promise<CarriedContent | null>;
  /** Changes the session's date, times, modality, location or status; main refuses once the note is signed. */
  saveSession(input: Omit<SessionInput, 'clientId'>): Promise<void>;
  /** Deletes the session; main refuses while it has any note. */
  removeSession(): Promise<void>;
  /**
   * Reads the note and its conflicts again after sync changed them (an
   * import, a resolve). The stored text replaces the editor's only when no
   * edit is waiting to be saved, so nothing typed is dropped: the waiting
   * edit is then saved on the version the editor showed, main keeps the
   * import as a conflict, and the notice shows it once saved. A save, the
   * signature or an addendum that replies meanwhile, or a later reread, makes
   * this reply older than what is shown: it is read again or dropped. Never throws.
   */
  refreshNote(): Promise<void>;
  /**
   * Before a conflict about this note is resolved: saves what was typed, so
   * the resolve starts from it; refuses while an edit cannot be saved.
   */
  settleBeforeResolve(recordId: string): Promise<void>;
  reset(): void;
}

export type SessionStore = SessionState & SessionActions;

/** The section ids and structured parts "Start from the previous note" filled. */
export interface CarriedContent {
  fields: string[];
  parts: CarriedPart[];
}

/** The conflicts about one note, from every conflict sync holds. */
function conflictsOfNote(conflicts: readonly SyncConflictView[], noteId: string | undefined): SyncConflictView[] {
  return conflicts.filter((conflict) => conflict.kind === 'progressNote' && conflict.recordId === noteId);
}

export function createSessionStore(api: VaultApi, autosaveDelayMs: number) {
  return createStore<SessionStore>()((set, get) => {
    /** Bumped on reset and on opening another session, so late replies are dropped. */
    let generation = 0;
    let revision = 0;
    /** An import changed the note while an edit waited: the save after it may keep that import as a conflict. */
    let importWhileEditing = false;

    /** Every conflict, or none when they cannot be read: the notice is a hint, the note opens either way. */
    const allConflicts = () => api.invoke('sync.conflicts', {}).catch((): SyncConflictView[] => []);
    const hasUnsavedEdit = () => ['pending', 'saving', 'error'].includes(get().saveState);

    /** The note read again after an import or a resolve; a save, the signature or an addendum replying meanwhile makes it read again. */
    const reads = latestReads(async () => {
      const { sessionId } = get();
      if (!sessionId) return null;
      const started = generation;
      const typed = revision;
      let read: [ProgressNote | null, SyncConflictView[]];
      try {
        read = await Promise.all([api.invoke('progressNotes.getForSession', { sessionId }), allConflicts()]);
      } catch {
        // Locked meanwhile, or the session deleted elsewhere: what is on screen stays until it is opened again.
        return null;
      }
      if (started !== generation) return null;
      const [note, conflicts] = read;
      return () => {
        const current = get().note;
        // An addendum changes the note without changing its updatedAt; the whole record is compared, whatever order a reply gives its keys.
        const changed = !dequal(note, current);
        if (note !== null && changed && (typed !== revision || hasUnsavedEdit())) importWhileEditing = true;
        if (note === null || !changed || typed !== revision || hasUnsavedEdit()) {
          set({ conflicts: conflictsOfNote(conflicts, current?.id ?? note?.id) });
          return;
        }
        set({
          note,
          templateId: note.templateId,
          customTemplateId: note.template?.customId ?? null,
          fields: { ...note.fields },
          structure: structureInputOf(note.structure),
          conflicts: conflictsOfNote(conflicts, note.id),
          saveState: 'idle',
          saveError: null,
        });
      };
    });

    const saveDraft = async () => {
      const { sessionId, templateId, customTemplateId, fields, structure, note } = get();
      if (!sessionId || note?.status === 'signed') return;
      const started = generation;
      const savedRevision = revision;
      const recheckConflicts = importWhileEditing;
      importWhileEditing = false;
      set({ saveState: 'saving' });
      try {
        const saved = await api.invoke('progressNotes.saveDraft', {
          sessionId,
          templateId,
          ...(customTemplateId ? { customTemplateId } : {}),
          fields,
          structure,
          basedOn: note?.storedVersion ?? null,
        });
        if (started !== generation) return;
        reads.wrote();
        if (saved.status === 'signed') {
          // Signed on another computer while this edit waited: main kept the edit as an addendum suggestion; the editor shows the signed note.
          set({ note: saved, fields: { ...saved.fields }, structure: structureInputOf(saved.structure), saveError: null, saveState: 'idle' });
        } else {
          set({ note: saved, saveError: null, saveState: revision === savedRevision ? 'saved' : 'pending' });
        }
        // The save may have kept the import as a conflict: a reread shows it, and a later reread's list is never replaced by an older one.
        if (recheckConflicts) await reads.reread();
      } catch (error) {
        if (recheckConflicts) importWhileEditing = true;
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
        importWhileEditing = false;
        const started = generation;
        set({ ...getEmptySessionState(), sessionId });
        try {
          const session = await api.invoke('sessions.get', { id: sessionId });
          const [client, note, customTemplates, diagnoses, plans, settings, conflicts] = await Promise.all([
            api.invoke('clients.get', { id: session.clientId }),
            api.invoke('progressNotes.getForSession', { sessionId }),
            api.invoke('noteTemplates.list', {}),
            api.invoke('diagnoses.listForClient', { clientId: session.clientId }),
            api.invoke('treatmentPlans.get', { clientId: session.clientId }),
            api.invoke('settings.get', {}),
            allConflicts(),
          ]);
          if (started !== generation) return;
          const templateId = note?.templateId ?? DEFAULT_TEMPLATE;
          set({
            session,
            client,
            note,
            templateId,
            customTemplateId: note?.template?.customId ?? null,
            customTemplates,
            fields: note ? { ...note.fields } : blankFields(TEMPLATES[templateId].fields),
            structure: structureInputOf(note?.structure),
            diagnoses,
            plan: plans.current,
            ownInterventions: settings.interventions,
            conflicts: conflictsOfNote(conflicts, note?.id),
          });
        } catch (error) {
          if (started === generation && !isLockedError(error)) set({ loadError: describeError(error) });
        }
      },

      chooseTemplate(choice) {
        if (selectHasText(get()) || get().note?.status === 'signed') return;
        const custom = get().customTemplates.find((template) => template.id === choice);
        const builtIn = (TEMPLATE_IDS as readonly string[]).includes(choice) ? (choice as TemplateId) : null;
        if (!custom && !builtIn) return;
        const templateId = custom?.basedOn ?? builtIn!;
        set({ templateId, customTemplateId: custom?.id ?? null, fields: blankFields(custom?.fields ?? TEMPLATES[templateId].fields) });
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

      editStructure(change) {
        if (get().note?.status === 'signed') return;
        revision += 1;
        set({ structure: change(get().structure), saveState: 'pending', saveError: null });
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
        if (started !== generation) return;
        reads.wrote();
        set({ note: signed, fields: { ...signed.fields }, structure: structureInputOf(signed.structure), saveState: 'idle' });
        // Signing marks a scheduled session attended in main; the controls show the session as it now is.
        // The note is signed either way, so a failed read leaves the old status until the next visit.
        const session = await api.invoke('sessions.get', { id: signed.sessionId }).catch(() => null);
        if (session && started === generation) set({ session });
      },

      async addAddendum(text) {
        const started = generation;
        const note = await api.invoke('progressNotes.addAddendum', { noteId: requireNote().id, text });
        if (started !== generation) return;
        reads.wrote();
        set({ note });
      },

      async startFromPrevious() {
        const { sessionId } = get();
        if (!sessionId || selectHasText(get())) return null;
        const started = generation;
        const previous = await api.invoke('progressNotes.previous', { sessionId });
        if (!previous || started !== generation) return null;
        // A custom template deleted since is replaced by the built-in one it was made from.
        const customId = previous.template?.customId;
        const custom = get().customTemplates.find((template) => template.id === customId);
        const template = custom ?? TEMPLATES[previous.templateId];
        const carriedHere = new Set(noteTemplate(previous).fields.filter((field) => field.carryForward).map((field) => field.id));
        const carried = template.fields
          .filter((field) => carriedHere.has(field.id) && (previous.fields[field.id] ?? '').trim())
          .map((field) => field.id);
        const fields = blankFields(template.fields);
        for (const id of carried) fields[id] = previous.fields[id] ?? '';
        const active = new Set(get().diagnoses.filter((diagnosis) => diagnosis.status === 'active').map((diagnosis) => diagnosis.id));
        const parts = carryStructure(get().structure, previous.structure, carriedPartsOf(custom), active);
        set({ templateId: previous.templateId, customTemplateId: custom?.id ?? null, fields, structure: parts.structure, previous });
        if (carried.length > 0 || parts.carried.length > 0) {
          revision += 1;
          set({ saveState: 'pending' });
          autosave.schedule('draft');
          await autosave.flush();
        }
        return { fields: carried, parts: parts.carried };
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

      refreshNote: reads.reread,

      async settleBeforeResolve(recordId) {
        if (get().note?.id !== recordId) return;
        await autosave.flush();
        if (hasUnsavedEdit()) {
          throw new ApiError('INVALID_INPUT', 'The note open in the editor has changes that could not be saved. Save them before resolving this conflict');
        }
      },

      reset() {
        autosave.cancel();
        generation += 1;
        importWhileEditing = false;
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
